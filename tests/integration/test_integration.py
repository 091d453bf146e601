"""Both clients against ionworks-local over loopback: every route and filter."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ionworks import Ionworks
from ionworks_async import (
    AsyncIonworks,
    AuthenticationError,
    ConflictError,
    MeasurementProcessingError,
    MeasurementValidationError,
    NotFoundError,
)
from ionworks_async.local import LocalServer, serve
from ionworks_async.local.demo import constant_current_protocol

from ..support import LOCAL_KEY


class AsyncDriver:
    """Drives an AsyncIonworks on a loop thread of its own, call by call."""

    def __init__(self, api_key: str, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = AsyncIonworks(api_key, url)

    def __getattr__(self, name: str) -> Any:
        return _AsyncAttribute(self, getattr(self.client, name))

    def run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(60)

    def close(self) -> None:
        self.run(self.client.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


class _AsyncAttribute:
    def __init__(self, driver: AsyncDriver, target: Any) -> None:
        self.driver, self.target = driver, target

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.target, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            if hasattr(result, "__anext__"):

                async def collect() -> list[Any]:
                    return [item async for item in result]

                return iter(self.driver.run(collect()))
            return self.driver.run(result)

        return call


@pytest.fixture(params=["async", "blocking"])
def api(
    request: pytest.FixtureRequest, local_thread_server: LocalServer
) -> Iterator[Any]:
    client: Any
    if request.param == "async":
        client = AsyncDriver(LOCAL_KEY, local_thread_server.url)
        yield client
        client.close()
    else:
        with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
            yield client


def stats(server: LocalServer) -> dict[str, Any]:
    with urllib.request.urlopen(f"{server.url}/_local/stats", timeout=10) as response:
        result: dict[str, Any] = json.load(response)
        return result


SERIES = constant_current_protocol(cycles=1, sample_seconds=10.0)


def test_crud_of_every_resource_with_unknown_fields(api: Any) -> None:
    spec = api.cell_spec.create(
        {"name": "NMC", "form_factor": "R2032", "lab_code": "L7"}
    )
    assert spec.lab_code == "L7" and spec.created_by_email and spec.created_at
    assert api.cell_spec.get(spec.id) == spec
    assert api.cell_spec.update(spec.id, {"notes": "n"}).notes == "n"
    instance = api.cell_instance.create(
        spec.id, {"name": "c1", "batch": "B1", "rig": {"slot": 3}}
    )
    assert instance.cell_specification_id == spec.id and instance.rig == {"slot": 3}
    assert api.cell_instance.get(instance.id).to_dict() == instance.to_dict()
    updated = api.cell_instance.update(instance.id, {"batch": "B2"})
    assert updated.batch == "B2" and updated.updated_at >= instance.updated_at
    props = api.cell_measurement.create_properties(instance.id, "mass", {"g": 2.5})
    assert props.measurement_type == "properties" and props.properties == {"g": 2.5}
    assert api.measurement.update(props.id, {"notes": "weighed"}).notes == "weighed"
    assert [m.id for m in api.cell_measurement.list(instance.id)] == [props.id]
    api.cell_measurement.delete(props.id)
    with pytest.raises(NotFoundError):
        api.cell_measurement.get(props.id)
    api.cell_spec.delete(spec.id)  # cascades
    with pytest.raises(NotFoundError):
        api.cell_instance.get(instance.id)


def test_filters_and_ordering(api: Any) -> None:
    spec = api.cell_spec.create({"name": "Filter spec", "form_factor": "pouch"})
    api.cell_spec.create({"name": "Other", "form_factor": "R2032"})
    names = ["alpha-1", "Alpha-2", "beta", "gamma"]
    created = [api.cell_instance.create(spec.id, {"name": name}) for name in names]
    by = lambda page: [item.name for item in page]  # noqa: E731
    assert by(api.cell_instance.list(spec.id, name="ALPHA")) == ["alpha-1", "Alpha-2"]
    assert by(api.cell_instance.list(spec.id, name="alpha", name_exact="beta")) == [
        "beta"
    ]
    assert by(api.cell_instance.list(spec.id, created_by_email="LOCAL-USER")) == names
    assert by(api.cell_instance.list(spec.id, created_by_email="nobody")) == []
    middle = created[1].created_at  # ISO text, as the public client's records
    assert by(api.cell_instance.list(spec.id, created_after=middle)) == [
        "beta",
        "gamma",
    ]
    assert by(api.cell_instance.list(spec.id, created_before=middle)) == ["alpha-1"]
    assert by(
        api.cell_instance.list(
            spec.id, created_before=dt.datetime.fromisoformat(middle)
        )
    ) == ["alpha-1"]
    assert (
        by(api.cell_instance.list(spec.id, updated_after=dt.date(2000, 1, 1))) == names
    )
    api.cell_instance.update(created[0].id, {"notes": "touched"})
    assert by(api.cell_instance.list(spec.id, updated_after=created[3].updated_at)) == [
        "alpha-1"
    ]
    assert by(api.cell_instance.list(spec.id, order_by="name", order="desc")) == [
        "gamma",
        "beta",
        "alpha-1",
        "Alpha-2",
    ]
    assert by(api.cell_spec.list(form_factor="pouch")) == ["Filter spec"]
    page = api.cell_instance.list(spec.id, limit=2, offset=1)
    assert by(page) == ["Alpha-2", "beta"] and (len(page), page.total) == (2, 4)
    instance = created[0]
    api.cell_measurement.create_properties(
        instance.id, "early", {}, start_time="2024-01-01T00:00:00Z"
    )
    api.cell_measurement.create_properties(
        instance.id, "late", {}, start_time="2024-06-01T00:00:00+02:00"
    )
    assert by(api.cell_measurement.list(instance.id, started_after="2024-03-01")) == [
        "late"
    ]
    assert by(
        api.cell_measurement.list(
            instance.id, started_before=dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
        )
    ) == ["early"]
    assert by(
        api.cell_measurement.list(
            instance.id,
            measurement_type="properties",
            order_by="start_time",
            order="desc",
        )
    ) == ["late", "early"]
    assert (
        by(api.cell_measurement.list(instance.id, measurement_type="time_series")) == []
    )


def test_pagination_past_one_hundred(api: Any) -> None:
    spec = api.cell_spec.create({"name": "Many"})
    names = [f"cell-{index:03d}" for index in range(230)]
    api.cell_instance.create_many(spec.id, [{"name": name} for name in names])
    last = api.cell_instance.list(spec.id, limit=100, offset=200, order_by="name")
    assert (len(last), last.total, last[0].name) == (30, 230, "cell-200")
    streamed = [instance.name for instance in api.cell_instance.iter_all(spec.id)]
    everything = api.cell_instance.list(spec.id)  # every page, as the seed documents
    assert [instance.name for instance in everything] == streamed
    assert sorted(streamed) == names
    assert isinstance(everything, list) and everything.total == 230
    assert len(api.cell_instance.list(spec.id, limit=100)) == 100


def test_conflicts_and_create_or_get(api: Any) -> None:
    spec = api.cell_spec.create_or_get({"name": "Dup"})
    assert (
        api.cell_spec.create_or_get({"name": "Dup", "notes": "ignored"}).id == spec.id
    )
    instance = api.cell_instance.create(spec.id, {"name": "c"})
    with pytest.raises(ConflictError) as caught:
        api.cell_instance.create(spec.id, {"name": "c"})
    assert caught.value.existing_id == instance.id and caught.value.request_id
    assert api.cell_instance.create_or_get(spec.id, {"name": "c"}).id == instance.id
    with pytest.raises(ConflictError):
        api.cell_instance.update(
            api.cell_instance.create(spec.id, {"name": "d"}).id, {"name": "c"}
        )
    other = api.cell_spec.create({"name": "Other"})
    assert (
        api.cell_instance.create(other.id, {"name": "c"}).id != instance.id
    )  # per parent


def test_upload_processing_and_detail(
    api: Any, local_thread_server: LocalServer
) -> None:
    spec = api.cell_spec.create({"name": "Upload"})
    instance = api.cell_instance.create(spec.id, {"name": "u1"})
    measurement = api.cell_measurement.create(
        instance.id,
        {"measurement": {"name": "cc", "notes": "1C"}, "time_series": SERIES},
    )
    assert measurement.processing_status == "ready" and measurement.notes == "1C"
    again = api.cell_measurement.create_or_get(
        instance.id, {"measurement": {"name": "cc"}, "time_series": SERIES}
    )
    assert again.id == measurement.id
    detail = api.cell_instance.detail(instance.id)
    (item,) = detail.measurements
    # Polars frames, the default, as the public client returns them.
    assert item.time_series["Voltage [V]"].to_list() == SERIES["Voltage [V]"]
    steps = item.steps.to_dict(as_series=False)
    assert steps["Step type"] == [
        "Constant current discharge",
        "Rest",
        "Constant current charge",
        "Rest",
    ]
    assert steps["Discharge capacity [A.h]"][0] == pytest.approx(0.997, abs=0.01)
    cycles = item.cycles.to_dict(as_series=False)
    assert cycles["Coulombic efficiency"][0] == pytest.approx(1.0, abs=0.02)
    assert api.cell_measurement.steps(measurement.id).equals(item.steps)
    assert api.cell_measurement.cycles(measurement.id).equals(item.cycles)
    assert stats(local_thread_server)["storage_requests_with_credentials"] == 0


@pytest.mark.parametrize(
    ("series", "reason"),
    [
        (
            {
                "Time [s]": [0.0, 1.0],
                "Voltage [V]": [4.0, 4.0],
                "Current [A]": [1.0, 1.0],
            },
            "step_count_missing",
        ),
        (
            {**{k: v[:3] for k, v in SERIES.items()}, "Time [s]": [0.0, 2.0, 1.0]},
            "time_not_monotonic",
        ),
    ],
)
def test_processing_failure_is_reported(
    api: Any, series: dict[str, list[float]], reason: str
) -> None:
    spec = api.cell_spec.create({"name": "Fail"})
    instance = api.cell_instance.create(spec.id, {"name": "f1"})
    detail = {"measurement": {"name": "bad"}, "time_series": series}
    with pytest.raises(MeasurementValidationError) as refused:
        api.cell_measurement.create(instance.id, detail)
    assert refused.value.has_code(reason) and not api.cell_measurement.list(instance.id)
    # Sent past the client's checks, the server's processing applies them.
    with pytest.raises(MeasurementProcessingError) as caught:
        api.cell_measurement.create(instance.id, detail, validate=False)
    assert reason in caught.value.message
    (failed,) = api.cell_measurement.list(instance.id)
    assert failed.processing_status == "failed" and reason in failed.processing_error


def test_large_bodies_are_gzipped_and_stored(api: Any) -> None:
    notes = "battery " * 80_000  # 640 kB: sent gzipped
    spec = api.cell_spec.create({"name": "Big", "notes": notes})
    assert api.cell_spec.get(spec.id).notes == notes


def test_auth_failures(local_thread_server: LocalServer) -> None:
    with (
        Ionworks("wrong-key", local_thread_server.url) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.cell_spec.list()
    assert caught.value.status_code == 401 and "wrong-key" not in str(caught.value)
    with Ionworks(api_url=local_thread_server.url, token=LOCAL_KEY) as client:
        assert client.cell_spec.list().total == 0


def test_data_survives_a_restart(tmp_path: Path) -> None:
    def session() -> Any:
        return serve(data_dir=tmp_path, api_keys=[LOCAL_KEY])

    with session() as server, Ionworks(LOCAL_KEY, server.url) as client:
        spec = client.cell_spec.create({"name": "Durable"})
        instance = client.cell_instance.create(spec.id, {"name": "d1"})
        measurement = client.cell_measurement.create(
            instance.id, {"measurement": {"name": "m"}, "time_series": SERIES}
        )
    with session() as server, Ionworks(LOCAL_KEY, server.url) as client:
        assert client.cell_spec.get(spec.id).name == "Durable"
        (item,) = client.cell_instance.detail(instance.id).measurements
        assert item.id == measurement.id and item.steps is not None
        assert len(item.time_series) == len(SERIES["Time [s]"])
