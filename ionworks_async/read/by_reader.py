"""ionworksdata's one function a reader: ``read.maccor(path)``, ``read.neware(path)``...

Each reads a file as that cycler's, with the reader of that cycler that
recognises it (a Neware name reads ``.csv``, ``.nda``, ``.ndax`` and BTSDA
workbooks alike), and returns its time series as :func:`.functions.time_series`
does. A file no reader of that cycler recognises is read by the first one,
which says what it is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..types import Frame
from ._detect import reader_named
from ._head import Head
from .functions import time_series
from .reading import Filename

__all__ = [
    "arbin",
    "arbin_eis",
    "arbin_res",
    "basytec",
    "bdf",
    "biologic",
    "biologic_csv",
    "biologic_mpt",
    "csv",
    "digatron",
    "gamry",
    "maccor",
    "neware",
    "novonix",
    "parquet",
    "repower",
]

Mappings = Mapping[str, str] | None
Options = Mapping[str, Any] | None


def _read(
    keys: tuple[str, ...], filename: Filename, mappings: Mappings, options: Options
) -> Frame:
    """Read ``filename`` with the first reader of ``keys`` that recognises it."""
    head = Head.checked(filename)
    chosen = next(
        (key for key in keys if _recognises(key, head)),
        keys[0],
    )
    return time_series(filename, chosen, mappings, None, options)


def _recognises(key: str, head: Head) -> bool:
    try:
        return reader_named(key).recognises(head)
    except Exception:  # a head too damaged to look at: the reading will say
        return False


def arbin(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read an Arbin export: CSV, ``.res`` database or workbook."""
    return _read(
        ("arbin", "arbin res", "excel"), filename, extra_column_mappings, options
    )


def arbin_eis(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read an Arbin workbook (its records; ionworksdata reads its ACIM sheets)."""
    return _read(("excel", "arbin"), filename, extra_column_mappings, options)


def arbin_res(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read an Arbin MITS Pro ``.res`` database."""
    return _read(("arbin res",), filename, extra_column_mappings, options)


def basytec(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a BaSyTec result export."""
    return _read(("basytec",), filename, extra_column_mappings, options)


def bdf(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a Battery Data Format file (CSV, gzipped CSV or parquet)."""
    return _read(("bdf",), filename, extra_column_mappings, options)


def biologic(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a BioLogic export: ``.mpt``, ``.txt``, ``;``-separated, or ``.mpr``."""
    return _read(("biologic", "biologic mpr"), filename, extra_column_mappings, options)


def biologic_mpt(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a BioLogic ``.mpt`` (as :func:`biologic`)."""
    return biologic(filename, extra_column_mappings, options)


def biologic_csv(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a BioLogic plain CSV export (``time_s``, ``Ecell_V``, ``I_mA``...)."""
    return biologic(filename, extra_column_mappings, options)


def csv(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a CSV file in (or mapped to) the API's columns."""
    return _read(("csv",), filename, extra_column_mappings, options)


def digatron(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a Digatron export."""
    return _read(("digatron",), filename, extra_column_mappings, options)


def gamry(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a Gamry ``.DTA`` file."""
    return _read(("gamry",), filename, extra_column_mappings, options)


def maccor(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a Maccor export: text, CSV or workbook."""
    return _read(("maccor", "excel"), filename, extra_column_mappings, options)


def neware(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a Neware file: BTSDA CSV, nested export, ``.nda``/``.ndax``, workbook."""
    keys = ("neware", "neware nda", "neware nested", "excel")
    return _read(keys, filename, extra_column_mappings, options)


def novonix(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a Novonix export."""
    return _read(("novonix",), filename, extra_column_mappings, options)


def parquet(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a parquet file in (or mapped to) the API's columns."""
    return _read(("parquet",), filename, extra_column_mappings, options)


def repower(
    filename: Filename, extra_column_mappings: Mappings = None, options: Options = None
) -> Frame:
    """Read a Repower export."""
    return _read(("repower",), filename, extra_column_mappings, options)
