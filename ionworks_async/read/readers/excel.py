"""Excel exports (``.xlsx``): Maccor, Neware BTSDA and Arbin MITS workbooks.

The workbook is opened with python-calamine (MIT, the ``cyclers`` extra);
the sheet that holds the records (Neware's ``record``, Arbin's
``Channel_...``, else the first sheet a text reader recognises) is written
to a temporary CSV, and that CSV goes to the reader of its dialect, so an
export reads the same whether it was saved as text or as a workbook. Cells
formatted as durations or times become ``H:MM:SS.ffffff``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..toolkit import (
    CorruptFileError,
    CyclerColumns,
    Head,
    MissingDependencyError,
    Reader,
    UnknownFormatError,
)

__all__ = ["ExcelReader"]

SAMPLE_ROWS = 60


def _is_workbook(head: Head) -> bool:
    if not head.data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(head.path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.timedelta):
        total = value.total_seconds()
        hours, rest = divmod(total, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{int(hours)}:{int(minutes):02d}:{seconds:09.6f}"
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _write(rows: Iterable[list[Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        for row in rows:
            out.writerow([_cell(value) for value in row])


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
            from python_calamine import CalamineWorkbook
        except ImportError:
            raise MissingDependencyError(
                "Reading Excel exports needs python-calamine: "
                "pip install 'ionworks-async[cyclers]'"
            ) from None
        try:
            book = CalamineWorkbook.from_path(str(head.path))
            names = list(book.sheet_names)
        except Exception as error:  # a damaged workbook, as calamine meets it
            raise CorruptFileError(
                head.path, f"the workbook could not be opened ({error})"
            ) from None
        with _folder() as folder:
            for index, name in enumerate(_ordered(names)):
                try:
                    rows = book.get_sheet_by_name(name).to_python()
                except Exception as error:
                    raise CorruptFileError(
                        head.path, f"its sheet {name!r} could not be read ({error})"
                    ) from None
                sample = folder / f"sample{index}.csv"
                _write(rows[:SAMPLE_ROWS], sample)
                reader = dialect_of(Head.of(sample))
                if reader is None:
                    continue
                sheet = folder / f"{index}.csv"
                _write(rows, sheet)
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
