"""One module a cycler; :data:`READERS` in the order files are tried against them.

The specific readers come first, the generic ``csv`` and ``parquet`` last, so
a file goes to the reader of the cycler that wrote it.
"""

from __future__ import annotations

from .._reader import Reader
from .._source import Head
from .arbin import ArbinReader
from .arbin_res import ArbinResReader
from .basytec import BasytecReader
from .bdf import BdfReader
from .biologic import BiologicTextReader
from .biologic_mpr import BiologicMprReader
from .digatron import DigatronReader
from .excel import ExcelReader
from .gamry import GamryReader
from .generic import CsvReader, ParquetReader
from .landt import LandtReader
from .maccor import MaccorReader
from .neware import NewareReader
from .neware_binary import NewareBinaryReader
from .neware_nested import NewareNestedReader
from .novonix import NovonixReader
from .pec import PecReader
from .repower import RepowerReader

__all__ = ["ALIASES", "READERS"]


def _dialect_of(head: Head) -> Reader | None:
    """Return the reader of a workbook's sheet written as CSV, if any."""
    for reader in READERS:
        if reader.key != "excel" and reader.recognises(head):
            return reader
    return None


READERS: tuple[Reader, ...] = (
    MaccorReader(),
    ArbinReader(),
    ArbinResReader(),
    BasytecReader(),
    NovonixReader(),
    LandtReader(),
    PecReader(),
    DigatronReader(),
    RepowerReader(),
    NewareReader(),
    NewareBinaryReader(),
    NewareNestedReader(),
    BiologicTextReader(),
    BiologicMprReader(),
    GamryReader(),
    BdfReader(),
    ExcelReader(_dialect_of),
    CsvReader(),
    ParquetReader(),
)
"""Every reader, in the order a file is tried against them."""

ALIASES: dict[str, str] = {
    "biologic mpt": "biologic",
    "biologic_mpt": "biologic",
    "biologic_mpr": "biologic mpr",
    "neware ndax": "neware nda",
    "arbin_res": "arbin res",
    "neware_nda": "neware nda",
    "neware_ndax": "neware nda",
}
"""Other keys ionworksdata accepts for the same reader."""
