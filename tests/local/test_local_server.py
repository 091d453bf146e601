"""ionworks-local over raw HTTP: the contract's transport rules and bad input."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from ionworks_async.local import LocalServer, serve
from ionworks_async.local.openapi import openapi_document
from ionworks_async.local.routes import build_app

from ..support import LOCAL_KEY

HEADERS = {"X-API-Key": LOCAL_KEY}


async def call(
    server: LocalServer, method: str, path: str, **kwargs: Any
) -> tuple[int, Any, Any]:
    headers = {**HEADERS, **kwargs.pop("headers", {})}
    async with (
        aiohttp.ClientSession() as session,
        session.request(
            method, server.url + path, headers=headers, allow_redirects=False, **kwargs
        ) as response,
    ):
        raw = await response.read()
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw
        return response.status, response.headers, body


def assert_standard_error(
    status: int, headers: Any, body: Any, expected: int, code: str
) -> None:
    assert status == expected, body
    assert headers["Content-Type"] == "application/json"
    assert headers["x-correlation-id"]
    assert (
        body["error_code"] == code
        and isinstance(body["message"], str)
        and "detail" in body
    )


async def test_json_content_type_is_exact_and_every_answer_has_a_correlation_id(
    local_server: LocalServer,
) -> None:
    status, headers, body = await call(
        local_server,
        "POST",
        "/cell_specifications",
        json={"name": "NMC", "colour": "blue"},
    )
    assert status == 201 and headers["Content-Type"] == "application/json"
    assert headers["x-correlation-id"] and body["colour"] == "blue"
    assert {"id", "created_at", "updated_at", "created_by_email"} <= set(body)
    status, headers, body = await call(local_server, "GET", "/cell_specifications")
    assert (status, body["count"], body["total"]) == (200, 1, 1)
    assert headers["Content-Type"] == "application/json"


async def test_a_limit_over_a_page_is_clamped_not_refused(
    local_server: LocalServer,
) -> None:
    # The public client's Navigator pages with limit=200: served 100 a page.
    for number in range(101):
        await call(
            local_server, "POST", "/cell_specifications", json={"name": f"s{number}"}
        )
    status, _, page = await call(local_server, "GET", "/cell_specifications?limit=200")
    assert (status, page["count"], len(page["items"]), page["total"]) == (
        200,
        100,
        100,
        101,
    )
    status, _, rest = await call(
        local_server, "GET", "/cell_specifications?limit=200&offset=100"
    )
    assert status == 200 and len(rest["items"]) == 1
    names = {item["name"] for item in [*page["items"], *rest["items"]]}
    assert names == {f"s{number}" for number in range(101)}


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("GET", "/nope", {}, 404, "NOT_FOUND"),
        ("GET", "/cell_specifications//x", {}, 404, "NOT_FOUND"),
        ("PUT", "/cell_specifications", {}, 405, "METHOD_NOT_ALLOWED"),
        ("GET", "/cell_specifications/missing", {}, 404, "NOT_FOUND"),
        ("POST", "/cell_specifications", {"data": b"{not json"}, 400, "BAD_REQUEST"),
        ("POST", "/cell_specifications", {"data": b"\xff\xfe\x00"}, 400, "BAD_REQUEST"),
        ("POST", "/cell_specifications", {"json": [1, 2]}, 422, "VALIDATION_ERROR"),
        ("POST", "/cell_specifications", {"json": {}}, 422, "VALIDATION_ERROR"),
        (
            "POST",
            "/cell_specifications",
            {"json": {"name": ""}},
            422,
            "VALIDATION_ERROR",
        ),
        (
            "POST",
            "/cell_specifications",
            {"json": {"name": 5}},
            422,
            "VALIDATION_ERROR",
        ),
        (
            "POST",
            "/cell_specifications",
            {"json": {"name": "x", "ratings": "high"}},
            422,
            "VALIDATION_ERROR",
        ),
        ("GET", "/cell_specifications?limit=0", {}, 400, "BAD_REQUEST"),
        ("GET", "/cell_specifications?limit=abc", {}, 400, "BAD_REQUEST"),
        ("GET", "/cell_specifications?offset=-1", {}, 400, "BAD_REQUEST"),
        ("GET", "/cell_specifications?order=sideways", {}, 400, "BAD_REQUEST"),
        ("GET", "/cell_specifications?order_by=colour", {}, 400, "BAD_REQUEST"),
        ("GET", "/cell_specifications?created_at_gt=yesterday", {}, 400, "BAD_REQUEST"),
        ("GET", "/cell_specifications?name=neq.x", {}, 400, "BAD_REQUEST"),
        ("GET", "/cell_specifications/missing/cell_instances", {}, 404, "NOT_FOUND"),
        (
            "POST",
            "/cell_instances/missing/cell_measurements/initiate-upload",
            {"json": {"measurement": {"name": "m"}}},
            404,
            "NOT_FOUND",
        ),
        (
            "POST",
            "/cell_measurements/x/confirm-upload",
            {"json": {"cell_instance_id": "i", "measurement": {"name": "m"}}},
            404,
            "NOT_FOUND",
        ),
        ("GET", "/storage/x/time_series.parquet", {}, 403, "FORBIDDEN"),
        (
            "GET",
            "/cell_specifications",
            {"headers": {"X-API-Key": "wrong"}},
            401,
            "UNAUTHORIZED",
        ),
        (
            "POST",
            "/_local/faults",
            {"json": {"error_rate": 2}},
            422,
            "VALIDATION_ERROR",
        ),
        ("POST", "/_local/faults", {"json": {"colour": 1}}, 422, "VALIDATION_ERROR"),
    ],
)
async def test_bad_input_gets_a_4xx_standard_body(
    local_server: LocalServer,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    status: int,
    code: str,
) -> None:
    got_status, headers, body = await call(local_server, method, path, **kwargs)
    assert_standard_error(got_status, headers, body, status, code)


async def test_missing_key_and_bearer_token(local_server: LocalServer) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(local_server.url + "/cell_specifications") as response:
            assert response.status == 401
            assert "X-API-Key" in (await response.json())["message"]
        async with session.get(
            local_server.url + "/cell_specifications",
            headers={"Authorization": f"Bearer {LOCAL_KEY}"},
        ) as response:
            assert response.status == 200


async def test_discovery_answers_from_the_servers_own_document(
    local_server: LocalServer,
) -> None:
    status, _, found = await call(local_server, "GET", "/discovery/capabilities")
    assert status == 200 and found["openapi_spec"] == "/openapi.json"
    for name, path in found["schemas"].items():
        status, _, schema = await call(local_server, "GET", path)
        assert status == 200 and schema["type"] == "object", name
    _, _, data = await call(local_server, "GET", "/discovery/schemas/data")
    components = openapi_document()["components"]["schemas"]
    spec = data["$defs"]["CellSpecification"]
    assert (
        spec["properties"].keys()
        == components["CellSpecification"]["properties"].keys()
    )
    # every reference points inside the schema itself
    text = json.dumps(data)
    assert "#/components/" not in text
    for target in {part.split('"')[0] for part in text.split('"#/$defs/')[1:]}:
        assert target in data["$defs"], target
    assert "Voltage [V]" in data["$defs"]["TimeSeries"]["required"]
    assert_standard_error(
        *await call(local_server, "GET", "/discovery/schemas/nope"), 404, "NOT_FOUND"
    )
    status, _, _ = await call(
        local_server, "GET", "/discovery/capabilities", headers={"X-API-Key": "x"}
    )
    assert status == 401


async def test_project_members_join_by_id_or_invitation_and_leave(
    local_server: LocalServer,
) -> None:
    _, _, roles = await call(local_server, "GET", "/roles/project")
    viewer = next(role["id"] for role in roles if role["name"] == "Project Viewer")
    _, _, me = await call(local_server, "GET", "/users/me")
    _, _, project = await call(local_server, "POST", "/projects", json={"name": "P"})
    members = f"/projects/{project['id']}/members"
    body = {"user_id": me["id"], "project_role_id": viewer}
    status, _, _ = await call(local_server, "POST", members, json=body)
    assert status == 200
    refused = {"user_id": me["id"], "project_role_id": "owner"}
    assert_standard_error(
        *await call(local_server, "POST", members, json=refused),
        422,
        "VALIDATION_ERROR",
    )
    invite = {"email": "new@lab.example", "project_role_id": viewer}
    invites = f"/projects/{project['id']}/invites"
    status, _, first = await call(local_server, "POST", invites, json=invite)
    _, _, second = await call(local_server, "POST", invites, json=invite)
    assert status == 200 and first["user_id"] == second["user_id"]
    assert (first["already_member"], second["already_member"]) == (False, True)
    status, _, _ = await call(local_server, "DELETE", f"{members}/{first['user_id']}")
    assert status == 204
    assert_standard_error(
        *await call(local_server, "DELETE", f"{members}/{first['user_id']}"),
        404,
        "NOT_FOUND",
    )
    # the invited user stays in the organisation: it can join again by id
    again = {"user_id": first["user_id"], "project_role_id": viewer}
    status, _, _ = await call(local_server, "POST", members, json=again)
    assert status == 200
    status, _, _ = await call(local_server, "DELETE", f"/projects/{project['id']}")
    assert status == 204  # members are no data: they go with the project
    assert_standard_error(
        *await call(local_server, "POST", members, json=body), 404, "NOT_FOUND"
    )


async def test_a_query_parameter_the_route_does_not_take_is_refused_by_name(
    local_server: LocalServer,
) -> None:
    for path, parameter in (
        ("/cell_specifications?full=true&include_everything=1", "include_everything"),
        ("/cell_measurements?project_id=p&tag=x", "tag"),
        ("/roles/project?limit=5", "limit"),
    ):
        status, headers, body = await call(local_server, "GET", path)
        assert_standard_error(status, headers, body, 400, "BAD_REQUEST")
        assert body["detail"] == {"parameter": parameter}
        assert repr(parameter) in body["message"]
    status, _, _ = await call(local_server, "GET", "/cell_specifications?full=yes")
    assert status == 400
    status, _, page = await call(
        local_server, "GET", "/cell_specifications?material_ids=a&material_ids=b"
    )
    assert status == 200 and page["items"] == []


async def test_gzip_request_bodies_are_accepted(local_server: LocalServer) -> None:
    body = gzip.compress(
        json.dumps({"name": "zipped", "notes": "x" * 600_000}).encode()
    )
    status, _, record = await call(
        local_server,
        "POST",
        "/cell_specifications",
        data=body,
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert (
        status == 201 and record["name"] == "zipped" and len(record["notes"]) == 600_000
    )


async def test_conflict_body_names_the_existing_record(
    local_server: LocalServer,
) -> None:
    _, _, first = await call(
        local_server, "POST", "/cell_specifications", json={"name": "NMC"}
    )
    status, headers, body = await call(
        local_server, "POST", "/cell_specifications", json={"name": "NMC"}
    )
    assert_standard_error(status, headers, body, 409, "CONFLICT")
    assert body["detail"] == {"existing_id": first["id"]}


async def _initiated(local_server: LocalServer, name: str) -> tuple[str, str, str]:
    """Initiate an upload: the instance id, measurement id and signed PUT path."""
    _, _, spec = await call(
        local_server, "POST", "/cell_specifications", json={"name": f"S {name}"}
    )
    _, _, instance = await call(
        local_server,
        "POST",
        f"/cell_specifications/{spec['id']}/cell_instances",
        json={"name": "I"},
    )
    _, _, upload = await call(
        local_server,
        "POST",
        f"/cell_instances/{instance['id']}/cell_measurements/initiate-upload",
        json={"measurement": {"name": name}},
    )
    url = upload["uploads"][0]["signed_url"].removeprefix(local_server.url)
    return instance["id"], upload["measurement_id"], url


async def _settled(local_server: LocalServer, measurement_id: str) -> dict[str, Any]:
    for _ in range(200):
        record = (
            await call(local_server, "GET", f"/cell_measurements/{measurement_id}")
        )[2]
        if record["processing_status"] in ("ready", "failed"):
            return dict(record)
        await asyncio.sleep(0.02)
    raise AssertionError("processing did not finish")


async def test_signed_put_urls_serve_one_upload_or_extend(
    local_server: LocalServer,
) -> None:
    from ionworks_async.local.demo import constant_current_protocol
    from ionworks_async.tables.table import Table

    assert local_server.state is not None
    signer = local_server.state.signer
    payload = Table(constant_current_protocol(cycles=1)).to_parquet()
    instance_id, measurement_id, url = await _initiated(local_server, "once")
    assert (await call(local_server, "PUT", url, data=payload))[0] == 200
    status, _, _ = await call(
        local_server,
        "POST",
        f"/cell_measurements/{measurement_id}/confirm-upload",
        json={"cell_instance_id": instance_id, "measurement": {"name": "once"}},
    )
    assert status == 201
    ready = await _settled(local_server, measurement_id)
    assert ready["processing_status"] == "ready"
    # The same, still-valid URL after the confirm: refused, nothing replaced.
    status, headers, body = await call(local_server, "PUT", url, data=b"replaced")
    assert_standard_error(status, headers, body, 409, "CONFLICT")
    path = f"/storage/{measurement_id}/time_series.parquet"
    assert (await call(local_server, "GET", signer.sign("GET", path)))[2] == payload
    after = await call(local_server, "GET", f"/cell_measurements/{measurement_id}")
    assert after[2]["updated_at"] == ready["updated_at"]
    # An extend's URL takes data while the measurement can be extended only.
    _, _, extend = await call(
        local_server, "POST", f"/cell_measurements/{measurement_id}/initiate-extend"
    )
    extend_url = extend["uploads"][0]["signed_url"].removeprefix(local_server.url)
    assert (await call(local_server, "PUT", extend_url, data=payload))[0] == 200
    status, _, _ = await call(
        local_server, "POST", f"/cell_measurements/{measurement_id}/confirm-extend"
    )
    assert status == 200
    assert (await _settled(local_server, measurement_id))["processing_status"] == (
        "ready"
    )
    status, _, _ = await call(
        local_server,
        "PATCH",
        f"/cell_measurements/{measurement_id}",
        json={"end_time": "2026-12-01T00:00:00+00:00"},
    )
    assert status == 200  # the test is finished: it cannot be extended
    status, headers, body = await call(local_server, "PUT", extend_url, data=payload)
    assert_standard_error(status, headers, body, 409, "CONFLICT")
    assert "end_time" in body["message"]
    # A URL for an upload never initiated takes nothing either.
    never = signer.sign("PUT", "/storage/never/time_series.parquet")
    status, headers, body = await call(local_server, "PUT", never, data=b"x")
    assert_standard_error(status, headers, body, 409, "CONFLICT")


async def test_a_put_still_arriving_when_its_upload_is_confirmed_is_refused(
    local_server: LocalServer,
) -> None:
    from ionworks_async.local.demo import constant_current_protocol
    from ionworks_async.tables.table import Table

    assert local_server.state is not None
    state = local_server.state
    payload = Table(constant_current_protocol(cycles=1)).to_parquet()
    instance_id, measurement_id, url = await _initiated(local_server, "late")
    assert (await call(local_server, "PUT", url, data=payload))[0] == 200
    route = "PUT /storage/{id}/{file}"
    arrived = state.stats.requests[route]
    go_on = asyncio.Event()

    async def slow_body() -> Any:
        yield b"late "  # the PUT has begun, its check passed...
        await go_on.wait()
        yield b"data"  # ...and it ends after the confirm

    late = asyncio.create_task(call(local_server, "PUT", url, data=slow_body()))
    for _ in range(6000):  # until its handler runs (a minute at most)
        if state.stats.requests[route] > arrived:
            break
        await asyncio.sleep(0.01)
    assert state.stats.requests[route] > arrived, "the late PUT never arrived"
    status, _, _ = await call(
        local_server,
        "POST",
        f"/cell_measurements/{measurement_id}/confirm-upload",
        json={"cell_instance_id": instance_id, "measurement": {"name": "late"}},
    )
    assert status == 201
    ready = await _settled(local_server, measurement_id)
    go_on.set()
    status, headers, body = await late
    assert_standard_error(status, headers, body, 409, "CONFLICT")
    path = f"/storage/{measurement_id}/time_series.parquet"
    stored = await call(local_server, "GET", state.signer.sign("GET", path))
    assert stored[2] == payload  # the confirmed series, not the late one
    after = await call(local_server, "GET", f"/cell_measurements/{measurement_id}")
    assert after[2]["updated_at"] == ready["updated_at"]
    assert len(state.uploads) == 0  # no lock kept


async def test_signed_urls_are_checked(local_server: LocalServer) -> None:
    assert local_server.state is not None
    signer = local_server.state.signer
    _, measurement_id, _ = await _initiated(local_server, "signed")
    path = f"/storage/{measurement_id}/time_series.parquet"
    status, _, _ = await call(
        local_server, "PUT", signer.sign("PUT", path), data=b"abc", headers={}
    )
    assert status == 200
    status, _, body = await call(local_server, "GET", signer.sign("GET", path))
    assert status == 200 and body == b"abc"
    for bad in (
        signer.sign("PUT", path),  # a PUT signature does not allow a GET
        signer.sign("GET", path, lifetime=-10),  # expired
        signer.sign("GET", path)[:-3] + "abc",  # tampered
        signer.sign("GET", "/storage/m2/time_series.parquet"),
    ):  # another file
        status, headers, body = await call(
            local_server, "GET", bad.replace("/m2/", f"/{measurement_id}/")
        )
        assert_standard_error(status, headers, body, 403, "FORBIDDEN")
    stats = (await call(local_server, "GET", "/_local/stats"))[2]
    assert stats["storage_requests"] == 6
    assert stats["storage_requests_with_credentials"] == 6  # this helper sends the key


async def test_a_hostile_signature_is_refused_without_a_traceback(
    local_server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    path = "/storage/m1/time_series.parquet"
    queries = (
        {"expires": "9" * 4301, "token": "abc"},  # beyond int()'s digits
        {"expires": "²³", "token": "abc"},  # digits, but not ASCII ones
        {"expires": str(10**12), "token": "é" * 43},  # a token of no ASCII
        {"expires": str(10**40), "token": "abc"},
    )
    async with aiohttp.ClientSession() as session:  # no key: anyone
        for query in queries:
            async with session.get(local_server.url + path, params=query) as answer:
                body = await answer.json()
                assert answer.status == 403, body
                assert body["error_code"] == "FORBIDDEN"
    tracebacks = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert tracebacks == []


async def test_faults_are_injected_and_reproducible(local_server: LocalServer) -> None:
    status, _, _ = await call(
        local_server, "POST", "/_local/faults", json={"error_rate": 1.0}
    )
    assert status == 200
    status, headers, body = await call(local_server, "GET", "/cell_specifications")
    assert_standard_error(status, headers, body, 503, "UNAVAILABLE")
    assert headers["Retry-After"] == "1"
    await call(
        local_server, "POST", "/_local/faults", json={"error_rate": 0, "rate_limit": 2}
    )
    statuses = [
        (await call(local_server, "GET", "/cell_specifications"))[0] for _ in range(5)
    ]
    assert 429 in statuses and statuses[0] == 200
    await call(
        local_server, "POST", "/_local/faults", json={"rate_limit": 0, "drop_rate": 1.0}
    )
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await call(local_server, "GET", "/cell_specifications")
    await call(
        local_server,
        "POST",
        "/_local/faults",
        json={"drop_rate": 0, "drop_after_commit_rate": 1.0},
    )
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await call(
            local_server, "POST", "/cell_specifications", json={"name": "committed"}
        )
    await call(
        local_server, "POST", "/_local/faults", json={"drop_after_commit_rate": 0}
    )
    listed = (
        await call(local_server, "GET", "/cell_specifications?name=eq.committed")
    )[2]
    assert listed["total"] == 1  # the write committed although no answer came back
    stats = (await call(local_server, "GET", "/_local/stats"))[2]
    assert stats["faults"]["drop_after_commit"] == 1 and stats["faults"]["error"] == 1

    async def sequence(seed: int) -> list[int]:
        await call(
            local_server,
            "POST",
            "/_local/faults",
            json={"error_rate": 0.5, "seed": seed},
        )
        return [
            (await call(local_server, "GET", "/cell_specifications"))[0]
            for _ in range(12)
        ]

    assert await sequence(7) == await sequence(7)
    assert {200, 503} == set(await sequence(7))


def test_openapi_document_is_valid_and_lists_every_route() -> None:
    from openapi_spec_validator import validate

    document = openapi_document()
    validate(document)
    assert document["openapi"].startswith("3.1")
    app = build_app(None)  # type: ignore[arg-type]
    routes = {
        (route.method.lower(), route.resource.canonical)  # type: ignore[union-attr]
        for route in app.router.routes()
        if route.method != "HEAD"
    }
    documented = {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method != "parameters"
    }
    assert routes and routes == documented


async def test_openapi_is_served(local_server: LocalServer) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(local_server.url + "/openapi.json") as response,
    ):
        assert (
            response.status == 200
            and (await response.json())["info"]["title"] == "ionworks-local"
        )


def test_demo_command_runs_the_guide_workflow() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ionworks._demo", "demo"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "demo finished: every step worked" in result.stdout
    assert "processing ready" in result.stdout and result.stderr == ""


def test_serve_rejects_bad_fault_flags() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ionworks_async.local.cli",
            "serve",
            "--in-memory",
            "--error-rate",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "error_rate" in result.stderr


def test_pytest_plugin_fixture(ionworks_local: LocalServer) -> None:
    from ionworks import Ionworks

    with Ionworks(ionworks_local.api_key, ionworks_local.url) as client:
        assert (
            client.cell_spec.create({"name": "from the fixture"}).name
            == "from the fixture"
        )


def test_generated_key_when_none_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IONWORKS_LOCAL_API_KEYS", raising=False)
    with serve(in_memory=True) as server:
        assert server.generated_key and server.api_key.startswith("iwl-")
    monkeypatch.setenv("IONWORKS_LOCAL_API_KEYS", "a, b")
    with serve(in_memory=True) as server:
        assert server.api_keys == {"a", "b"} and not server.generated_key


async def test_steps_and_cycles_route_and_unreadable_parquet(
    local_server: LocalServer,
) -> None:
    from ionworks_async.local.demo import constant_current_protocol
    from ionworks_async.tables.table import Table

    _, _, spec = await call(
        local_server, "POST", "/cell_specifications", json={"name": "S"}
    )
    _, _, instance = await call(
        local_server,
        "POST",
        f"/cell_specifications/{spec['id']}/cell_instances",
        json={"name": "I"},
    )
    for name, payload in (
        ("good", Table(constant_current_protocol(cycles=1)).to_parquet()),
        ("broken", b"PAR1 this is not parquet"),
    ):
        _, _, upload = await call(
            local_server,
            "POST",
            f"/cell_instances/{instance['id']}/cell_measurements/initiate-upload",
            json={"measurement": {"name": name}},
        )
        url = upload["uploads"][0]["signed_url"].removeprefix(local_server.url)
        assert (await call(local_server, "PUT", url, data=payload))[0] == 200
        status, _, record = await call(
            local_server,
            "POST",
            f"/cell_measurements/{upload['measurement_id']}/confirm-upload",
            json={"cell_instance_id": instance["id"], "measurement": {"name": name}},
        )
        assert status == 201 and record["processing_status"] == "pending"
        for _ in range(200):
            record = (
                await call(local_server, "GET", f"/cell_measurements/{record['id']}")
            )[2]
            if record["processing_status"] in ("ready", "failed"):
                break
            await asyncio.sleep(0.02)
        if name == "good":
            assert record["processing_status"] == "ready"
            status, _, body = await call(
                local_server,
                "GET",
                f"/cell_measurements/{record['id']}/steps_and_cycles",
            )
            assert status == 200 and len(body["steps"]["Step count"]) == 4
            assert body["cycles"]["Cycle count"] == [0]
        else:
            assert record["processing_status"] == "failed"
            assert "not readable parquet" in record["processing_error"]
            status, headers, body = await call(
                local_server, "GET", f"/cell_measurements/{record['id']}/cycles"
            )
            assert_standard_error(status, headers, body, 404, "NOT_FOUND")


async def test_slow_fault_answers_after_the_delay_and_applies_nothing(
    local_server: LocalServer,
) -> None:
    await call(
        local_server,
        "POST",
        "/_local/faults",
        json={"slow_rate": 1.0, "slow_seconds": 0.3},
    )
    started = asyncio.get_running_loop().time()
    status, headers, body = await call(
        local_server, "POST", "/cell_specifications", json={"name": "slow"}
    )
    assert asyncio.get_running_loop().time() - started >= 0.3
    assert_standard_error(status, headers, body, 503, "UNAVAILABLE")
    await call(local_server, "POST", "/_local/faults", json={"slow_rate": 0})
    assert (await call(local_server, "GET", "/cell_specifications?name=eq.slow"))[2][
        "total"
    ] == 0


async def test_a_processing_crash_ends_failed_never_running(
    local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ionworks_async import AsyncIonworks, MeasurementProcessingError
    from ionworks_async.local import processing as runner

    def crash(series: object) -> tuple[bytes, bytes]:
        raise MemoryError("out of memory while deriving steps")

    monkeypatch.setattr(runner, "steps_and_cycles_of", crash)
    series = {"Time [s]": [0.0, 1.0], "Voltage [V]": [4.0, 3.9], "Current [A]": [1, 1]}
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "s"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        with pytest.raises(MeasurementProcessingError, match="MemoryError") as caught:
            await client.cell_measurement.create(
                cell.id,
                {
                    "measurement": {"name": "m"},
                    "time_series": {**series, "Step count": [0, 0]},
                },
            )
        (measurement_id,) = caught.value.failures
        stored = await client.cell_measurement.get(measurement_id)
    assert stored.processing_status == "failed"
    assert "processing crashed: MemoryError" in (stored.processing_error or "")


@pytest.mark.parametrize(
    ("host", "open_control"), [("127.0.0.1", True), ("0.0.0.0", False)]
)
async def test_control_routes_need_the_key_beyond_loopback(
    host: str, open_control: bool
) -> None:
    async with LocalServer(host=host, in_memory=True, api_keys=[LOCAL_KEY]) as server:
        server.url = server.url.replace("0.0.0.0", "127.0.0.1")
        for method, path in (("GET", "/_local/stats"), ("GET", "/_local/faults")):
            status, _, _ = await call(server, method, path, headers={"X-API-Key": ""})
            assert (status == 200) is open_control, (host, path, status)
            status, _, _ = await call(server, method, path)
            assert status == 200
        status, _, _ = await call(
            server,
            "POST",
            "/_local/faults",
            json={"latency_ms": 0},
            headers={"X-API-Key": ""},
        )
        assert (status == 200) is open_control
        status, _, _ = await call(
            server, "GET", "/openapi.json", headers={"X-API-Key": ""}
        )
        assert status == 200  # the document stays open


@pytest.mark.parametrize(
    "body",
    [
        {"latency_ms": 10**9},  # 11 days a request
        {"slow_seconds": 1e300},
        {"rate_limit": -1},
        {"error_rate": 0.5, "drop_rate": 2},  # the valid one is not applied alone
    ],
)
async def test_fault_settings_are_bounded_and_applied_whole_or_not_at_all(
    local_server: LocalServer, body: dict[str, float]
) -> None:
    status, _, answer = await call(local_server, "POST", "/_local/faults", json=body)
    assert status == 422, answer
    status, _, settings = await call(local_server, "GET", "/_local/faults")
    assert status == 200
    assert settings["latency_ms"] == 0
    assert settings["error_rate"] == 0
    assert settings["slow_seconds"] == 15


@pytest.mark.parametrize(
    ("headers", "kwargs", "status"),
    [
        ({"Content-Type": "text/plain"}, {"data": b'{"error_rate": 1}'}, 415),
        ({}, {"data": b'{"error_rate": 1}'}, 415),  # no declared type
        ({"Origin": "https://attacker.example"}, {"json": {"error_rate": 1}}, 403),
        ({"Origin": "null"}, {"json": {"error_rate": 1}}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, {"json": {"error_rate": 1}}, 403),
        ({"Host": "rebound.attacker.example"}, {"json": {"error_rate": 1}}, 403),
        ({"Host": "rebound.example:8000"}, {"json": {"error_rate": 1}}, 403),
        ({"Origin": "http://localhost:3000"}, {"json": {"error_rate": 1}}, 200),
        ({"Host": "[::1]:8000"}, {"json": {"error_rate": 1}}, 200),
        ({"Host": "localhost"}, {"json": {"error_rate": 1}}, 200),
    ],
)
async def test_control_routes_refuse_what_a_web_page_could_send(
    local_server: LocalServer,
    headers: dict[str, str],
    kwargs: dict[str, Any],
    status: int,
) -> None:
    """A page's text/plain POST, a cross-origin one, a DNS-rebound Host."""
    code = {403: "FORBIDDEN", 415: "UNSUPPORTED_MEDIA_TYPE"}
    answer, answer_headers, body = await call(
        local_server, "POST", "/_local/faults", headers=headers, **kwargs
    )
    if status in code:
        assert_standard_error(answer, answer_headers, body, status, code[status])
    else:
        assert answer == status
    settings = (await call(local_server, "GET", "/_local/faults"))[2]
    assert settings["error_rate"] == (1 if status == 200 else 0)  # nothing applied
    await call(local_server, "POST", "/_local/faults", json={"error_rate": 0})


async def test_a_rebound_host_cannot_read_or_reset_the_control_routes(
    local_server: LocalServer,
) -> None:
    foreign = {"Host": "rebound.attacker.example"}
    for method in ("GET", "DELETE"):
        status, _, _ = await call(
            local_server, method, "/_local/stats", headers=foreign
        )
        assert status == 403
    status, _, _ = await call(
        local_server, "GET", "/cell_specifications", headers=foreign
    )
    assert status == 200  # API routes are guarded by the key, not the Host


def test_the_pytest_plugin_imports_nothing_until_its_fixture_is_used() -> None:
    """Installing the package registers the plugin in every pytest run."""
    code = (
        "import sys, pytest, ionworks_async.local.pytest_plugin as plugin\n"
        "heavy = [m for m in ('aiohttp', 'attrs', 'cattrs', 'sqlite3',\n"
        "    'ionworks_async.local.server', 'ionworks_async._client')\n"
        "    if m in sys.modules]\n"
        "print(heavy, callable(plugin.ionworks_local))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[] True"


async def test_uploads_are_processed_at_most_one_a_core(
    local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ionworks_async import AsyncIonworks
    from ionworks_async.local import processing as runner

    from ..support.concurrency import PeakCalls

    assert local_server.state is not None
    local_server.state.processing_slots = asyncio.Semaphore(2)
    counted = PeakCalls(runner.steps_and_cycles_of, hold=0.03)
    monkeypatch.setattr(runner, "steps_and_cycles_of", counted)
    series = {
        "Time [s]": [0.0, 1.0],
        "Voltage [V]": [4.0, 3.9],
        "Current [A]": [1.0, 1.0],
        "Step count": [0, 0],
    }
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "s"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        items = [
            {"measurement": {"name": f"m{k}"}, "time_series": series} for k in range(8)
        ]
        result = await client.cell_measurement.create_many(cell.id, items)
    assert result.created == 8
    assert all(m.record.processing_status == "ready" for m in result.succeeded)
    assert counted.most == 2


async def test_a_persistent_folder_keeps_the_key_it_generated(tmp_path: Path) -> None:
    async with LocalServer(data_dir=tmp_path) as first:
        key = first.api_key
    assert (tmp_path / "api.key").stat().st_mode & 0o777 == 0o600
    async with LocalServer(data_dir=tmp_path) as again:
        assert again.api_key == key and again.generated_key
        status, _, _ = await call(
            again, "GET", "/cell_specifications", headers={"X-API-Key": key}
        )
        assert status == 200  # a saved IONWORKS_API_KEY still works
    async with LocalServer(data_dir=tmp_path, new_key=True) as renewed:
        assert renewed.api_key != key
    async with LocalServer(data_dir=tmp_path, api_keys=["mine"]) as given:
        assert given.api_key == "mine"  # a given key is never kept or replaced
    assert (tmp_path / "api.key").read_text() == renewed.api_key


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
async def test_the_data_folder_and_its_database_are_closed_to_others(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)  # as a user might make it
    folder.chmod(0o755)
    async with LocalServer(data_dir=folder, api_keys=[LOCAL_KEY]) as server:
        _, _, spec = await call(
            server, "POST", "/cell_specifications", json={"name": "s"}
        )
        assert spec["name"] == "s"
        _, _, url = await _initiated(server, "kept")
        assert (await call(server, "PUT", url, data=b"PAR1 not really"))[0] == 200
        files = sorted(folder.rglob("*"))
        assert {"ionworks.sqlite3", "ionworks.sqlite3-wal", "ionworks.sqlite3-shm"} <= {
            p.name for p in files
        }
        for path in [folder, *files]:
            assert path.stat().st_mode & 0o077 == 0, (path, oct(path.stat().st_mode))


async def test_the_access_log_logs_each_request(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    with caplog.at_level(logging.INFO, logger="aiohttp.access"):
        async with LocalServer(
            in_memory=True, api_keys=[LOCAL_KEY], access_log=True
        ) as server:
            status, _, _ = await call(server, "GET", "/healthz")
    assert status == 200
    assert any("GET /healthz" in record.getMessage() for record in caplog.records)
