"""Text exports described by their columns: which header is which field, in what unit.

Most cyclers' text exports differ only in their preamble and spellings. A
reader names, for each field of :class:`~._columns.CyclerColumns`, the
spellings its cycler uses; a header's unit is read from it (``Current (mA)``, ``I/mA``,
``U[V]``, ``current_A``) and converted to SI.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from ..analysis.kernels import one_array
from ..tables.bridge import arrow_array, floats, missing
from ..tables.table import pyarrow_module
from ._columns import ARRAYS, CurrentSign, CyclerColumns
from ._head import Head
from ._text import Layout, first_row, read_columns
from ._units import epoch_seconds, scale_of, seconds
from .errors import CorruptFileError, UnknownFormatError, article

__all__ = [
    "Field",
    "Loader",
    "base_name",
    "find_column",
    "parquet_loader",
    "parquet_names",
    "read_mapped",
    "read_text",
    "split_unit",
    "text_loader",
]

_BRACKETED = re.compile(r"^(.*?)\s*[\(\[]\s*([^\)\]]*?)\s*[\)\]]\s*$")

Kind = Literal["number", "duration", "moment", "text"]


@functools.lru_cache(maxsize=1024)
def split_unit(header: str) -> tuple[str, str | None]:
    """Split a header into its name and unit: ``"I/mA"`` -> ``("I", "mA")``."""
    text = header.strip()
    match = _BRACKETED.match(text)
    if match and match.group(1):
        return match.group(1), match.group(2)
    if "#" in text:  # Digatron's Voltage#V, AhCha#AH
        name, _, unit = text.rpartition("#")
        if name and scale_of(unit) is not None:
            return name, unit
    if "/" in text:
        name, _, unit = text.rpartition("/")
        if name and scale_of(unit) is not None:
            return name, unit
    if "_" in text:
        # snake_case with the unit last: current_A, test_time_s, capacity_Ah
        name, _, unit = text.rpartition("_")
        is_unit = scale_of(unit) is not None and (
            unit[:1].isupper() or len(unit) > 2 or unit in ("s", "ms", "h", "ah", "wh")
        )
        if name and is_unit:
            return name, unit
    return text, None


def base_name(header: str) -> str:
    """Return a header's name without its unit, lower case, ``_`` as a space."""
    name, _ = split_unit(header)
    return re.sub(r"\s+", " ", name.replace("_", " ")).strip().lower()


@attrs.frozen
class Field:
    """One field of :class:`~._columns.CyclerColumns` as a cycler spells it.

    Attributes
    ----------
    name : str
        The :class:`~._columns.CyclerColumns` attribute (``"time"``,
        ``"current"``, ...), or the name a further column takes in the time
        series (``"Ambient temperature [degC]"``: kept in ``extras``).
    spellings : tuple of str
        Header names without units (matched as :func:`base_name` gives them).
    kind : {"number", "duration", "moment", "text"}
        How the values are written (``moment``: ISO 8601 date-times, read as
        epoch seconds).
    scale : float
        The factor to SI when the header names no unit.
    required : bool
        Whether a file without it is refused.
    """

    name: str
    spellings: tuple[str, ...]
    kind: Kind = "number"
    scale: float = 1.0
    required: bool = False


@functools.lru_cache(maxsize=256)
def _bases(
    names: tuple[str, ...], aliases: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    """Each header's base name (after the caller's renames), computed once."""
    renamed = dict(aliases)
    return {name: base_name(renamed.get(name, name)) for name in names}


def find_column(
    names: list[str],
    spellings: tuple[str, ...],
    aliases: Mapping[str, str] | None = None,
) -> str | None:
    """Return the first header whose base name is one of ``spellings``.

    ``aliases`` renames headers first (the caller's ``extra_column_mappings``:
    ``{"V": "Voltage [V]"}`` makes ``V`` a voltage column).
    """
    bases = _bases(tuple(names), tuple(sorted((aliases or {}).items())))
    for spelling in spellings:
        wanted = spelling.lower()
        for name, base in bases.items():
            if base == wanted:
                return name
    return None


Loader = Callable[[list[str], list[str], list[str]], Any]
"""Reads the named number and text columns of a file as a pyarrow table, or
as an iterator of tables (the file's blocks, in order). Its third argument
names the text columns that hold durations: a loader may read them as
numbers where they are written so (seconds), the rest as text."""


def text_loader(head: Head, layout: Layout) -> Loader:
    """Return a loader of a text export's columns (:func:`~._text.read_columns`).

    A file that its head holds whole is parsed from the head's bytes, not
    read a second time.
    """

    def load(numbers: list[str], strings: list[str], durations: list[str]) -> Any:
        row = first_row(head, layout) if durations else {}
        plain = [name for name in durations if _plain_number(row.get(name))]
        return read_columns(
            head.path,
            layout,
            numbers,
            strings,
            data=head.whole,
            size=head.size,
            numbers_first=plain,
        )

    return load


def read_mapped(
    path: Path,
    names: list[str],
    load: Loader,
    fields: tuple[Field, ...],
    *,
    current_sign: CurrentSign,
    cycler: str,
    metadata: Mapping[str, Any] | None = None,
    adjust: Callable[[dict[str, Any]], None] | None = None,
    aliases: Mapping[str, str] | None = None,
    blockwise: bool = True,
) -> CyclerColumns:
    """Read the fields of a text export into a :class:`~._columns.CyclerColumns`.

    Parameters
    ----------
    path : Path
        The file.
    names : list of str
        The file's column names.
    load : Loader
        Reads columns of it (:func:`text_loader`, or a parquet reader).
    fields : tuple of Field
        What to read.
    current_sign : CurrentSign
        The cycler's sign convention.
    cycler : str
        The cycler's name, for messages.
    metadata : mapping, optional
        What the reader read from the header.
    adjust : callable, optional
        Called with the converted columns (by field name) before they are
        assembled, to fix what only that cycler does.
    aliases : mapping, optional
        The caller's ``extra_column_mappings`` (file column -> API column).
    blockwise : bool
        Whether ``adjust`` may see the file a block at a time (False: it
        needs whole steps, so the file is read as one block).

    Returns
    -------
    CyclerColumns
        The first block; its ``more`` yields the others as they are read.

    Raises
    ------
    UnknownFormatError
        When a required field has no column, naming the columns found.
    """
    pa = pyarrow_module()

    chosen: dict[str, tuple[Field, str]] = {}
    for field in fields:
        column = find_column(names, field.spellings, aliases)
        if column is None:
            if field.required:
                found = ", ".join(n for n in names if not n.startswith("_"))
                raise UnknownFormatError(
                    path,
                    f"looks like {article(cycler)} {cycler} export but has no "
                    f"{field.name} column "
                    f"(one of {', '.join(repr(s) for s in field.spellings)}); "
                    f"columns found: {found}",
                )
            continue
        if field.name not in chosen:
            chosen[field.name] = (field, column)
    numbers = sorted({c for f, c in chosen.values() if f.kind == "number"})
    strings = sorted({c for f, c in chosen.values() if f.kind != "number"})
    durations = sorted({c for f, c in chosen.values() if f.kind == "duration"})
    loaded = load(numbers, strings, durations)
    tables = iter([loaded] if isinstance(loaded, pa.Table) else loaded)
    if not blockwise:  # ``adjust`` looks at whole steps: one block
        tables = iter([pa.concat_tables(list(tables))])
    mapping = {name: column for name, (_, column) in chosen.items()}

    def raw_of(table: Any) -> CyclerColumns:
        values = _converted(table, chosen, aliases)
        if adjust is not None:
            adjust(values)
        extras = {name: values.pop(name) for name in list(values) if name not in ARRAYS}
        return CyclerColumns(
            current_sign=current_sign,
            mapping=mapping,
            metadata=dict(metadata or {}),
            extras=extras,
            **values,
        )

    first = raw_of(next(tables))
    first.more = (raw_of(table) for table in tables)
    return first


def _converted(
    table: Any,
    chosen: Mapping[str, tuple[Field, str]],
    aliases: Mapping[str, str] | None,
) -> dict[str, Any]:
    """Convert a block's columns to SI, by field name."""
    pa = pyarrow_module()
    import pyarrow.compute as pc

    values: dict[str, Any] = {}
    for name, (field, column) in chosen.items():
        array = one_array(table.column(column))
        if field.kind == "text":
            values[name] = array
            continue
        if field.kind == "duration":
            array = seconds(array)
        elif field.kind == "moment":
            values[name] = epoch_seconds(array)
            continue
        _, unit = split_unit((aliases or {}).get(column, column))
        scale = scale_of(unit) if unit else None
        factor = field.scale if scale is None else scale
        if array.type != pa.float64():
            array = pc.cast(array, pa.float64(), safe=False)
        values[name] = array if factor == 1.0 else _scaled(array, factor)
    return values


def _scaled(array: Any, factor: float) -> Any:
    """Multiply a float64 array by ``factor`` in numpy (missing values stay so)."""
    return arrow_array(floats(array) * factor, missing(array))


def read_text(
    head: Head,
    layout: Layout,
    fields: tuple[Field, ...],
    *,
    current_sign: CurrentSign,
    cycler: str,
    metadata: Mapping[str, Any] | None = None,
    adjust: Callable[[dict[str, Any]], None] | None = None,
    aliases: Mapping[str, str] | None = None,
    blockwise: bool = True,
) -> CyclerColumns:
    """Read a text export's fields: :func:`read_mapped` on its layout."""
    return read_mapped(
        head.path,
        layout.names,
        text_loader(head, layout),
        fields,
        current_sign=current_sign,
        cycler=cycler,
        metadata=metadata,
        adjust=adjust,
        aliases=aliases,
        blockwise=blockwise,
    )


def parquet_names(path: Path) -> list[str]:
    """Return a parquet file's column names (CorruptFileError: unreadable)."""
    pa = pyarrow_module()
    import pyarrow.parquet as pq

    try:
        return list(pq.read_schema(path).names)
    except (pa.ArrowInvalid, OSError) as error:
        raise CorruptFileError(path, f"not a readable parquet file ({error})") from None


def _plain_number(text: str | None) -> bool:
    """Whether a value is written as a plain number (not ``HH:MM:SS``)."""
    if text is None or ":" in text:
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def parquet_loader(path: Path) -> Loader:
    """Return a :data:`Loader` of a parquet file's columns."""

    def load(numbers: list[str], strings: list[str], durations: list[str]) -> Any:
        pa = pyarrow_module()
        import pyarrow.parquet as pq

        try:
            # ParquetFile, not read_table: that one imports pandas for the
            # pandas metadata a frame's parquet carries (once a process)
            with pq.ParquetFile(path) as parquet:
                return parquet.read(columns=[*numbers, *strings])
        except (pa.ArrowInvalid, OSError) as error:
            raise CorruptFileError(
                path, f"its parquet data is damaged ({error})"
            ) from None

    return load
