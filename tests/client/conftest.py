"""These tests check what the client sends, receives and keeps; the data they
compare is the light ``Table``'s (``to_dict()``). The frame backends, the
polars default included, are tested in ``tests/integration/test_frames.py``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from ionworks_async import AsyncIonworks
from ionworks_async.tables.backends import ENVIRONMENT_VARIABLE

Answers = dict[str, Any]


@pytest.fixture(autouse=True)
def _table_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "table")


@pytest.fixture
async def served() -> AsyncIterator[Callable[..., Any]]:
    """Serve answers by path; return a client of it and the requests seen."""
    servers: list[TestServer] = []
    clients: list[AsyncIonworks] = []

    async def serve(
        answers: Answers, project_id: str | None = None, **settings: Any
    ) -> tuple[AsyncIonworks, list[tuple[str, str]]]:
        seen: list[tuple[str, str]] = []

        async def any_route(request: web.Request) -> web.Response:
            seen.append((request.method, str(request.rel_url)))
            found = answers.get(request.path, answers.get(str(request.rel_url)))
            if callable(found):  # an answer that changes from call to call
                found = found()
            if isinstance(found, int):
                return web.json_response({"detail": "no"}, status=found)
            if isinstance(found, str):
                return web.Response(text=found, content_type="text/plain")
            return web.json_response(found)

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", any_route)
        server = TestServer(app)
        await server.start_server()
        servers.append(server)
        client = AsyncIonworks(
            "k" * 40,
            str(server.make_url("")),
            project_id=project_id,
            max_retries=0,
            cache_dir=False,
            **settings,
        )
        clients.append(client)
        return client, seen

    yield serve
    for client in clients:
        await client.aclose()
    for server in servers:
        await server.close()
