"""Excel exports (``.xlsx``): Maccor, Neware BTSDA and Arbin MITS workbooks.

The workbook is opened with fastexcel (MIT, the ``cyclers`` extra: Rust's
calamine, straight to Arrow); the sheet that holds the records (Neware's
``record``, Arbin's ``Channel_...``, else the first sheet a text reader
recognises) is written to a temporary CSV, by pyarrow, and that CSV goes to
the reader of its dialect, so an export reads the same whether it was saved
as text or as a workbook. No cell becomes a Python object: the sheet's
first rows are read as text to find its dialect and its header, then its
columns are read typed (numbers at full precision, durations as seconds,
date-times as ISO 8601).
"""

from __future__ import annotations

import contextlib
import csv
import logging
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..toolkit import (
    CorruptFileError,
    CyclerColumns,
    Head,
    MissingDependencyError,
    Reader,
    UnknownFormatError,
    arrow_scalar,
    pyarrow_module,
)

__all__ = ["ExcelReader"]

SAMPLE_ROWS = 60


class _KnownDtypeNotice(logging.Filter):
    """Drop fastexcel's notice of a column typed as text (it logs a warning).

    A column empty in its first rows (an Arbin sheet's internal resistance)
    is read as text: expected here, and read as such; the notice would only
    print to a user's stderr, once a sheet.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Could not determine dtype")


def _quiet_dtype_notices() -> None:
    logger = logging.getLogger("fastexcel.types.dtype")
    if not any(isinstance(f, _KnownDtypeNotice) for f in logger.filters):
        logger.addFilter(_KnownDtypeNotice())


def _is_workbook(head: Head) -> bool:
    if not head.data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(head.path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _loaded(book: Any, name: str) -> tuple[Any | None, list[list[str]]]:
    """Load a sheet typed, its first row as header; and its first rows as text.

    calamine parses a whole sheet at each load, so the sheet is loaded once
    when its first row names its columns (as a record sheet's does); the
    text rows (that row, then the sheet's first) tell its dialect and header.
    A sheet whose preamble mixes with its columns' types (text above
    durations) cannot load typed that way: its first rows are loaded as
    text, and the table is loaded once its header is found (``None`` here).
    """
    try:
        table = book.load_sheet(name, header_row=0).to_arrow()
    except Exception:  # a column of text and durations, say
        rows = book.load_sheet(
            name, header_row=None, n_rows=SAMPLE_ROWS, dtypes="string"
        ).to_arrow()
        return None, _rows_text(rows)
    names = [
        "" if column.startswith("__UNNAMED__") else column
        for column in table.column_names
    ]
    return table, [names, *_rows_text(table.slice(0, SAMPLE_ROWS - 1))]


def _rows_text(table: Any) -> list[list[str]]:
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return [[_text(value) for value in row] for row in zip(*columns, strict=True)]


def _header_row(rows: list[list[str]]) -> int:
    """Find the row that names the columns: text, before rows of numbers."""

    def numbers(row: list[str]) -> int:
        count = 0
        for value in row:
            try:
                float(value)
            except ValueError:
                continue
            count += 1
        return count

    filled = [sum(1 for value in row if value.strip()) for row in rows]
    for index, row in enumerate(rows[:-1]):
        after = next((r for r in rows[index + 1 :] if any(v.strip() for v in r)), [])
        if (
            filled[index] >= 2
            and numbers(row) == 0
            and numbers(after) * 2 >= len([v for v in after if v.strip()])
        ):
            return index
    return 0


def _write(
    book: Any, name: str, loaded: Any | None, sample: list[list[str]], path: Path
) -> None:
    """Write a sheet as CSV: its preamble as text, then its table, typed."""
    pa = pyarrow_module()
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    header = _header_row(sample)
    if header == 0 and loaded is not None:
        table = loaded  # its first row was its header: loaded already
    else:
        table = book.load_sheet(name, header_row=header).to_arrow()
    columns = []
    for column in table.columns:
        if pa.types.is_duration(column.type):  # seconds, as numbers
            micros = pc.cast(pc.cast(column, pa.duration("us")), pa.int64())
            column = pc.divide(pc.cast(micros, pa.float64()), arrow_scalar(1e6))
        columns.append(column)
    names = sample[header] if header < len(sample) else table.column_names
    names = [names[i] if i < len(names) else f"_{i}" for i in range(table.num_columns)]
    table = pa.Table.from_arrays(columns, names=[f"c{i}" for i in range(len(names))])
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerows(sample[:header])
        out.writerow(names)
    with path.open("ab") as handle:
        pacsv.write_csv(
            table, handle, write_options=pacsv.WriteOptions(include_header=False)
        )


def _ordered(names: list[str]) -> list[str]:
    """Order the sheets to try: the records' sheets first."""

    def rank(name: str) -> int:
        lower = name.lower()
        if lower == "record":
            return 0
        if lower.startswith("channel"):
            return 1
        if lower.startswith(("statistic", "global", "info", "test", "unit")):
            return 3
        return 2

    return sorted(names, key=rank)


def dialect_of(head: Head) -> Reader | None:
    """Return the reader of a workbook's sheet written as CSV, if any."""
    from . import READERS  # the registry, which holds this reader too

    for reader in READERS:
        if not isinstance(reader, ExcelReader) and reader.recognises(head):
            return reader
    return None


class ExcelReader:
    """Workbooks of Maccor, Neware and Arbin exports.

    A sheet is written as CSV and read by the reader that recognises it
    (:func:`dialect_of`: any other reader of the registry).
    """

    key = "excel"
    cycler = "Excel"
    order = 800
    folder_names = ()

    def recognises(self, head: Head) -> bool:
        """Recognise a zip holding ``xl/workbook.xml``."""
        return _is_workbook(head)

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Find the records' sheet and read it with its dialect's reader."""
        try:
            import fastexcel
        except ImportError:
            raise MissingDependencyError(
                "Reading Excel exports needs fastexcel: "
                "pip install 'ionworks-async[cyclers]'"
            ) from None
        _quiet_dtype_notices()
        try:
            book = fastexcel.read_excel(str(head.path))
            names = list(book.sheet_names)
        except Exception as error:  # a damaged workbook, as calamine meets it
            raise CorruptFileError(
                head.path, f"the workbook could not be opened ({error})"
            ) from None
        with _folder() as folder:
            for index, name in enumerate(_ordered(names)):
                try:
                    loaded, rows = _loaded(book, name)
                    sample = folder / f"sample{index}.csv"
                    with sample.open("w", encoding="utf-8", newline="") as handle:
                        csv.writer(handle).writerows(rows)
                    reader = dialect_of(Head.of(sample))
                    if reader is None:
                        continue
                    sheet = folder / f"{index}.csv"
                    _write(book, name, loaded, rows, sheet)
                except (CorruptFileError, UnknownFormatError):
                    raise
                except Exception as error:
                    raise CorruptFileError(
                        head.path, f"its sheet {name!r} could not be read ({error})"
                    ) from None
                raw = reader.read(Head.of(sheet), options)
                raw.metadata["sheet"] = name
                raw.metadata.setdefault("cycler", reader.cycler)
                return raw
        raise UnknownFormatError(
            head.path,
            "a workbook none of whose sheets is a cycler's export; sheets: "
            + ", ".join(names),
        )


@contextlib.contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="ionworks-xlsx-") as name:
        yield Path(name)
