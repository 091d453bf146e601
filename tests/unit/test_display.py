"""Reprs and notebook HTML: short, identifying, escaped, and never decoding data."""

from __future__ import annotations

from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa

from ionworks_async import (
    BatchResult,
    CellInstance,
    CellInstanceDetail,
    CellMeasurement,
    CellMeasurementDetail,
    ItemFailure,
    NotFoundError,
    PaginatedList,
    StepsAndCycles,
    Success,
    Table,
    ValidationIssue,
)
from ionworks_async.models._base import structure_record
from ionworks_async.validation import IssueCode

from ..support.local_api import TIME_SERIES, parquet_bytes

CELL = {
    "id": "c-1",
    "name": "cell <1> & co",
    "cell_specification_id": "s-1",
    "notes": "x" * 500,
    "measured_properties": {"mass_g": 1.2},
    "created_at": "2026-01-02T03:04:05Z",
}


def _cell(**fields: Any) -> CellInstance:
    return structure_record({**CELL, **fields}, CellInstance)


def _measurement(name: str = "1C", kind: str = "time_series") -> CellMeasurement:
    source = {"id": f"m-{name}", "name": name, "measurement_type": kind}
    return structure_record({**source, "processing_status": "ready"}, CellMeasurement)


def test_a_record_repr_names_what_identifies_it_and_no_more() -> None:
    text = repr(_cell())
    assert text == (
        "CellInstance(id='c-1', name='cell <1> & co', cell_specification_id='s-1')"
    )
    assert "xxx" not in text and "mass_g" not in text


def test_a_record_html_is_every_field_escaped_and_cut() -> None:
    html = _cell()._repr_html_()
    assert "cell &lt;1&gt; &amp; co" in html and "<1>" not in html
    assert "mass_g" in html and "2026-01-02T03:04:05Z" in html
    assert "x" * 59 + "…" in html and "x" * 61 not in html  # long values cut


def test_a_list_repr_is_cut_and_its_html_is_one_row_a_record() -> None:
    cells = PaginatedList([_cell(id=f"c-{n}", name=f"n{n}") for n in range(60)], 60)
    text = repr(cells)
    assert text.startswith("PaginatedList([CellInstance(id='c-0'") and "n9'" in text
    assert "n10'" not in text and "… 50 more], total=60)" in text
    html = cells._repr_html_()
    assert html.count("<tr>") == 1 + 50  # the header, then 50 of the 60 rows
    assert "<th>cell_specification_id</th>" in html and "… and 10 more" in html
    assert PaginatedList([], 0)._repr_html_().count("<tr>") == 1


def test_a_parquet_table_shows_its_shape_from_the_metadata_alone() -> None:
    table = Table.from_parquet(parquet_bytes(TIME_SERIES))
    assert repr(table) == (
        "Table(4 rows x 5 columns, not decoded: Time [s], Voltage [V], "
        "Current [A], Step count, Cycle count)"
    )
    html = table._repr_html_()
    assert "<td>Voltage [V]</td><td>double</td>" in html
    assert table._arrow is None  # still not decoded
    assert "not decoded" not in repr(Table.from_arrow(pa.table(TIME_SERIES)))
    assert repr(Table({"a": [1, 2]})) == "Table(2 rows x 1 columns: a)"
    assert "parquet, not decoded" in repr(Table.from_parquet(b"not parquet"))


def test_details_show_their_data_as_shapes_of_any_backend() -> None:
    frames: list[Any] = [
        Table.from_parquet(parquet_bytes(TIME_SERIES)),
        pa.table(TIME_SERIES),
        pd.DataFrame(TIME_SERIES),
        pl.DataFrame(TIME_SERIES),
    ]
    for frame in frames:
        detail = CellMeasurementDetail(measurement=_measurement(), time_series=frame)
        assert repr(detail) == (
            "CellMeasurementDetail(id='m-1C', name='1C', measurement_type="
            "'time_series', processing_status='ready', time_series=4x5)"
        )
        assert "<td>time_series (rows x columns)</td><td>4x5</td>" in (
            detail._repr_html_()
        )
    both = StepsAndCycles(steps=pl.DataFrame({"a": [1]}), cycles=Table({"b": []}))
    assert repr(both) == "StepsAndCycles(steps=1x1, cycles=0x1)"


def test_an_instance_detail_is_a_table_of_its_measurements() -> None:
    measurements = [
        CellMeasurementDetail(
            measurement=_measurement(), time_series=pl.DataFrame(TIME_SERIES)
        ),
        CellMeasurementDetail(
            measurement=structure_record(
                {
                    "id": "m-mass",
                    "name": "mass",
                    "measurement_type": "properties",
                    "processing_status": "ready",
                    "properties": {"mass_g": 46.2},
                },
                CellMeasurement,
            )
        ),
    ]
    detail = CellInstanceDetail(
        instance=_cell(), specification_id="s-1", measurements=measurements
    )
    assert repr(detail) == (
        "CellInstanceDetail(id='c-1', name='cell <1> & co', specification_id='s-1', "
        "measurements=[2: '1C', 'mass'])"
    )
    html = detail._repr_html_()
    assert html.count("<tr>") == 3
    assert "<td>1C</td><td>time_series</td><td>ready</td><td>4x5</td>" in html
    assert "<td>mass</td><td>properties</td><td>ready</td><td></td>" in html
    assert "mass_g" in html and "46.2" in html  # its values, in the table


def test_a_batch_result_shows_counts_then_its_failures() -> None:
    result: BatchResult[CellInstance] = BatchResult(
        succeeded=[
            Success(index=n, record=_cell(id=f"c-{n}"), created=True) for n in range(40)
        ],
        failed=[ItemFailure(41, "bad <name>", NotFoundError("gone", status_code=404))],
        elapsed=2.0,
    )
    assert repr(result) == (
        "<BatchResult 41 items in 2.0 s (20.5/s): 40 created, 0 existing, 1 failed>"
    )
    html = result._repr_html_()
    assert html.startswith("<p><b>Not complete: 41 items")
    assert html.count("<tr>") == 2  # the header and the one failure: no successes
    assert (
        "<td>41</td><td>bad &lt;name&gt;</td><td>NotFoundError</td><td>404</td>" in html
    )
    ok: BatchResult[CellInstance] = BatchResult(elapsed=1.0)
    assert ok._repr_html_().startswith("<p><b>OK: 0 items")


def test_a_validation_issue_is_one_line() -> None:
    issue = ValidationIssue(
        IssueCode.TIME_NOT_MONOTONIC, "decreases at row 1", payload={"rows": [1] * 999}
    )
    assert repr(issue) == (
        "ValidationIssue('time_not_monotonic', error: 'decreases at row 1')"
    )
    assert "<td>time_not_monotonic</td><td>error</td>" in issue._repr_html_()
