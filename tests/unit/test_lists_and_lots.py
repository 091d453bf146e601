"""List paging, the lot translation and project scoping, request by request."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses

from ionworks_async import AsyncIonworks, CellBatch, ResponseValidationError

from ..support import BASE_URL
from ..support.local_api import API_KEY
from ..support.retries import no_sleep, set_retrier
from .test_resources import page, sent

SPEC_PATH = "/cell_specifications/s1"
LOTS = f"{SPEC_PATH}/cell_batches"
CELLS = f"{SPEC_PATH}/cell_instances"


def cell(index: int, **fields: Any) -> dict[str, Any]:
    return {"id": f"i{index}", "name": f"c{index}", "cell_specification_id": "s1"} | (
        fields
    )


def lot(lot_id: str, name: str) -> dict[str, Any]:
    return {"id": lot_id, "name": name, "cell_specification_id": "s1"}


def walked(*offsets: int) -> list[tuple[str, str, list[tuple[str, str]], Any]]:
    return [
        ("GET", CELLS, sorted([("limit", "100"), ("offset", str(o))]), None)
        for o in offsets
    ]


# -- list() returns every match ---------------------------------------------


async def test_list_walks_every_page(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    cells = [cell(i) for i in range(152)]
    mocked.get(re.compile(".*"), payload=page(*cells[:100], total=152))
    mocked.get(re.compile(".*"), payload=page(*cells[100:], total=152))
    result = await client.cell_instance.list("s1")
    assert sent(mocked) == walked(0, 100)
    assert len(result) == 152 and result.total == 152 and isinstance(result, list)
    assert [r.id for r in result] == [c["id"] for c in cells]


async def test_list_advances_by_the_rows_a_clamping_server_sends(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    cells = [cell(i) for i in range(120)]
    for start in (0, 50, 100):
        chunk = cells[start : start + 50]
        mocked.get(re.compile(".*"), payload=page(*chunk, total=120))
    result = await client.cell_instance.list("s1")
    assert sent(mocked) == walked(0, 50, 100)
    assert len(result) == 120


async def test_list_without_a_total_stops_on_a_short_page(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    mocked.get(re.compile(".*"), payload=[cell(i) for i in range(100)])
    mocked.get(re.compile(".*"), payload=[cell(100)])
    result = await client.cell_instance.list("s1")
    assert sent(mocked) == walked(0, 100)
    assert len(result) == 101 and result.total == 101


async def test_list_stops_on_an_empty_page_whatever_the_total(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    mocked.get(re.compile(".*"), payload=page(cell(0), total=500))
    mocked.get(re.compile(".*"), payload=page(total=500))
    result = await client.cell_instance.list("s1")
    assert sent(mocked) == walked(0, 1)
    assert len(result) == 1


async def test_a_server_that_ignores_the_offset_is_an_error_not_a_hang(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    cells = [cell(i) for i in range(100)]
    mocked.get(re.compile(".*"), payload=page(*cells, total=10**6), repeat=True)
    with pytest.raises(ResponseValidationError, match="ignores the offset"):
        await client.cell_instance.list("s1")
    # the pages after the first are asked at once: those in flight, no more
    assert 2 <= len(sent(mocked)) <= 1 + client.max_concurrency


async def test_an_implausible_total_is_an_error_before_any_later_page(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    mocked.get(re.compile(".*"), payload=page(cell(0), total=10**12), repeat=True)
    with pytest.raises(ResponseValidationError, match="plausible"):
        await client.cell_instance.list("s1")
    assert len(sent(mocked)) == 1


async def test_a_list_that_shifts_under_the_walk_is_walked_again(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    """A record deleted between pages: the first walk would skip i100."""
    cells = [cell(i) for i in range(102)]
    mocked.get(re.compile(".*"), payload=page(*cells[:100], total=102))
    mocked.get(re.compile(".*"), payload=page(*cells[101:], total=101))  # i0 gone
    mocked.get(re.compile(".*"), payload=page(*cells[1:101], total=101))
    mocked.get(re.compile(".*"), payload=page(*cells[101:], total=101))
    listed = await client.cell_instance.list("s1")
    assert [c.id for c in listed] == [c["id"] for c in cells[1:]]
    assert listed.total == 101


async def test_a_list_that_keeps_shifting_is_an_error_not_a_wrong_list(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    cells = [cell(i) for i in range(102)]
    for _ in range(3):
        mocked.get(re.compile(".*"), payload=page(*cells[:100], total=102))
        mocked.get(re.compile(".*"), payload=page(*cells[99:], total=103))  # created
    with pytest.raises(ResponseValidationError, match="changed while it was read"):
        await client.cell_instance.list("s1")
    assert len(sent(mocked)) == 6


async def test_iterating_a_shifting_list_raises_rather_than_skip(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    cells = [cell(i) for i in range(102)]
    mocked.get(re.compile(".*"), payload=page(*cells[:100], total=102))
    mocked.get(re.compile(".*"), payload=page(*cells[101:], total=101))
    seen = []
    with pytest.raises(ResponseValidationError, match="changed while it was read"):
        async for record in client.cell_instance.iter_all("s1"):
            seen.append(record.id)
    assert len(seen) == 100  # what was yielded, and no silent gap after it


async def test_limit_or_offset_asks_for_one_page(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    mocked.get(re.compile(".*"), payload=page(cell(0), total=152), repeat=True)
    first = await client.cell_instance.list("s1", limit=1)
    later = await client.cell_instance.list("s1", offset=151)
    assert [q for _, _, q, _ in sent(mocked)] == [
        [("limit", "1")],
        [("offset", "151")],
    ]
    assert (len(first), first.total, len(later), later.total) == (1, 152, 1, 152)


async def test_iter_all_streams_the_same_walk(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    cells = [cell(i) for i in range(101)]
    mocked.get(re.compile(".*"), payload=page(*cells[:100], total=101))
    mocked.get(re.compile(".*"), payload=page(*cells[100:], total=101))
    names = [c.name async for c in client.cell_instance.iter_all("s1")]
    assert sent(mocked) == walked(0, 100)
    assert len(names) == 101


async def test_an_unknown_filter_is_a_type_error_before_any_request(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'nam'"):
        await client.cell_instance.list("s1", nam="x")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'form_factor'"):
        await client.cell_batch.list("s1", form_factor="x")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="name must be a string"):
        await client.cell_instance.list("s1", name=3)  # type: ignore[arg-type]
    assert sent(mocked) == []


# -- the seed's free-text batch -----------------------------------------------


async def test_create_with_a_batch_name_finds_or_creates_the_lot(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    mocked.post(f"{BASE_URL}{LOTS}", status=201, payload=lot("b1", "BATCH-1"))
    mocked.post(
        f"{BASE_URL}{CELLS}",
        status=201,
        payload=cell(1, batch_id="b1", batch_name="BATCH-1"),
    )
    created = await client.cell_instance.create(
        "s1", {"name": "c1", "batch": "BATCH-1"}
    )
    assert sent(mocked) == [
        ("POST", LOTS, [], {"name": "BATCH-1"}),
        ("POST", CELLS, [], {"name": "c1", "batch_id": "b1"}),
    ]
    assert created.batch == "BATCH-1" and created.batch_id == "b1"


async def test_an_existing_lot_costs_no_extra_request(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    conflict = {
        "error_code": "CONFLICT",
        "message": "exists",
        "detail": {"existing_id": "b9"},
    }
    mocked.post(f"{BASE_URL}{LOTS}", status=409, payload=conflict)
    mocked.get(f"{BASE_URL}/cell_batches/b9", payload=lot("b9", "batch-1"))
    mocked.post(f"{BASE_URL}{CELLS}", status=201, payload=cell(1, batch_id="b9"))
    await client.cell_instance.create_or_get("s1", {"name": "c1", "batch": "BATCH-1"})
    assert [(m, p) for m, p, _, _ in sent(mocked)] == [
        ("POST", LOTS),
        ("GET", "/cell_batches/b9"),
        ("POST", CELLS),
    ]
    assert sent(mocked)[-1][3] == {"name": "c1", "batch_id": "b9"}


async def test_update_learns_the_specification_with_one_get(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    mocked.get(f"{BASE_URL}/cell_instances/i1", payload=cell(1))
    mocked.post(f"{BASE_URL}{LOTS}", status=201, payload=lot("b2", "B-2"))
    mocked.patch(
        f"{BASE_URL}/cell_instances/i1",
        payload=cell(1, batch_id="b2", batch_name="B-2"),
    )
    updated = await client.cell_instance.update("i1", {"batch": "B-2"})
    assert sent(mocked) == [
        ("GET", "/cell_instances/i1", [], None),
        ("POST", LOTS, [], {"name": "B-2"}),
        ("PATCH", "/cell_instances/i1", [], {"batch_id": "b2"}),
    ]
    assert updated.batch == "B-2"


async def test_create_many_looks_each_lot_up_once(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    lot_posts: list[str] = []

    async def create_lot(url: Any, **kwargs: Any) -> CallbackResult:
        name = kwargs["json"]["name"] if "json" in kwargs else None
        lot_posts.append(str(name))
        lot_id = f"lot-{len(lot_posts)}"
        await asyncio.sleep(0.01)  # every item of the lot is waiting by now
        return CallbackResult(status=201, payload=lot(lot_id, "x"))

    def create_cell(url: Any, **kwargs: Any) -> CallbackResult:
        return CallbackResult(status=201, payload=cell(0))

    items = [{"name": f"c{i}", "batch": ["A", "b", "B"][i % 3]} for i in range(30)]
    mocked.post(f"{BASE_URL}{LOTS}", callback=create_lot, repeat=True)
    mocked.post(f"{BASE_URL}{CELLS}", callback=create_cell, repeat=True)
    result = await client.cell_instance.create_many("s1", items, concurrency=30)
    bodies = [body for m, p, _, body in sent(mocked) if p == CELLS]
    assert result.created == 30 and len(lot_posts) == 2  # "b" and "B" are one lot
    by_name = {item["name"]: item for item in bodies}
    assert by_name["c1"]["batch_id"] == by_name["c2"]["batch_id"]
    assert by_name["c0"]["batch_id"] != by_name["c1"]["batch_id"]


@pytest.mark.parametrize(
    ("body", "error", "match"),
    [
        ({"name": "c", "batch": "B", "batch_id": "b1"}, ValueError, "not both"),
        ({"name": "c", "batch": 2024}, TypeError, "lot's name"),
        ({"name": "c", "batch": "  "}, ValueError, "non-empty"),
    ],
)
async def test_a_bad_batch_fails_before_any_request(
    client: AsyncIonworks,
    body: dict[str, Any],
    error: type[Exception],
    match: str,
    mocked: aioresponses,
) -> None:
    with pytest.raises(error, match=match):
        await client.cell_instance.create("s1", body)
    with pytest.raises(error, match=match):
        await client.cell_instance.update("i1", body)
    assert sent(mocked) == []


async def test_lot_create_or_get_compares_names_case_insensitively(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    mocked.post(f"{BASE_URL}{LOTS}", status=409, payload={"detail": "exists"})
    mocked.get(
        re.compile(".*cell_batches.*"),
        payload=page(lot("b1", "BATCH-10"), lot("b2", "Batch-1")),
    )
    found = await client.cell_batch.create_or_get("s1", {"name": "batch-1"})
    assert sent(mocked)[1][2] == sorted(
        [("name", "ilike.%batch-1%"), ("limit", "100"), ("offset", "0")]
    )
    assert isinstance(found, CellBatch) and found.id == "b2"


# -- projects -------------------------------------------------------------------


@pytest.fixture
async def project_client() -> AsyncIterator[AsyncIonworks]:
    async with AsyncIonworks(API_KEY, BASE_URL, project_id="p1") as c:
        set_retrier(c, sleep=no_sleep)
        yield c


async def test_the_default_project_goes_into_a_body_that_has_none(
    project_client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    spec = {"id": "s1", "name": "NMC", "project_id": "p1"}
    mocked.post(f"{BASE_URL}/cell_specifications", payload=spec, repeat=True)
    await project_client.cell_spec.create({"name": "NMC"})
    await project_client.cell_spec.create({"name": "NMC", "project_id": None})
    await project_client.cell_spec.create({"name": "NMC", "project_id": "p2"})
    await project_client.cell_spec.create_many([{"name": "A"}], if_exists="error")
    await project_client.cell_spec.create_many([{"name": "B"}])
    assert [body["project_id"] for _, _, _, body in sent(mocked)] == [
        "p1",
        "p1",
        "p2",
        "p1",
        "p1",
    ]
    assert project_client.project_id == "p1"


async def test_name_lookups_are_scoped_to_the_project(
    project_client: AsyncIonworks,
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    spec = {"id": "s1", "name": "NMC", "project_id": "p1"}
    mocked.post(f"{BASE_URL}/cell_specifications", status=409, payload={})
    mocked.get(re.compile(".*"), payload=page(spec))
    await project_client.cell_spec.create_or_get({"name": "NMC"})
    mocked.get(re.compile(".*"), payload=page(spec), repeat=True)
    await project_client.cell_spec.list(name_exact="NMC")
    await project_client.cell_spec.list(name="NMC")  # not an identity lookup
    await client.cell_spec.list(name_exact="NMC")  # no project configured
    queries = [query for method, _, query, _ in sent(mocked) if method == "GET"]
    walk = [("limit", "100"), ("offset", "0")]
    assert queries == [
        sorted([("name", "eq.NMC"), ("project_id", "p1"), *walk]),
        sorted([("name", "eq.NMC"), ("project_id", "p1"), *walk]),
        sorted([("name", "ilike.%NMC%"), *walk]),
        sorted([("name", "eq.NMC"), *walk]),
    ]
