"""Records read and write as the public client's pydantic records do."""

from __future__ import annotations

import json
import pickle

import pytest

from ionworks_async import CellInstance, CellMeasurement, MeasurementType
from ionworks_async.models._base import structure_record

SOURCE = {
    "id": "m1",
    "name": "cycling",
    "cell_instance_id": "i1",
    "measurement_type": "file",
    "start_time": "2024-05-01T10:00:00Z",
    "notes": None,
    "lab_code": "L7",
}


def _measurement() -> CellMeasurement:
    return structure_record(dict(SOURCE), CellMeasurement)


def test_fields_and_extras_can_be_assigned() -> None:
    record = _measurement()
    record.notes = "re-run"
    record.lab_code = "L8"
    record.new_field = [1]
    assert (record.notes, record.lab_code, record.new_field) == ("re-run", "L8", [1])
    assert record.to_dict() == {
        **SOURCE,
        "notes": "re-run",
        "lab_code": "L8",
        "new_field": [1],
    }
    assert "new_field" in dir(record) and "new_field" in record.model_fields_set


def test_a_field_assigned_its_default_is_still_sent() -> None:
    record = structure_record({"id": "m1", "name": "n"}, CellMeasurement)
    assert "channel_id" not in record.to_dict()
    record.channel_id = None  # clearing a field must reach an update's body
    assert record.to_dict() == {"id": "m1", "name": "n", "channel_id": None}
    assert record.model_dump(exclude_unset=True) == record.to_dict()


def test_kinds_are_the_public_clients() -> None:
    record = _measurement()
    assert record.measurement_type is MeasurementType.file
    assert record.measurement_type.value == "file" == record.measurement_type
    assert isinstance(record.start_time, str)
    assert structure_record({"id": "m", "name": "n"}, CellMeasurement).tags == []
    unknown = structure_record(
        {"id": "m", "name": "n", "measurement_type": "hologram"}, CellMeasurement
    )
    assert unknown.measurement_type == "hologram"  # kept as sent, not refused


def test_model_dump_has_every_field_and_its_options() -> None:
    record = _measurement()
    dumped = record.model_dump()
    declared = set(CellMeasurement.model_fields)
    assert declared <= set(dumped) and dumped["lab_code"] == "L7"
    assert list(dumped)[-1] == "lab_code"  # declared fields first, then extras
    assert dumped["measurement_type"] is MeasurementType.file
    assert record.model_dump(mode="json")["measurement_type"] == "file"
    assert record.model_dump(exclude_unset=True) == SOURCE
    assert "notes" not in record.model_dump(exclude_none=True)
    assert "tags" not in record.model_dump(exclude_defaults=True)
    assert record.model_dump(include={"id", "lab_code"}) == {
        "id": "m1",
        "lab_code": "L7",
    }
    assert "id" not in record.model_dump(exclude={"id"})
    dumped["tags"].append("changed")
    assert record.tags == []  # a copy, not the record's own list
    with pytest.raises(ValueError, match="mode"):
        record.model_dump(mode="yaml")  # type: ignore[arg-type]


def test_dict_of_a_record_is_its_fields() -> None:
    record = _measurement()
    assert dict(record) == {**record.model_dump(), "tags": record.tags}
    assert dict(record)["tags"] is record.tags  # the values, not copies


def test_model_dump_json_is_compact_json_of_the_json_dump() -> None:
    record = _measurement()
    text = record.model_dump_json()
    assert json.loads(text) == record.model_dump(mode="json")
    assert ": " not in text and ", " not in text
    assert json.loads(record.model_dump_json(indent=2)) == json.loads(text)


def test_model_copy_is_independent_and_takes_updates() -> None:
    record = _measurement()
    copy = record.model_copy(update={"name": "again", "lab_code": "L9"})
    assert (copy.name, copy.lab_code) == ("again", "L9")
    assert (record.name, record.lab_code) == ("cycling", "L7")
    deep = record.model_copy(deep=True)
    deep.tags.append("t")
    assert deep == deep.model_copy() and record.tags == []


def test_model_validate_reads_a_dict_or_json() -> None:
    record = CellMeasurement.model_validate(SOURCE)
    assert record == _measurement()
    assert CellMeasurement.model_validate(record) is record
    assert CellMeasurement.model_validate_json(json.dumps(SOURCE)) == record
    with pytest.raises(TypeError, match="not JSON"):
        CellMeasurement.model_validate_json("{")
    with pytest.raises(TypeError, match="cell_specification_id"):
        CellInstance.model_validate({"id": "i", "name": "n"})


def test_an_assigned_record_survives_pickling() -> None:
    record = _measurement()
    record.notes = "kept"
    again = pickle.loads(pickle.dumps(record))
    assert again == record and again.to_dict() == record.to_dict()
    again.other = 1  # still assignable after a round trip
    assert again.other == 1
