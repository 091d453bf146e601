"""Every public method's URL, query string and body (aioresponses)."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import pathlib
import re
import time
import warnings
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from aioresponses import aioresponses

from ionworks_async import AsyncIonworks, CellInstance, ConflictError, PaginatedList

from ..support import BASE_URL
from ..support.mock_http import mock_http

SPEC = {"id": "s1", "name": "NMC", "form_factor": "R2032"}
INSTANCE = {"id": "i1", "name": "cell", "cell_specification_id": "s1"}
MEASUREMENT = {"id": "m1", "name": "cycling", "measurement_type": "properties"}
LOT = {"id": "b1", "name": "L1", "cell_specification_id": "s1", "instance_count": 0}


def sent(mocked: aioresponses) -> list[tuple[str, str, list[tuple[str, str]], Any]]:
    """Every request as (method, path, query pairs, decoded JSON body)."""
    result = []
    for (method, url), request_calls in mocked.requests.items():
        for call in request_calls:
            data = call.kwargs.get("data")
            body = json.loads(data) if data else None
            parts = urlsplit(str(url))
            # aioresponses normalises URLs with sorted query keys
            result.append((method, parts.path, sorted(parse_qsl(parts.query)), body))
    return result


def page(*items: dict[str, Any], total: int | None = None) -> dict[str, Any]:
    return {
        "items": list(items),
        "count": len(items),
        "total": len(items) if total is None else total,
    }


@pytest.mark.parametrize(
    ("call", "method", "path", "body", "answer"),
    [
        (lambda c: c.cell_spec.get("s1"), "GET", "/cell_specifications/s1", None, SPEC),
        (
            lambda c: c.cell_spec.create({"name": "NMC"}),
            "POST",
            "/cell_specifications",
            {"name": "NMC"},
            SPEC,
        ),
        (
            lambda c: c.cell_spec.update("s1", {"notes": "n"}),
            "PATCH",
            "/cell_specifications/s1",
            {"notes": "n"},
            SPEC,
        ),
        (
            lambda c: c.cell_spec.delete("s1"),
            "DELETE",
            "/cell_specifications/s1",
            None,
            None,
        ),
        (
            lambda c: c.cell_instance.get("i1"),
            "GET",
            "/cell_instances/i1",
            None,
            INSTANCE,
        ),
        (
            lambda c: c.cell_instance.create("s1", {"name": "cell", "batch_id": "b1"}),
            "POST",
            "/cell_specifications/s1/cell_instances",
            {"name": "cell", "batch_id": "b1"},
            INSTANCE,
        ),
        (
            lambda c: c.cell_instance.update("i1", {"batch": None}),
            "PATCH",
            "/cell_instances/i1",
            {"batch_id": None},
            INSTANCE,
        ),
        (
            lambda c: c.cell_batch.get("b1"),
            "GET",
            "/cell_batches/b1",
            None,
            LOT,
        ),
        (
            lambda c: c.cell_batch.create("s1", {"name": "L1", "notes": "n"}),
            "POST",
            "/cell_specifications/s1/cell_batches",
            {"name": "L1", "notes": "n"},
            LOT,
        ),
        (
            lambda c: c.cell_batch.update("b1", {"name": "L2"}),
            "PATCH",
            "/cell_batches/b1",
            {"name": "L2"},
            LOT,
        ),
        (
            lambda c: c.cell_batch.delete("b1"),
            "DELETE",
            "/cell_batches/b1",
            None,
            None,
        ),
        (
            lambda c: c.cell_instance.delete("i1"),
            "DELETE",
            "/cell_instances/i1",
            None,
            None,
        ),
        (
            lambda c: c.cell_measurement.get("m1"),
            "GET",
            "/cell_measurements/m1",
            None,
            MEASUREMENT,
        ),
        (
            lambda c: c.cell_measurement.update("m1", {"notes": "x"}),
            "PATCH",
            "/cell_measurements/m1",
            {"notes": "x"},
            MEASUREMENT,
        ),
        (
            lambda c: c.measurement.delete("m1"),
            "DELETE",
            "/cell_measurements/m1",
            None,
            None,
        ),
        (
            lambda c: c.cell_measurement.create_properties(
                "i1",
                "p",
                {"mass": 1},
                notes="n",
                start_time=dt.date(2024, 1, 2),
                tags=["a"],
            ),
            "POST",
            "/cell_instances/i1/cell_measurements/create",
            {
                "name": "p",
                "measurement_type": "properties",
                "properties": {"mass": 1},
                "notes": "n",
                "start_time": "2024-01-02",
                "tags": ["a"],
            },
            MEASUREMENT,
        ),
    ],
)
async def test_crud_routes(
    client: AsyncIonworks,
    call: Any,
    method: str,
    path: str,
    body: Any,
    answer: Any,
    mocked: aioresponses,
) -> None:
    kwargs = {"payload": answer} if answer is not None else {"status": 204}
    mocked.add(re.compile(r".*"), method, **kwargs)
    result = await call(client)
    assert sent(mocked) == [(method, path, [], body)]
    if answer is None:
        assert result is None
    else:
        assert result.to_dict() == answer


async def test_delete_ignores_any_body(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    mocked.delete(f"{BASE_URL}/cell_instances/i1", status=200, body="<not json>")
    assert await client.cell_instance.delete("i1") is None


@pytest.mark.parametrize(
    ("kwargs", "query"),
    [
        ({}, []),
        ({"limit": 10, "offset": 20}, [("limit", "10"), ("offset", "20")]),
        # the user's % is a character, not a wildcard (escaped for LIKE)
        ({"name": "NCM 6%"}, [("name", "ilike.%NCM 6\\%%")]),
        ({"name": "x", "name_exact": "Exact"}, [("name", "eq.Exact")]),
        ({"created_by_email": "bob@"}, [("created_by_email", "ilike.%bob@%")]),
        (
            {
                "created_after": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
                "created_before": "2025-01-01",
                "updated_after": dt.date(2024, 2, 1),
                "updated_before": "2024-03-01T00:00:00Z",
            },
            [
                ("created_at_gt", "2024-01-02T03:04:05+00:00"),
                ("created_at_lt", "2025-01-01"),
                ("updated_at_gt", "2024-02-01"),
                ("updated_at_lt", "2024-03-01T00:00:00Z"),
            ],
        ),
        (
            {"order_by": "name", "order": "desc"},
            [("order_by", "name"), ("order", "desc")],
        ),
        ({"batch_id": "b1"}, [("batch_id", "b1")]),
        ({"offset": 3, "batch_id": None}, [("offset", "3")]),
    ],
)
async def test_instance_list_filters(
    client: AsyncIonworks,
    kwargs: dict[str, Any],
    query: list[tuple[str, str]],
    mocked: aioresponses,
) -> None:
    one_page = "limit" in kwargs or "offset" in kwargs
    walk = [] if one_page else [("limit", "100"), ("offset", "0")]
    total = 7 if one_page else 1
    mocked.get(re.compile(r".*"), payload=page(INSTANCE, total=total))
    result = await client.cell_instance.list("s1", **kwargs)
    assert sent(mocked) == [
        (
            "GET",
            "/cell_specifications/s1/cell_instances",
            sorted(query + walk),
            None,
        )
    ]
    assert isinstance(result, list) and isinstance(result, PaginatedList)
    assert result.total == total and result[0].id == "i1"


async def test_spec_and_measurement_list_filters(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    mocked.get(re.compile(r".*"), payload=[SPEC], repeat=True)
    specs = await client.cell_spec.list(form_factor="pouch", order_by="created_at")
    await client.cell_measurement.list(
        "i1",
        5,
        0,
        "time_series",
        started_after="2024-01-01",
        started_before="2024-02-01",
        order_by="start_time",
        order="asc",
    )
    assert sent(mocked) == [
        (
            "GET",
            "/cell_specifications",
            sorted(
                [
                    ("order_by", "created_at"),
                    ("form_factor", "eq.pouch"),
                    ("limit", "100"),
                    ("offset", "0"),
                ]
            ),
            None,
        ),
        (
            "GET",
            "/cell_instances/i1/cell_measurements",
            sorted(
                [
                    ("limit", "5"),
                    ("offset", "0"),
                    ("start_time_gt", "2024-01-01"),
                    ("start_time_lt", "2024-02-01"),
                    ("order_by", "start_time"),
                    ("order", "asc"),
                    ("measurement_type", "time_series"),
                ]
            ),
            None,
        ),
    ]
    assert specs.total == 1 and len(specs) == 1  # a legacy bare array, walked


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"limit": 0}, ValueError),
        ({"limit": 101}, ValueError),
        ({"offset": -1}, ValueError),
        ({"order": "up"}, ValueError),
        ({"order_by": "color"}, ValueError),
        ({"limit": "10"}, TypeError),
    ],
)
async def test_bad_list_arguments_fail_before_any_request(
    client: AsyncIonworks,
    kwargs: dict[str, Any],
    error: type[Exception],
    mocked: aioresponses,
) -> None:
    with pytest.raises(error):
        await client.cell_instance.list("s1", **kwargs)
    assert not mocked.requests


@pytest.mark.parametrize("bad_id", ["", "   ", None, 5])
async def test_bad_ids_fail_before_any_request(
    client: AsyncIonworks,
    bad_id: Any,
    mocked: aioresponses,
) -> None:
    with pytest.raises((TypeError, ValueError)):
        await client.cell_instance.get(bad_id)
    with pytest.raises((TypeError, ValueError)):
        await client.cell_instance.detail(bad_id)
    assert not mocked.requests


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("?q", "%3Fq"),
        ("%2F", "%252F"),
        ("..", "%2E%2E"),
        ("#f", "%23f"),
    ],
)
async def test_ids_are_one_encoded_path_segment(
    client: AsyncIonworks,
    raw: str,
    encoded: str,
    mocked: aioresponses,
) -> None:
    mocked.get(re.compile(r".*"), payload=INSTANCE)
    await client.cell_instance.get(raw)
    ((_, url),) = mocked.requests
    assert url.raw_path == f"/cell_instances/{encoded}"


async def test_iter_all_walks_every_page(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    items = [{**INSTANCE, "id": f"i{n}", "name": f"c{n}"} for n in range(230)]
    for offset in (0, 100, 200):
        mocked.get(
            f"{BASE_URL}/cell_specifications/s1/cell_instances?limit=100&offset={offset}",
            payload=page(*items[offset : offset + 100], total=230),
        )
    seen = [instance.id async for instance in client.cell_instance.iter_all("s1")]
    assert seen == [item["id"] for item in items]


async def test_create_or_get_uses_existing_id(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    mocked.post(
        f"{BASE_URL}/cell_specifications/s1/cell_instances",
        status=409,
        payload={
            "error_code": "CONFLICT",
            "message": "exists",
            "detail": {"existing_id": "i1"},
        },
    )
    mocked.get(f"{BASE_URL}/cell_instances/i1", payload=INSTANCE)
    result = await client.cell_instance.create_or_get("s1", {"name": "cell"})
    assert result.id == "i1"


async def test_create_or_get_legacy_key_warns(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    mocked.post(
        f"{BASE_URL}/cell_specifications",
        status=409,
        payload={"detail": {"existing_cell_specification_id": "s1"}},
    )
    mocked.get(f"{BASE_URL}/cell_specifications/s1", payload=SPEC)
    with pytest.warns(DeprecationWarning, match="legacy"):
        result = await client.cell_spec.create_or_get({"name": "NMC"})
    assert result.id == "s1"


async def test_create_or_get_falls_back_to_an_exact_name_query_over_all_pages(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    others = [
        {**INSTANCE, "id": f"x{n}", "name": "cell"[:3] + str(n)} for n in range(100)
    ]
    mocked.post(
        f"{BASE_URL}/cell_specifications/s1/cell_instances",
        status=409,
        payload={"detail": "Cell instance already exists"},
    )
    base = f"{BASE_URL}/cell_specifications/s1/cell_instances?limit=100&name=eq.cell"
    mocked.get(f"{base}&offset=0", payload=page(*others, total=101))
    mocked.get(f"{base}&offset=100", payload=page(INSTANCE, total=101))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = await client.cell_instance.create_or_get("s1", {"name": "cell"})
    assert result.id == "i1"


async def test_create_or_get_raises_value_error_when_nothing_matches(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    mocked.post(
        f"{BASE_URL}/cell_specifications/s1/cell_instances",
        status=409,
        payload={"detail": "exists"},
    )
    mocked.get(re.compile(r".*cell_instances\?.*"), payload=page())
    with pytest.raises(ValueError, match="conflicted") as caught:
        await client.cell_instance.create_or_get("s1", {"name": "cell"})
    assert isinstance(caught.value.__cause__, ConflictError)


@pytest.mark.parametrize("data", [None, ["name"], "name=x", {1: "x"}])
async def test_data_must_be_a_mapping(client: AsyncIonworks, data: Any) -> None:
    with pytest.raises(TypeError):
        await client.cell_instance.create("s1", data)


async def test_unserialisable_values_name_the_key(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    with pytest.raises(TypeError, match=r"\['notes'\]\['when'\]"):
        await client.cell_instance.create(
            "s1", {"name": "x", "notes": {"when": object()}}
        )
    with pytest.raises(TypeError, match="NaN"):
        await client.cell_instance.create("s1", {"name": "x", "v": float("nan")})
    assert not mocked.requests


async def test_dates_in_bodies_are_iso_strings(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    mocked.post(re.compile(r".*"), payload=INSTANCE, status=201)
    await client.cell_instance.create(
        "s1", {"name": "x", "date_manufactured": dt.date(2024, 1, 20)}
    )
    assert sent(mocked)[0][3] == {"name": "x", "date_manufactured": "2024-01-20"}


def test_instance_model_is_the_public_class() -> None:
    assert CellInstance.__name__ == "CellInstance"


class Colour(enum.Enum):
    RED = "red"


async def test_values_users_have_are_encoded(
    client: AsyncIonworks, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        with mock_http() as mocked:
            mocked.post(re.compile(r".*"), payload=INSTANCE, status=201)
            await client.cell_instance.create(
                "s1",
                {
                    "name": "x",
                    "mass": np.float32(1.5),
                    "count": np.int64(4),
                    "loading": np.array([1.0, 2.5]),
                    "price": decimal.Decimal("12.50"),
                    "units": decimal.Decimal(3),
                    "colour": Colour.RED,
                    "source": pathlib.PurePosixPath("/data/run.csv"),
                    "measured_at": dt.datetime(2024, 7, 1, 12, 0),  # naive: local
                    "started_at": dt.datetime(2024, 7, 1, 12, 0, tzinfo=dt.UTC),
                },
            )
            body = sent(mocked)[0][3]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert body == {
        "name": "x",
        "mass": 1.5,
        "count": 4,
        "loading": [1.0, 2.5],
        "price": 12.5,
        "units": 3,
        "colour": "red",
        "source": "/data/run.csv",
        "measured_at": "2024-07-01T12:00:00+02:00",
        "started_at": "2024-07-01T12:00:00+00:00",
    }


async def test_a_body_that_contains_itself_names_the_key(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    loop: dict[str, Any] = {"a": 1}
    loop["self"] = loop
    with pytest.raises(TypeError, match=r"\['notes'\]\['self'\].*contains itself"):
        await client.cell_instance.create("s1", {"name": "x", "notes": loop})
    with pytest.raises(TypeError, match=r"\['v'\]\[1\]"):
        import numpy as np

        await client.cell_instance.create(
            "s1", {"name": "x", "v": np.array([1.0, np.nan])}
        )
    assert not mocked.requests


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("i1", 3, {}), {}, TypeError),
        (("i1", " ", {}), {}, ValueError),
        (("i1", "p", [1]), {}, TypeError),
        (("i1", "p", {}), {"tags": "one"}, TypeError),
        (("i1", "p", {}), {"protocol": "CC"}, TypeError),
        (("i1", "p", {}), {"start_time": 5}, TypeError),
    ],
)
async def test_create_properties_checks_its_arguments_before_sending(
    client: AsyncIonworks,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    error: type[Exception],
    mocked: aioresponses,
) -> None:
    with pytest.raises(error):
        await client.cell_measurement.create_properties(*args, **kwargs)
    assert sent(mocked) == []
