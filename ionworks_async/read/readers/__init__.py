"""One module a cycler; :data:`READERS` in the order files are tried against them.

The specific readers come first, the generic ``csv`` and ``parquet`` last, so
a file goes to the reader of the cycler that wrote it.
"""

from __future__ import annotations

from .._reader import Reader
from .arbin import ArbinReader
from .basytec import BasytecReader
from .bdf import BdfReader
from .biologic import BiologicTextReader
from .generic import CsvReader, ParquetReader
from .landt import LandtReader
from .maccor import MaccorReader
from .neware import NewareReader
from .novonix import NovonixReader
from .pec import PecReader

__all__ = ["ALIASES", "READERS"]

READERS: tuple[Reader, ...] = (
    MaccorReader(),
    ArbinReader(),
    BasytecReader(),
    NovonixReader(),
    LandtReader(),
    PecReader(),
    NewareReader(),
    BiologicTextReader(),
    BdfReader(),
    CsvReader(),
    ParquetReader(),
)
"""Every reader, in the order a file is tried against them."""

ALIASES: dict[str, str] = {"biologic mpt": "biologic", "biologic_mpt": "biologic"}
"""Other keys ionworksdata accepts for the same reader."""
