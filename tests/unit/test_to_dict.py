"""Every record, page entry and detail has a JSON-ready ``to_dict()``."""

from __future__ import annotations

import base64
import json
import math
from typing import Any

import attrs
import pytest

from ionworks_async import models
from ionworks_async.models import (
    CellInstance,
    CellInstanceDetail,
    CellMeasurement,
    CellMeasurementDetail,
    Record,
    StepsAndCycles,
)
from ionworks_async.models._base import structure_record
from ionworks_async.tables import Table

RECORDS = sorted(
    {
        value
        for name in models.__all__
        if isinstance(value := getattr(models, name), type)
        and issubclass(value, Record)
        and value is not Record
    },
    key=lambda kind: kind.__name__,
)


def _source(kind: type[Record]) -> dict[str, Any]:
    """The least JSON a record of ``kind`` is read from, plus an extra field."""
    source: dict[str, Any] = {"lab_code": "L7", "when": "2026-01-01T00:00:00Z"}
    for field in attrs.fields(kind):
        if field.name.startswith("_") or field.default is not attrs.NOTHING:
            continue
        source[field.name] = True if field.type in (bool, "bool") else f"{field.name}-1"
    return source


@pytest.mark.parametrize("kind", RECORDS, ids=lambda kind: kind.__name__)
def test_every_record_gives_back_the_json_it_was_read_from(kind: type[Record]) -> None:
    source = _source(kind)
    record = structure_record(source, kind)
    assert json.loads(json.dumps(record.to_dict(), allow_nan=False)) == source


def test_the_records_are_all_there() -> None:
    names = {kind.__name__ for kind in RECORDS}
    assert {"CellSpecification", "CellMeasurement", "RawData", "Project"} <= names
    assert len(names) >= 10


def _measurement() -> CellMeasurement:
    return structure_record({"id": "m1", "name": "run"}, CellMeasurement)


def test_details_are_json_ready_with_their_tables_as_columns() -> None:
    series = Table({"Time [s]": [0.0, 1.0], "Voltage [V]": [3.7, math.nan]})
    steps = Table({"Step count": [0], "Duration [s]": [math.inf]})
    detail = CellMeasurementDetail(
        measurement=_measurement(),
        instance_id="i1",
        steps=steps,
        time_series=series,
        files={"a.bin": b"\x00\xff"},
    )
    dumped = json.loads(json.dumps(detail.to_dict(), allow_nan=False))
    assert dumped["id"] == "m1" and dumped["instance_id"] == "i1"
    assert dumped["time_series"] == {"Time [s]": [0.0, 1.0], "Voltage [V]": [3.7, None]}
    assert dumped["steps"]["Duration [s]"] == [None] and dumped["cycles"] is None
    assert base64.b64decode(dumped["files"]["a.bin"]) == b"\x00\xff"
    both = StepsAndCycles(steps=steps, cycles=Table({"Cycle count": [0]}))
    assert json.loads(json.dumps(both.to_dict(), allow_nan=False))["cycles"] == {
        "Cycle count": [0]
    }
    cell = structure_record(
        {"id": "i1", "name": "c", "cell_specification_id": "s1"}, CellInstance
    )
    whole = CellInstanceDetail(
        instance=cell, specification_id="s1", measurements=[detail]
    )
    dumped = json.loads(json.dumps(whole.to_dict(), allow_nan=False))
    assert dumped["instance"]["id"] == "i1" and len(dumped["measurements"]) == 1
