"""Delimited text exports read with pyarrow's CSV reader, header parsed by us.

The header line is found by the reader (after any preamble) and split here,
so that blank, duplicated or trailing names never confuse pyarrow; each
column is read as the type asked for, and a row that does not fit is an
error naming its line, never a silently skipped row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import attrs

from ..tables.table import pyarrow_module
from ._arrow import arrow_buffer, note_csv_read
from ._head import Head
from ._mending import Ended, cut_line, unwrapped, wrapped
from ._text_damage import arrow_message, diagnosed
from .errors import CorruptFileError

__all__ = [
    "BLOCK_BYTES",
    "PARALLEL_BYTES",
    "WHOLE_BYTES",
    "Layout",
    "first_row",
    "header_names",
    "read_columns",
    "sniff_delimiter",
    "stream_block",
]

BLOCK_BYTES = 1 << 20
"""How much text a block of a streamed text export holds (about 10,000 rows;
pyarrow's streaming reader holds some tens of blocks, so larger blocks cost
memory)."""
WHOLE_BYTES = 16 << 20
"""Text exports up to this size are read at once, in parallel blocks."""
PARALLEL_BYTES = 128 << 10
"""The smallest block of a text export read at once (see :func:`_whole_block`)."""

NULLS = ["", "N/A", "NA", "NaN", "nan", "-", "--", "#N/A", "null", "None"]


def _whole_block(size: int) -> int:
    """Return the block a whole file is parsed in: about a quarter of it.

    pyarrow's threads share the blocks; each costs a task and a chunk to
    combine, so a block holds :data:`PARALLEL_BYTES` to :data:`BLOCK_BYTES`.
    """
    return min(BLOCK_BYTES, max(PARALLEL_BYTES, size // 4))


def stream_block(size: int) -> int | None:
    """Return the block a text file of ``size`` bytes is streamed in (None: whole).

    For readers that read a file their own way: the same bounds as
    :func:`read_columns` keeps.
    """
    return None if size <= WHOLE_BYTES else BLOCK_BYTES


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
    preamble_bytes : int
        About how many bytes precede the data (pyarrow must skip them within
        its first block).
    wrapped : bool
        Whether each line is one quoted field (``"a,b,c"``, as some Novonix
        exports write): read as the fields inside the quotes.
    """

    header_line: int
    delimiter: str
    encoding: str
    names: list[str]
    decimal_comma: bool = False
    skip_after_header: int = 0
    preamble_bytes: int = 0
    wrapped: bool = False

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
        first_data = header_line + 1 + skip_after_header
        sample = head.lines[first_data : first_data + 20]
        quoted = wrapped(line) and all(wrapped(row) for row in sample if row)
        if quoted:
            line, sample = line[1:-1], [row[1:-1] for row in sample]
        separator = delimiter or sniff_delimiter(line)
        names = header_names(line, separator)
        width = max(
            [_field_count(row, separator) for row in sample if row] or [len(names)]
        )
        names += [f"_extra{index}" for index in range(len(names), width)]
        while len(names) > width and names[-1].startswith("_blank"):
            names.pop()  # a trailing delimiter on the header line only
        decimal_comma = separator != "," and _uses_decimal_comma(sample, separator)
        assert head.encoding is not None
        preamble = (
            len(
                "\n".join(head.lines[:first_data]).encode(
                    head.encoding, errors="replace"
                )
            )
            + 2 * first_data
        )
        return cls(
            header_line,
            separator,
            head.encoding,
            names,
            decimal_comma,
            skip_after_header,
            preamble,
            quoted,
        )


def _field_count(row: str, delimiter: str) -> int:
    """How many fields a line holds (quoted fields parsed only where there are)."""
    if '"' not in row:
        return row.count(delimiter) + 1
    return len(next(csv.reader([row], delimiter=delimiter)))


def first_row(head: Head, layout: Layout) -> dict[str, str]:
    """Return the first data row of a text export, by column name."""
    index = layout.header_line + 1 + layout.skip_after_header
    for line in head.lines[index:]:
        if line.strip():
            if layout.wrapped and wrapped(line):
                line = line[1:-1]
            values = next(csv.reader([line], delimiter=layout.delimiter))
            return dict(zip(layout.names, values, strict=False))
    return {}


_COMMA_NUMBER = re.compile(r"(?<![\d.,])-?\d+,\d+(?![\d.,])")
_DOT_NUMBER = re.compile(r"(?<![\d.,])-?\d+\.\d+(?![\d.,])")


def _uses_decimal_comma(rows: list[str], delimiter: str) -> bool:
    """Whether the sample's numbers are written ``1,25`` rather than ``1.25``."""
    text = "\n".join(rows).replace(delimiter, " ")
    if "," not in text:
        return False
    return len(_COMMA_NUMBER.findall(text)) > len(_DOT_NUMBER.findall(text))


def read_columns(
    path: Path,
    layout: Layout,
    numbers: Collection[str],
    strings: Collection[str] = (),
    *,
    data: bytes | None = None,
    size: int | None = None,
    numbers_first: Collection[str] = (),
) -> Iterator[Any]:
    """Read the named columns of a text export, a block at a time.

    A file of up to :data:`WHOLE_BYTES` is read at once, its blocks parsed
    in parallel; a larger one is streamed, :data:`BLOCK_BYTES` at a time.

    Parameters
    ----------
    path : Path
        The file.
    layout : Layout
        Where the table is in it.
    numbers, strings : collections of str
        The columns to read as float64 and as text (others are not read).
    data : bytes, optional
        The file's whole content, when it is at hand: parsed instead of
        reading ``path``.
    size : int, optional
        The file's size, when it is known (else it is looked up).
    numbers_first : collection of str
        Text columns that may be numbers all through (durations written in
        seconds): a file read at once reads them as float64, and as text
        only if one of them is not a number (a streamed file: as text).

    Yields
    ------
    pyarrow.Table
        The columns, in the order asked for; at least one table (empty for
        a file without rows).

    Raises
    ------
    CorruptFileError
        When a row has more fields than the header, or a number is not one
        (when the block holding it is read).
    """
    pa = pyarrow_module()
    import pyarrow.csv as pacsv

    wanted = [*numbers, *strings]
    missing = [name for name in wanted if name not in layout.names]
    if missing:  # the readers ask only for what the header has
        raise CorruptFileError(path, f"no column {missing[0]!r} in its header")
    types = {name: pa.float64() for name in numbers}
    types.update({name: pa.string() for name in strings})
    if layout.wrapped:  # the quotes off, in memory (a rare dialect)
        data = unwrapped(path.read_bytes() if data is None else data)
    if data is not None:
        size = len(data)
    elif size is None:
        size = path.stat().st_size
    cut = cut_line(path, data, size, layout.delimiter, len(layout.names))
    stream: Any = None
    if cut is not None:  # a copy taken while the cycler wrote its last line
        keep, ending = cut
        if data is not None:
            data = data[:keep] + ending
        else:
            stream = Ended(path, keep, ending)
        size = keep + len(ending)
    whole = size <= WHOLE_BYTES
    # pyarrow reads UTF-8 itself and skips a BOM: no transcoding
    encoding = "utf8" if layout.encoding == "utf-8-sig" else layout.encoding

    def options(handler: Any = None, encoding: str = encoding) -> dict[str, Any]:
        return {
            "read_options": pacsv.ReadOptions(
                skip_rows=layout.header_line + 1 + layout.skip_after_header,
                column_names=layout.names,
                encoding=encoding,
                # the preamble must lie within the first block
                block_size=max(
                    _whole_block(size) if whole else BLOCK_BYTES,
                    2 * layout.preamble_bytes + 4096,
                ),
            ),
            "parse_options": pacsv.ParseOptions(
                delimiter=layout.delimiter,
                invalid_row_handler=handler,
                newlines_in_values=False,
            ),
            "convert_options": pacsv.ConvertOptions(
                include_columns=wanted,
                column_types=types,
                null_values=NULLS,
                strings_can_be_null=True,
                decimal_point="," if layout.decimal_comma else ".",
            ),
        }

    def source() -> Any:
        if stream is not None:
            return pa.PythonFile(stream.reopened(), mode="r")
        return path if data is None else pa.BufferReader(arrow_buffer(data))

    try:
        if whole:
            # A latin-1 file of numbers only is read as UTF-8: its numbers are
            # ASCII and its header is split by us, so nothing needs the codec
            # pyarrow would transcode it with (in Python, a fifth of a read).
            plain = "utf8" if encoding == "latin-1" and not strings else encoding
            table: Any = None
            if numbers_first:  # as numbers, the cheaper read, if they all are
                types.update(dict.fromkeys(numbers_first, pa.float64()))
                texts = set(strings) - set(numbers_first)
                numeric = "utf8" if encoding == "latin-1" and not texts else encoding
                table = _at_once(source(), options(encoding=numeric))
                types.update(dict.fromkeys(numbers_first, pa.string()))
            if table is None or isinstance(table, Exception):
                table = _at_once(source(), options(encoding=plain))
            if isinstance(table, Exception):  # a row did not parse: name it
                raise diagnosed(path, len(layout.names), table, source, options)
            note_csv_read()  # its reader is dropped from now on, on pyarrow's threads
            if any(column.num_chunks > 1 for column in table.columns):
                table = table.combine_chunks()  # one call, not one a column later
            yield table
            return
        with pacsv.open_csv(source(), **options()) as reader:
            empty = True
            try:
                for batch in _read_ahead(reader):
                    empty = False
                    note_csv_read()
                    yield pa.Table.from_batches([batch])
            except pa.ArrowInvalid as error:
                raise diagnosed(
                    path, len(layout.names), error, source, options
                ) from None
            if empty:
                yield reader.schema.empty_table()
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError) as error:
        raise CorruptFileError(path, arrow_message(error)) from None


def _at_once(source: Any, options: dict[str, Any]) -> Any:
    """Read a whole text export, without a row handler; the error if it fails.

    A file that reads cleanly, as almost every one does, costs no Python
    handler; one that does not is read again by :func:`_diagnosed`, its
    handler noting each row that does not fit, to name the first.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        return pacsv.read_csv(source, **options)
    except pa.ArrowInvalid as error:
        return error


def _read_ahead(batches: Iterator[Any]) -> Iterator[Any]:
    """Yield ``batches``, the next parsed in a thread while the caller uses this one.

    pyarrow parses a streamed block without the GIL, so a file's reading and
    its normalisation share the cores; one block is read ahead, no more.
    """
    from concurrent.futures import ThreadPoolExecutor
    from contextvars import copy_context

    context = copy_context()  # what the reading warns of is heard by its listener

    def following() -> Any:
        return context.run(next, batches, None)

    with ThreadPoolExecutor(1, thread_name_prefix="ionworks-read") as pool:
        pending = pool.submit(following)
        while (batch := pending.result()) is not None:
            pending = pool.submit(following)
            yield batch
