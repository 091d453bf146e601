"""Delimited text exports read with pyarrow's CSV reader, header parsed by us.

The header line is found by the reader (after any preamble) and split here,
so that blank, duplicated or trailing names never confuse pyarrow; each
column is read as the type asked for, and a row that does not fit is an
error naming its line, never a silently skipped row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..tables.table import _pyarrow
from ._errors import CorruptFileError
from ._source import Head

__all__ = ["Layout", "first_row", "header_names", "read_columns", "sniff_delimiter"]

NULLS = ["", "N/A", "NA", "NaN", "nan", "-", "--", "#N/A", "null", "None"]


def sniff_delimiter(line: str) -> str:
    """Return the delimiter of a header line: tab, semicolon or comma."""
    counts = {delimiter: line.count(delimiter) for delimiter in ("\t", ";", ",")}
    return max(counts, key=lambda delimiter: counts[delimiter])


def header_names(line: str, delimiter: str) -> list[str]:
    """Split a header line into unique, stripped names (blanks named ``_blank<i>``)."""
    raw = next(csv.reader([line], delimiter=delimiter))
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(raw):
        name = name.strip().lstrip("\ufeff").strip()
        if not name:
            name = f"_blank{index}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        names.append(name)
    return names


@attrs.frozen
class Layout:
    """Where a text export's table is: the header line, delimiter and encoding.

    Attributes
    ----------
    header_line : int
        Index of the header line (0 for no preamble).
    delimiter : str
        The field separator.
    encoding : str
        The file's text encoding.
    names : list of str
        The column names, unique (see :func:`header_names`).
    decimal_comma : bool
        Whether numbers use a decimal comma (``3,6952``).
    skip_after_header : int
        Lines between the header and the data (a units row).
    """

    header_line: int
    delimiter: str
    encoding: str
    names: list[str]
    decimal_comma: bool = False
    skip_after_header: int = 0

    @classmethod
    def at(
        cls,
        head: Head,
        header_line: int,
        *,
        delimiter: str | None = None,
        strip_prefix: str = "",
        skip_after_header: int = 0,
    ) -> Layout:
        """Describe the table whose header is line ``header_line`` of ``head``."""
        line = head.lines[header_line]
        if strip_prefix and line.startswith(strip_prefix):
            line = line[len(strip_prefix) :]
        separator = delimiter or sniff_delimiter(line)
        names = header_names(line, separator)
        first_data = header_line + 1 + skip_after_header
        sample = head.lines[first_data : first_data + 50]
        width = max(
            [len(next(csv.reader([row], delimiter=separator))) for row in sample if row]
            or [len(names)]
        )
        names += [f"_extra{index}" for index in range(len(names), width)]
        while len(names) > width and names[-1].startswith("_blank"):
            names.pop()  # a trailing delimiter on the header line only
        decimal_comma = separator != "," and _uses_decimal_comma(sample, separator)
        assert head.encoding is not None
        return cls(
            header_line,
            separator,
            head.encoding,
            names,
            decimal_comma,
            skip_after_header,
        )


def first_row(head: Head, layout: Layout) -> dict[str, str]:
    """Return the first data row of a text export, by column name."""
    index = layout.header_line + 1 + layout.skip_after_header
    for line in head.lines[index:]:
        if line.strip():
            values = next(csv.reader([line], delimiter=layout.delimiter))
            return dict(zip(layout.names, values, strict=False))
    return {}


_COMMA_NUMBER = re.compile(r"(?<![\d.,])-?\d+,\d+(?![\d.,])")
_DOT_NUMBER = re.compile(r"(?<![\d.,])-?\d+\.\d+(?![\d.,])")


def _uses_decimal_comma(rows: list[str], delimiter: str) -> bool:
    """Whether the sample's numbers are written ``1,25`` rather than ``1.25``."""
    text = "\n".join(rows).replace(delimiter, " ")
    return len(_COMMA_NUMBER.findall(text)) > len(_DOT_NUMBER.findall(text))


def read_columns(
    path: Path,
    layout: Layout,
    numbers: Collection[str],
    strings: Collection[str] = (),
    *,
    renames: Mapping[str, str] | None = None,
) -> Any:
    """Read the named columns of a text export as a pyarrow table.

    Parameters
    ----------
    path : Path
        The file.
    layout : Layout
        Where the table is in it.
    numbers, strings : collections of str
        The columns to read as float64 and as text (others are not read).
    renames : mapping, optional
        New names for columns of the result.

    Returns
    -------
    pyarrow.Table
        The columns, in the order asked for.

    Raises
    ------
    CorruptFileError
        When a row has more fields than the header, or a number is not one.
    """
    pa = _pyarrow()
    import pyarrow.csv as pacsv

    wanted = [*numbers, *strings]
    missing = [name for name in wanted if name not in layout.names]
    if missing:  # the readers ask only for what the header has
        raise CorruptFileError(path, f"no column {missing[0]!r} in its header")
    bad_rows: list[str] = []

    def invalid(row: Any) -> str:
        bad_rows.append(row.text)
        return "skip"

    types = {name: pa.float64() for name in numbers}
    types.update({name: pa.string() for name in strings})
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                skip_rows=layout.header_line + 1 + layout.skip_after_header,
                column_names=layout.names,
                encoding=layout.encoding,
                block_size=1 << 20,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=layout.delimiter,
                invalid_row_handler=invalid,
                newlines_in_values=False,
            ),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted,
                column_types=types,
                null_values=NULLS,
                strings_can_be_null=True,
                decimal_point="," if layout.decimal_comma else ".",
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError) as error:
        raise CorruptFileError(path, _arrow_message(error)) from None
    if bad_rows:
        raise CorruptFileError(
            path,
            f"{len(bad_rows)} rows do not have the header's {len(layout.names)} "
            f"fields (the first at line {_line_of(path, layout, bad_rows[0])}): "
            "the file is cut or mixes tables",
        )
    if renames:
        table = table.rename_columns([renames.get(n, n) for n in table.column_names])
    return table


def _line_of(path: Path, layout: Layout, text: str) -> int:
    """Find the 1-based line number of a row's text (only to report it)."""
    with path.open(encoding=layout.encoding, errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if line.rstrip("\r\n") == text.rstrip("\r\n"):
                return number
    return 0


def _arrow_message(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    return f"it could not be read as its table: {text}"
