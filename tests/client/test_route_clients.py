"""The route sub-clients on bad input and odd answers: typed errors, nothing sent.

A small aiohttp server (``served``, in conftest) answers each path from the
test's table (a JSON body, text, or a status) and records the requests.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from ionworks import Ionworks
from ionworks_async import AsyncIonworks
from ionworks_async.errors import ResponseValidationError
from ionworks_async.models import ChannelIncident, ChannelState, LabStatus

Answers = dict[str, Any]
Served = Callable[..., AsyncIterator[tuple[AsyncIonworks, list[tuple[str, Any]]]]]


CHANNEL = {"id": "c", "name": "CH", "cycler_id": "y", "project_id": "p"}


async def test_a_project_is_required_before_any_request(
    served: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IONWORKS_PROJECT_ID", raising=False)
    monkeypatch.delenv("PROJECT_ID", raising=False)
    client, seen = await served({})
    with pytest.raises(ValueError, match="project_id is required"):
        await client.planned_measurement.list()
    with pytest.raises(ValueError, match="project_id is required"):
        await client.protocol.create("p", {"steps": []})
    with pytest.raises(TypeError, match="site_id must be a string"):
        await client.site.get(7)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit must be 1 or more"):
        await client.channel.list_all(limit=0)
    assert seen == []


async def test_an_answer_of_the_wrong_shape_is_a_typed_error(
    served: Callable[..., Any],
) -> None:
    client, _ = await served(
        {
            "/sites/s": [],
            "/channels/c": {"name": "no id"},
            "/projects/p/lab/watched": {"measurement_ids": "m-1"},
            "/protocols/convert": {"target": "maccor", "primary": {"filename": "x"}},
            "/protocols/parse": {"error": "unreadable"},
            "/protocols/input_references": {"not": "a list"},
        }
    )
    with pytest.raises(ResponseValidationError, match="not a valid Site"):
        await client.site.get("s")
    with pytest.raises(ResponseValidationError, match="not a valid Channel"):
        await client.channel.get("c")
    with pytest.raises(ResponseValidationError, match="measurement ids"):
        await client.lab.list_watched("p")
    with pytest.raises(ResponseValidationError, match="converted protocol"):
        await client.protocol.convert("steps: []", "maccor")
    with pytest.raises(ResponseValidationError, match="parsed protocol"):
        await client.protocol.parse_file(__file__)
    with pytest.raises(ResponseValidationError, match="without a list"):
        await client.protocol.find_input_references("steps: []")


async def test_a_protocol_text_that_is_not_a_mapping_is_refused(
    served: Callable[..., Any],
) -> None:
    client, seen = await served({}, project_id="p")
    with pytest.raises(ValueError, match="not valid YAML"):
        await client.protocol.create("p", "steps: [unclosed")
    with pytest.raises(ValueError, match="mapping with a 'steps' key"):
        await client.protocol.create("p", "- a list")
    assert seen == []


async def test_names_match_literally_and_ids_are_one_segment(
    served: Callable[..., Any],
) -> None:
    client, seen = await served(
        {"/sites": {"items": [], "total": 0}, "/channels/a/b?c": CHANNEL}
    )
    await client.site.list(name="50%_off", location="a_b")
    await client.channel.get("a/b?c")
    assert seen[0][1] == (
        "/sites?name=ilike.%25" + "50%5C%25%5C_off" + "%25&location=ilike.%25a%5C_b%25"
    )
    assert seen[1][1] == "/channels/a%2Fb%3Fc"


async def test_a_detail_walks_every_page_of_cyclers_and_channels(
    served: Callable[..., Any],
) -> None:
    cyclers = [
        {"id": f"y{n}", "name": f"Y{n}", "site_id": "s", "project_id": "p"}
        for n in range(150)
    ]
    client, seen = await served(
        {
            "/sites/s": {"id": "s", "name": "S"},
            "/sites/s/cyclers?limit=100&offset=0": {
                "items": cyclers[:100],
                "total": 150,
            },
            "/sites/s/cyclers?limit=100&offset=100": {
                "items": cyclers[100:],
                "total": 150,
            },
            **{
                f"/cyclers/y{n}/channels": {"items": [CHANNEL], "total": 1}
                for n in range(150)
            },
        }
    )
    detail = await client.site.detail("s")
    assert len(detail.cyclers) == 150
    assert detail.cyclers[149].cycler.id == "y149"
    assert [c.channels[0].id for c in detail.cyclers] == ["c"] * 150
    assert len(seen) == 1 + 2 + 150


async def test_find_by_name_refuses_a_name_two_protocols_have(
    served: Callable[..., Any],
) -> None:
    protocol = {"id": "a", "name": "CC", "organization_id": "o"}
    client, _ = await served(
        {"/experiment_templates": {"items": [protocol, protocol], "total": 2}},
        project_id="p",
    )
    with pytest.raises(ValueError, match="2 protocols in this project"):
        await client.protocol.find_by_name("CC")


async def test_the_lab_view_is_read_from_a_status_given_without_a_request(
    served: Callable[..., Any],
) -> None:
    client, seen = await served({})
    status = LabStatus.model_validate(
        {
            "sites": [
                {
                    "id": "s",
                    "name": "S",
                    "cyclers": [
                        {
                            "id": "y",
                            "name": "Y",
                            "channel_count": 3,
                            "occupied": 0,
                            "stale": 0,
                            "free": 2,
                            "out_of_commission": 1,
                            "channels": [
                                {
                                    "id": "a",
                                    "name": "A",
                                    "state": "free",
                                    "max_amps": 2,
                                },
                                {"id": "b", "name": "B", "state": "free"},
                                {"id": "c", "name": "C", "state": "out_of_commission"},
                            ],
                        }
                    ],
                }
            ],
            "free": 2,
            "out_of_commission": 1,
        }
    )
    use = await client.lab.utilization("p", status=status)
    assert (use.percent, use.total, use.free) == (0, 3, 2)
    free = await client.lab.free_channels("p", min_amps=1.0, status=status)
    assert [(f.channel.id, f.cycler_name, f.site_name) for f in free] == [
        ("a", "Y", "S")
    ]
    assert free[0].channel.state is ChannelState.free
    assert await client.lab.on_channel("p", "c", status=status) is None
    assert seen == []


def test_an_open_outage_past_its_booked_end_is_overdue() -> None:
    base = {"id": "i", "channel_id": "c", "project_id": "p", "started_at": "2020"}
    late = ChannelIncident.model_validate(
        {**base, "service_scheduled_until": "2020-01-02T00:00:00Z"}
    )
    closed = ChannelIncident.model_validate(
        {
            **base,
            "service_scheduled_until": "2020-01-02T00:00:00Z",
            "resolved_at": "2020-01-03T00:00:00Z",
        }
    )
    future = ChannelIncident.model_validate(
        {**base, "service_scheduled_until": "2999-01-01T00:00:00+00:00"}
    )
    assert late.is_overdue_to_return
    assert not closed.is_overdue_to_return
    assert not future.is_overdue_to_return


async def test_the_organisation_is_the_settings_else_the_keys_asked_once(
    served: Callable[..., Any],
) -> None:
    member = {"id": "u", "email": "E@x.y", "organization_role": {"name": "Admin"}}
    client, seen = await served(
        {"/organizations/o/users": [member]}, organization_id="o"
    )
    assert (await client.organization.get_member("e@x.y")).role == "Admin"
    assert [path for _, path in seen] == ["/organizations/o/users"]

    client, seen = await served(
        {
            "/users/me": {"id": "u", "authorized_organization": {"id": "k"}},
            "/organizations/k/users": [member],
        }
    )
    await client.organization.members()
    await client.organization.remove("u")
    assert [path for _, path in seen] == [
        "/users/me",
        "/organizations/k/users",
        "/organizations/k/users/u",
    ]

    client, _ = await served({"/users/me": {"id": "u"}})
    with pytest.raises(ValueError, match="Could not determine the organization"):
        await client.organization.members()
    client, _ = await served(
        {
            "/users/me": {"authorized_organization": {"id": "k"}},
            "/organizations/k/users": [{"email": "no id"}],
        }
    )
    with pytest.raises(ResponseValidationError, match="member that is not valid"):
        await client.organization.members()


async def test_links_follow_the_apis_address(
    served: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ionworks_async.resources.organization.urls import app_base_url

    monkeypatch.delenv("IONWORKS_APP_URL", raising=False)
    assert app_base_url("https://api.ionworks.com") == "https://app.ionworks.com"
    assert app_base_url("https://staging-api.ionworks.com") == (
        "https://staging.ionworks.com"
    )
    assert app_base_url("http://127.0.0.1:8000") == "https://app.ionworks.com"
    monkeypatch.setenv("IONWORKS_APP_URL", "https://lab.example/")
    client, seen = await served({}, project_id="p")
    assert (
        await client.urls.protocol("x") == "https://lab.example/projects/p/protocols/x"
    )
    assert seen == []


async def test_a_prior_is_built_from_a_datasets_scalar(
    served: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import math
    import types

    from ionworks_async.errors import MissingDependencyError
    from ionworks_async.resources.materials.datasets import inferred_columns

    made: list[tuple[str, Any, Any]] = []
    schema = types.SimpleNamespace(
        stats=types.SimpleNamespace(
            Normal=lambda mean, std: ("normal", mean, std),
            LogNormal=lambda mean, std: ("lognormal", mean, std),
        ),
        priors=types.SimpleNamespace(
            Prior=lambda name, dist, regularizer_weight: (
                made.append((name, dist, regularizer_weight)) or made[-1]
            )
        ),
    )
    client, seen = await served(
        {"/material_property_datasets/d/data": {"k [S/m]": [2.0], "many": [1, 2]}}
    )
    monkeypatch.setitem(sys.modules, "ionworks_schema", schema)
    datasets = client.material_property_dataset
    assert await datasets.to_prior("d", "k [S/m]", "k", rel_std=0.1) == (
        "k",
        ("normal", 2.0, pytest.approx(0.2)),
        None,
    )
    prior = await datasets.to_prior(
        "d", "k [S/m]", "k", std=0.5, distribution="lognormal", regularizer_weight=2
    )
    assert prior == ("k", ("lognormal", math.log(2.0), 0.5), 2)
    with pytest.raises(ValueError, match="has 2 rows"):
        await datasets.to_prior("d", "many", "k", std=1.0)
    assert (await datasets.to_prior("d", "many", "k", std=1.0, row=-1))[1][1] == 2.0
    sent = len(seen)
    with pytest.raises(ValueError, match="exactly one of"):
        await datasets.to_prior("d", "k [S/m]", "k", std=1.0, rel_std=0.1)
    assert len(seen) == sent  # refused before any request
    monkeypatch.setitem(sys.modules, "ionworks_schema", None)  # not installed
    with pytest.raises(MissingDependencyError, match="pip install ionworks-schema"):
        await datasets.to_prior("d", "k [S/m]", "k", std=1.0)
    assert inferred_columns(["Conductivity [S.m-1]", "T"]) == [
        {"name": "Conductivity", "unit": "S.m-1", "source_column_index": 0},
        {"name": "T", "unit": "", "source_column_index": 1},
    ]


async def test_an_analysis_file_that_is_not_parquet_is_a_typed_error(
    served: Callable[..., Any],
) -> None:
    client, _ = await served(
        {"/analyses/a/download-url": {"url": "/blob/x"}, "/blob/x": "no"}
    )
    with pytest.raises(ResponseValidationError, match="not a parquet table"):
        await client.analysis.get_data("a")
    with pytest.raises(TypeError, match="data must be a DataFrame"):
        await client.analysis.create("m", "n", "t", 42)


async def test_waiting_polls_with_backoff_under_a_deadline(
    served: Callable[..., Any],
) -> None:
    import asyncio

    states = iter(["queued", "running", "running", "succeeded"])
    client, seen = await served(
        {
            "/optimizations/o": lambda: {"status": next(states)},
            "/optimizations/slow": {"status": "running"},
        }
    )
    loop = asyncio.get_running_loop()
    start = loop.time()
    done = await client.optimization.wait_for_completion(
        "o", poll_interval=0.05, verbose=False
    )
    assert done == {"status": "succeeded"} and len(seen) == 4
    assert loop.time() - start >= 0.05 + 0.075 + 0.1125  # the waits grow
    with pytest.raises(TimeoutError, match=r"did not complete within 0\.2 seconds"):
        await client.optimization.wait_for_completion(
            "slow", timeout=0.2, poll_interval=0.05
        )
    with pytest.raises(ValueError, match="poll_interval must be a positive"):
        await client.optimization.wait_for_completion("o", poll_interval=0)
    before = len(seen)
    waiting = asyncio.ensure_future(
        client.optimization.wait_for_completion("slow", poll_interval=10)
    )
    for _ in range(3000):  # until its first poll arrives: then it waits 10 s
        if len(seen) > before:
            break
        await asyncio.sleep(0.01)
    assert len(seen) > before, "the wait never polled"
    await asyncio.sleep(0.05)
    polled = len(seen)
    waiting.cancel()  # nothing is left polling
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await asyncio.sleep(0.1)
    assert len(seen) == polled


async def test_the_default_project_can_be_changed_for_every_sub_client(
    served: Callable[..., Any],
) -> None:
    client, seen = await served(
        {"/projects/p2/planned_measurements": {"items": [], "total": 0}},
        project_id="p1",
    )
    planned = client.planned_measurement  # built before the change
    client.project_id = "p2"  # as a script for the public client assigns it
    assert (await planned.list()).total == 0
    assert seen[-1][1].startswith("/projects/p2/planned_measurements")
    with pytest.raises(TypeError, match="project_id must be a string"):
        client.project_id = 3  # type: ignore[assignment]
    client.project_id = None
    with pytest.raises(ValueError, match="project_id is required"):
        await planned.list()
    with Ionworks("k" * 40, "http://127.0.0.1:9", cache_dir=False) as blocking:
        blocking.project_id = "p3"
        assert blocking.project_id == "p3"
