"""detail() composition against the instrumented api API on loopback."""

from __future__ import annotations

import asyncio
import math

import pytest

from ionworks_async import AsyncIonworks, BadRequestError, NotFoundError

from ..support.local_api import API_KEY, CYCLES, STEPS, TIME_SERIES, LocalApi


def client_tasks() -> set[asyncio.Task[object]]:
    """Tasks of this loop, less the api server's own request handlers."""
    return {
        task
        for task in asyncio.all_tasks()
        if "RequestHandler" not in task.get_coro().__qualname__  # type: ignore[union-attr]
    }


def pages(n: int) -> int:
    return max(1, math.ceil(n / 100))


@pytest.mark.parametrize("n", [0, 1, 30, 250])
async def test_detail_makes_2_plus_kn_requests_concurrently(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks, n: int
) -> None:
    api, _ = local_api
    api.add_instance("inst", n)
    detail = await api_client.cell_instance.detail("inst")
    # instance + every list page + steps_and_cycles and the time-series
    # download a measurement, and that download's storage fetch: 2 + 3N
    assert api.api_requests() == 1 + pages(n) + 2 * n
    assert api.storage_requests() == n
    assert api.counts["/cell_measurements/{id}/steps_and_cycles"] == n
    assert detail.id == "inst" and detail.specification_id == "spec-1"
    assert [m.id for m in detail.measurements] == [f"inst-m{i}" for i in range(n)]
    if n:
        first = detail.measurements[0]
        assert (
            first.time_series is not None and first.time_series.to_dict() == TIME_SERIES
        )
        assert first.steps is not None and first.steps.to_dict() == STEPS
        assert first.cycles is not None and first.cycles.to_dict() == CYCLES
    if n >= 30:
        # sub-requests overlap, and stay within the client's concurrency limits
        assert api.max_in_flight >= 8
    assert api.max_in_flight_by["api"] <= api_client.max_concurrency
    assert api.max_in_flight_by["storage"] <= api_client.storage_concurrency


async def test_storage_fetches_have_their_own_budget(
    local_api: tuple[LocalApi, str],
) -> None:
    """Signed storage URLs are another origin: they do not wait for API slots."""
    api, url = local_api
    api.add_instance("inst", 24)
    api.latency, api.storage_latency = 0.02, 0.3
    async with AsyncIonworks(
        API_KEY, url, max_concurrency=2, storage_concurrency=12
    ) as client:
        detail = await client.cell_instance.detail("inst")
    assert len(detail.measurements) == 24
    assert api.max_in_flight_by["api"] <= 2
    assert 2 < api.max_in_flight_by["storage"] <= 12
    with pytest.raises(ValueError, match="storage_concurrency"):
        AsyncIonworks(API_KEY, url, storage_concurrency=0)


@pytest.mark.parametrize(
    ("flags", "k", "storage"),
    [
        ({"include_time_series": False}, 1, 0),  # steps_and_cycles
        ({"include_cycles": False}, 2, 2),  # steps and time-series downloads
        ({"include_steps": False, "include_cycles": False}, 1, 1),
        (
            {
                "include_steps": False,
                "include_cycles": False,
                "include_time_series": False,
            },
            0,
            0,
        ),
    ],
)
async def test_include_flags_choose_the_fetches(
    local_api: tuple[LocalApi, str],
    api_client: AsyncIonworks,
    flags: dict[str, bool],
    k: int,
    storage: int,
) -> None:
    api, _ = local_api
    api.add_instance("inst", 5)
    detail = await api_client.cell_instance.detail("inst", **flags)
    assert api.api_requests() == 2 + k * 5
    assert api.storage_requests() == storage * 5
    first = detail.measurements[0]
    assert (first.time_series is None) == (not flags.get("include_time_series", True))
    assert (first.steps is None) == (not flags.get("include_steps", True))


async def test_include_flags_must_be_bools(api_client: AsyncIonworks) -> None:
    with pytest.raises(TypeError, match="include_steps"):
        await api_client.cell_instance.detail("inst", include_steps="false")  # type: ignore[arg-type]


async def test_legacy_list_form_is_walked_to_the_end(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.legacy_lists = True
    api.add_instance("inst", 250)
    detail = await api_client.cell_instance.detail("inst", include_time_series=False)
    assert [m.id for m in detail.measurements] == [f"inst-m{i}" for i in range(250)]
    assert api.counts["/cell_instances/{id}/cell_measurements"] == 3


@pytest.mark.parametrize("legacy", [False, True])
async def test_later_pages_are_asked_for_before_the_first_pages_data(
    local_api: tuple[LocalApi, str], legacy: bool
) -> None:
    """A list page never waits behind the data requests of the page before it."""
    api, url = local_api
    api.legacy_lists = legacy
    api.add_instance("inst", 250)
    async with AsyncIonworks(API_KEY, url, max_concurrency=4) as client:
        detail = await client.cell_instance.detail("inst")
    assert len(detail.measurements) == 250
    lists = [
        index
        for index, arrival in enumerate(api.arrivals)
        if arrival.startswith("/cell_instances/{id}/cell_measurements?")
    ]
    data = [
        index
        for index, arrival in enumerate(api.arrivals)
        if "/steps_and_cycles" in arrival
    ]
    assert len(lists) == 3 and len(data) == 250
    if legacy:  # each page is known only when the one before it arrives
        assert lists[1] < data[0]
    else:  # every later page at once, when the first tells the total
        assert lists[2] < data[0]


async def test_a_pages_time_series_links_go_out_before_its_other_data(
    local_api: tuple[LocalApi, str],
) -> None:
    """The links lead to a second round trip (storage): they are sent first."""
    api, url = local_api
    api.add_instance("inst", 30)
    async with AsyncIonworks(API_KEY, url) as client:
        detail = await client.cell_instance.detail("inst")
    assert len(detail.measurements) == 30
    links = [
        i
        for i, a in enumerate(api.arrivals)
        if a.startswith("/cell_measurements/{id}/time_series/download")
    ]
    tables = [i for i, a in enumerate(api.arrivals) if "/steps_and_cycles" in a]
    assert len(links) == len(tables) == 30
    assert max(links) < min(tables)


async def test_properties_and_file_measurements(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    await api_client.cell_measurement.create_properties("inst", "mass", {"g": 1.0})
    await api_client.cell_measurement.create_file(
        "inst", "raw", [("raw.parquet", b"PAR1 not really")]
    )
    api.reset()
    detail = await api_client.cell_instance.detail("inst")
    properties, file = detail.measurements
    assert (properties.steps, properties.time_series, properties.files) == (
        None,
        None,
        None,
    )
    assert file.files is not None and set(file.files) == {"raw.parquet"}
    # instance, list, and the file measurement's list of files and one file
    assert api.api_requests() == 4
    # Metadata only: no data, and no files either, unless asked for.
    fetched = api.storage_requests()
    bare = await api_client.cell_instance.detail(
        "inst", include_steps=False, include_cycles=False, include_time_series=False
    )
    assert bare.measurements[1].files is None
    assert api.storage_requests() == fetched
    asked = await api_client.cell_instance.detail(
        "inst",
        include_steps=False,
        include_cycles=False,
        include_time_series=False,
        include_files=True,
    )
    assert asked.measurements[1].files is not None
    assert api.storage_requests() == fetched + 1
    with pytest.raises(TypeError, match="include_files"):
        await api_client.cell_instance.detail("inst", include_files="yes")  # type: ignore[arg-type]


async def test_legacy_measurement_without_steps_gives_none(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 2)
    api.no_steps.add("inst-m1")
    detail = await api_client.cell_instance.detail("inst")
    assert detail.measurements[0].steps is not None
    assert (
        detail.measurements[1].steps is None and detail.measurements[1].cycles is None
    )
    assert detail.measurements[1].time_series is not None
    with pytest.raises(NotFoundError):
        await api_client.cell_measurement.steps("inst-m1")


async def test_a_failing_branch_cancels_its_siblings(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 20)
    api.hang_time_series = {f"inst-m{i}" for i in range(1, 20)}
    api.fail_time_series = {"inst-m0"}
    before = client_tasks()
    with pytest.raises(BadRequestError):
        await asyncio.wait_for(api_client.cell_instance.detail("inst"), timeout=5)
    assert client_tasks() <= before  # nothing left running
    # the client is still usable afterwards
    api.hang_time_series.clear()
    api.fail_time_series.clear()
    assert len((await api_client.cell_instance.detail("inst")).measurements) == 20


async def test_cancelling_detail_cancels_every_sub_request(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 10)
    api.hang_time_series = {f"inst-m{i}" for i in range(10)}
    before = client_tasks()
    task = asyncio.ensure_future(api_client.cell_instance.detail("inst"))
    while api.counts["/cell_measurements/{id}/time_series/download"] < 10:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert client_tasks() <= before


async def test_storage_never_receives_credentials(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 3)
    await api_client.cell_instance.detail("inst")
    await api_client.cell_measurement.time_series("inst-m0", use_cache=False)
    assert len(api.storage_headers) == 4  # a time series each, and one more
    for headers in api.storage_headers:
        lowered = {key.lower() for key in headers}
        assert not lowered & {
            "x-api-key",
            "authorization",
            "x-organization-id",
            "cookie",
        }


async def test_measurement_detail_fetches_metadata_then_data(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 1)
    detail = await api_client.cell_measurement.detail("inst-m0", include_cycles=False)
    assert detail.id == "inst-m0" and detail.cycles is None and detail.steps is not None
    assert api.api_requests() == 1 + 2


async def test_a_measurement_detail_reads_flat(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 2)
    api.update_measurement("inst-m0", protocol={"name": "CC"}, lab_note="kept")
    detail = await api_client.cell_instance.detail("inst", include_time_series=False)
    first = detail.measurements[0]
    assert (first.processing_status, first.protocol) == ("ready", {"name": "CC"})
    assert first.lab_note == "kept"  # a field the client does not declare
    assert first.measurement.name == first.name  # the nested form still works
    assert (first.instance_id, first.specification_id) == (
        "inst",
        detail.specification_id,
    )
    assert first.specification_id
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        first.nothing_here  # noqa: B018
    alone = await api_client.cell_measurement.detail(first.id, include_steps=False)
    assert (alone.processing_status, alone.specification_id) == ("ready", None)


async def test_a_measurement_deleted_during_the_walk_is_walked_again(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    """Deleted after page 1 was read: page 2 shifts, and one would be skipped."""
    api, _ = local_api
    api.add_instance("inst", 150)
    items = api.measurement_ids("inst")
    deleted = items[0]

    def delete_once(offset: int) -> None:
        if offset == 100 and items[0] == deleted:
            api.delete_measurement(items.pop(0))

    api.on_list = delete_once
    detail = await api_client.cell_instance.detail("inst")
    ids = [m.measurement.id for m in detail.measurements]
    assert ids == items  # 149: none missing, none deleted
    assert deleted not in ids and len(ids) == 149
    assert api.counts["/cell_instances/{id}/cell_measurements"] == 4  # walked twice


async def test_a_total_the_pages_do_not_bear_out_is_an_error_not_a_flood(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    from ionworks_async import ResponseValidationError
    from ionworks_async.resources.cell_measurement.detail import PAGES_IN_FLIGHT

    api, _ = local_api
    api.add_instance("inst", 5)
    api.total_override = 10**6  # plausible, but only 5 exist
    with pytest.raises(ResponseValidationError, match="fewer came than its total"):
        await api_client.cell_instance.detail("inst")
    # Three walks, each the first page and one bounded window that came back
    # empty — not 200,000 page requests made at once.
    assert api.counts["/cell_instances/{id}/cell_measurements"] == 3 * (
        1 + PAGES_IN_FLIGHT
    )
    api.total_override = 10**12  # beyond plausible: refused at the first page
    api.counts.clear()
    with pytest.raises(ResponseValidationError, match="plausible"):
        await api_client.cell_instance.detail("inst")
    assert api.counts["/cell_instances/{id}/cell_measurements"] == 1


async def test_a_listed_measurement_whose_data_is_gone_is_an_error_not_a_rewalk(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    """A time series that 404s for a measurement still there: the caller's error."""
    api, _ = local_api
    api.add_instance("inst", 3)
    api.discard_file("inst-m1", "time_series.parquet")
    with pytest.raises(NotFoundError, match=r"no time_series\.parquet"):
        await api_client.cell_instance.detail("inst")
    assert api.counts["/cell_instances/{id}/cell_measurements"] == 1  # not rewalked
    assert api.counts["/cell_measurements/{id}"] == 1  # it was looked up, once
    with pytest.raises(NotFoundError, match=r"no time_series\.parquet"):
        await api_client.cell_measurement.detail("inst-m1")
