"""Excel workbooks read as their dialect's text exports do.

No public Neware, Maccor or Arbin workbook could be found: these are written
here (openpyxl) from the real CSV exports, in the layout each cycler's
software gives its workbooks, and must read as those CSV files do.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pyarrow.compute as pc
import pytest

from ionworks_async import read
from ionworks_async.read import reading as _api

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"


def _value(text: str) -> object:
    try:
        return float(text)
    except ValueError:
        return text


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _rows(path: Path, encoding: str = "utf-8") -> list[list[object]]:
    with path.open(encoding=encoding, newline="") as handle:
        return [[_value(v) for v in row] for row in csv.reader(handle)]


def _same(first: object, second: object) -> None:
    a, b = first, second
    assert a.column_names == b.column_names  # type: ignore[attr-defined]
    for column in a.column_names:  # type: ignore[attr-defined]
        worst = pc.max(pc.abs(pc.subtract(a.column(column), b.column(column))))  # type: ignore[attr-defined]
        assert worst.as_py() <= 1e-9, column


def test_a_neware_workbook_reads_its_record_sheet(tmp_path: Path) -> None:
    source = DATA / "neware/interp-test.csv"
    book = _workbook(
        tmp_path / "neware.xlsx",
        {
            "test": [["Channel", "1"], ["Barcode", "resetsteptest"]],
            "record": _rows(source, "latin-1"),
        },
    )
    table, metadata, key = _api.normalised(book)
    assert key == "excel" and metadata["sheet"] == "record"
    _same(table, _api.normalised(source)[0])


def test_an_arbin_workbook_skips_its_global_info(tmp_path: Path) -> None:
    source = DATA / "arbin/sample_data_arbin.csv"
    rows = _rows(source, "utf-8-sig")
    book = _workbook(
        tmp_path / "arbin.xlsx",
        {
            "Global_Info": [["TEST REPORT"], ["Test Name", "cell 1"]],
            "Channel_1-006": rows,
            "Statistics_1-006": [["Cycle_Index", "Charge_Capacity(Ah)"], [1, 0.0]],
        },
    )
    table, metadata, _ = _api.normalised(book)
    assert metadata["sheet"] == "Channel_1-006"
    _same(table, _api.normalised(source)[0])


def test_a_maccor_workbook_with_duration_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Today's Date", "28-Nov-23"],
        ["Date of Test:", "23-Nov-23 3:56:08 PM"],
        ["Rec", "Cycle C", "Step", "TestTime", "Current", "Voltage", "State"],
    ]
    for n in range(20):
        rows.append(
            [
                n + 1,
                1,
                1 if n < 10 else 2,
                dt.timedelta(seconds=n * 1.5),
                0.0 if n < 10 else 2.0,
                3.9 - (0 if n < 10 else 0.01 * (n - 9)),
                "R" if n < 10 else "D",
            ]
        )
    book = _workbook(tmp_path / "maccor.xlsx", {"Sheet1": rows})
    assert read.detect_reader(book) == "excel"
    frame = read.time_series(book)
    assert frame["Time [s]"][:3].to_list() == [0.0, 1.5, 3.0]
    assert frame["Current [A]"][-1] == 2.0  # D rows discharge: positive
    assert frame["Step count"][-1] == 1


def test_a_workbook_of_no_cycler_is_named(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "budget.xlsx", {"Q1": [["item", "cost"], ["pens", 3]]})
    with pytest.raises(read.UnknownFormatError, match="sheets: Q1"):
        read.time_series(book)
