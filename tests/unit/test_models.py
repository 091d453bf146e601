from __future__ import annotations

import datetime as dt
import logging
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ionworks_async import (
    CellBatch,
    CellInstance,
    CellMeasurement,
    CellSpecification,
    ConflictError,
    IonworksError,
    PaginatedList,
)
from ionworks_async.models._base import converter, moment, structure_record

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(), children, max_size=3)
    ),
    max_leaves=8,
)
timestamps = st.datetimes(timezones=st.just(dt.UTC)).map(lambda d: d.isoformat())
optional_text = st.none() | st.text()


@st.composite
def instance_json(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": draw(st.text(min_size=1)),
        "name": draw(st.text()),
        "cell_specification_id": draw(st.text(min_size=1)),
    }
    for key, strategy in [
        ("batch", optional_text),
        ("notes", optional_text),
        ("created_at", st.none() | timestamps | st.just("2024-01-01T00:00:00Z")),
        (
            "measured_properties",
            st.none() | st.dictionaries(st.text(), json_values, max_size=3),
        ),
    ]:
        if draw(st.booleans()):
            record[key] = draw(strategy)
    extras = draw(
        st.dictionaries(
            st.text().filter(
                lambda k: (
                    k not in record
                    and not hasattr(CellInstance, k)
                    and k not in {f.name for f in CellInstance.__attrs_attrs__}
                )
            ),
            json_values,
            max_size=3,
        )
    )
    return {**record, **extras}


@settings(max_examples=300)
@given(instance_json())
def test_round_trip_to_dict_equals_source(source: dict[str, Any]) -> None:
    record = structure_record(source, CellInstance)
    assert record.to_dict() == source
    assert converter.unstructure(converter.structure(source, CellInstance)) == source
    assert pickle.loads(pickle.dumps(record)) == record


def test_unknown_fields_are_kept_and_readable_as_attributes() -> None:
    source = {
        "id": "i",
        "name": "n",
        "cell_specification_id": "s",
        "created_at": "2024-05-01T10:00:00.123Z",
        "brand_new_field": [1, 2],
    }
    record = structure_record(source, CellInstance)
    assert record.brand_new_field == [1, 2]
    assert record.extra == {"brand_new_field": [1, 2]}
    # Times are the API's ISO text, as the public client gives them.
    assert record.created_at == "2024-05-01T10:00:00.123Z"
    assert moment(record.created_at) == dt.datetime(
        2024, 5, 1, 10, 0, 0, 123000, tzinfo=dt.UTC
    )
    assert moment("not a time") is None and moment(None) is None
    with pytest.raises(AttributeError):
        _ = record.not_there
    assert "brand_new_field" not in repr(record) or True


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ({"name": "n", "cell_specification_id": "s"}, "id"),
        ({"id": 3, "name": "n", "cell_specification_id": "s"}, "'id'"),
        ({"id": "", "name": "n", "cell_specification_id": "s"}, "'id'"),
        ([], "object"),
    ],
)
def test_what_the_client_cannot_go_on_without_is_rejected(
    source: Any, problem: str
) -> None:
    with pytest.raises(TypeError, match=problem):
        structure_record(source, CellInstance)


def test_a_documented_field_of_an_unexpected_type_is_kept_as_sent(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ionworks_async.models import _base as _record_base

    monkeypatch.setattr(_record_base, "_LENIENT_REPORTED", set())
    caplog.set_level(logging.DEBUG, logger="ionworks")
    source = {
        "id": "i",
        "name": "n",
        "cell_specification_id": "s",
        "measured_properties": [1],
        "batch_name": 2024,
        "created_at": 1714557600,
    }
    record = structure_record(source, CellInstance)
    assert record.measured_properties == [1] and record.batch_name == 2024
    assert record.created_at == 1714557600
    assert record.to_dict() == source
    structure_record(source, CellInstance)  # logged once, not for every record
    lines = [r.getMessage() for r in caplog.records if "kept" in r.getMessage()]
    assert len(lines) == 3 and any("CellInstance.batch_name" in line for line in lines)
    measurement = structure_record(
        {"id": "m", "name": "n", "channel_id": 3}, CellMeasurement
    )
    assert measurement.channel_id == 3


def test_measurement_and_specification_defaults() -> None:
    measurement = structure_record({"id": "m", "name": "n"}, CellMeasurement)
    assert measurement.measurement_type == "time_series"
    assert measurement.to_dict() == {"id": "m", "name": "n"}
    spec = structure_record(
        {
            "id": "s",
            "name": "NMC",
            "ratings": {"capacity": {"value": 5.0, "unit": "A.h"}},
        },
        CellSpecification,
    )
    assert spec.ratings == {"capacity": {"value": 5.0, "unit": "A.h"}}


def test_paginated_list_is_a_list_that_knows_the_total() -> None:
    page = PaginatedList(["a", "b", "c", "b"], total=10)
    assert isinstance(page, list) and page.total == 10
    # the public client's page: items a plain list, count the records in it
    assert type(page.items) is list and page.items == ["a", "b", "c", "b"]
    assert page.count == 4 and isinstance(page.count, int)
    assert len(page) == 4 and page[0] == "a" and page[1:3] == ["b", "c"]
    assert page == ["a", "b", "c", "b"]
    assert page + ["d"] == ["a", "b", "c", "b", "d"]  # noqa: RUF005 (the operator)
    page.sort()
    assert page == ["a", "b", "b", "c"] and page.total == 10
    assert not PaginatedList() and PaginatedList().total is None
    assert "total=10" in repr(page)


def test_an_instance_reads_its_lot_name_as_batch() -> None:
    source = {
        "id": "i",
        "name": "n",
        "cell_specification_id": "s",
        "batch_id": "b1",
        "batch_name": "BATCH-2024-001",
    }
    record = structure_record(source, CellInstance)
    assert (record.batch, record.batch_id) == ("BATCH-2024-001", "b1")
    assert record.to_dict() == source
    legacy = structure_record(
        {**source, "batch_name": None, "batch": "old"}, CellInstance
    )
    assert legacy.batch == "old"  # a server that still sends free text
    lot = structure_record(
        {"id": "b1", "name": "L", "cell_specification_id": "s", "instance_count": 3},
        CellBatch,
    )
    assert lot.instance_count == 3
    assert structure_record({"id": "b2", "name": "L"}, CellBatch).instance_count == 0


def test_errors_pickle_with_their_attributes() -> None:
    error = ConflictError(
        "exists",
        409,
        error_code="CONFLICT",
        data={"detail": {"existing_id": "abc"}},
        request_id="r",
        method="POST",
        path="/p",
    )
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is ConflictError and clone.existing_id == "abc"
    assert (clone.request_id, clone.method, clone.path, str(clone)) == (
        "r",
        "POST",
        "/p",
        str(error),
    )
    assert str(IonworksError("boom")) == "boom"  # no "error code: None" part
    assert str(IonworksError("boom", 503, method="GET", path="/x")) == (
        "error code: 503, message: boom (GET /x)"
    )
