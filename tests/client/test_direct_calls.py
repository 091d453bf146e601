"""The escape hatch: any route, through the transport, as ionworks-api calls it.

A small aiohttp server stands in for routes ionworks-local has no use for
(multipart forms, a raw answer, a redirect to another origin), to see what
arrives and what comes back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from ionworks_async import AsyncIonworks
from ionworks_async._transport.multipart import multipart_body
from ionworks_async.errors import APITimeoutError, NotFoundError
from ionworks_async.resources.direct import RawResponse

KEY = "direct-calls-key"


@pytest.fixture
async def echo() -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []

    async def form(request: web.Request) -> web.Response:
        posted = await request.post()
        fields = {
            name: (
                [value.filename, value.content_type, value.file.read().decode()]
                if isinstance(value, web.FileField)
                else value
            )
            for name, value in posted.items()
        }
        seen.append({"method": request.method, "query": dict(request.query)})
        return web.json_response({"fields": fields, "method": request.method})

    async def text(request: web.Request) -> web.Response:
        return web.Response(text="plain words", content_type="text/plain")

    async def away(request: web.Request) -> web.Response:
        raise web.HTTPFound(str(request.url.with_path("/blob")))

    async def blob(request: web.Request) -> web.Response:
        seen.append({"key": request.headers.get("X-API-Key")})
        return web.Response(body=b"PAR1 bytes PAR1")

    async def slow(request: web.Request) -> web.Response:
        import asyncio

        await asyncio.sleep(5)
        return web.Response(body=b"late")

    app = web.Application()
    app.add_routes(
        [
            web.post("/form", form),
            web.patch("/form", form),
            web.get("/text", text),
            web.get("/away", away),
            web.get("/blob", blob),
            web.get("/slow", slow),
        ]
    )
    server = TestServer(app)
    await server.start_server()
    try:
        yield str(server.make_url("")), seen
    finally:
        await server.close()


async def test_files_and_fields_arrive_as_a_multipart_form(
    echo: tuple[str, list[dict[str, Any]]], tmp_path: Any
) -> None:
    url, seen = echo
    (tmp_path / "notes.txt").write_bytes(b"from a file")
    async with AsyncIonworks(KEY, url, cache_dir=False) as client:
        with (tmp_path / "notes.txt").open("rb") as handle:
            posted = await client.upload_multipart(
                "/form",
                data={"name": 'a "quoted" name', "tags": ["x", "y"]},
                files={
                    "file": ("model.py", b"print(1)", "text/x-python"),
                    "more": handle,
                },
                method="PATCH",
            )
        plain = await client.post_multipart("/form", None, {"dry": True})
    assert posted["method"] == "PATCH"
    assert posted["fields"]["name"] == 'a "quoted" name'
    assert posted["fields"]["file"] == ["model.py", "text/x-python", "print(1)"]
    assert posted["fields"]["more"] == [
        "notes.txt",
        "application/octet-stream",
        "from a file",
    ]
    assert plain == {"fields": {}, "method": "POST"}
    assert seen[-1]["query"] == {"dry": "True"}  # as requests writes a bool


async def test_an_answer_that_is_not_json_comes_back_raw(
    echo: tuple[str, list[dict[str, Any]]],
) -> None:
    url, _ = echo
    async with AsyncIonworks(KEY, url, cache_dir=False) as client:
        answer = await client.get("/text")
        with pytest.raises(NotFoundError):
            await client.get("/nothing-here")
    assert isinstance(answer, RawResponse)
    assert (answer.status_code, answer.text, answer.ok) == (200, "plain words", True)


async def test_raw_bytes_follow_a_redirect_without_the_key_and_keep_a_timeout(
    echo: tuple[str, list[dict[str, Any]]],
) -> None:
    url, seen = echo
    async with AsyncIonworks(KEY, url, cache_dir=False, max_retries=0) as client:
        body = await client.request_raw("GET", "/away")
        location = await client.redirect_url("/away")
        with pytest.raises(APITimeoutError, match=r"within 0\.2 s"):
            await client.request_raw("GET", "/slow", timeout=0.2)
    assert body == b"PAR1 bytes PAR1"
    assert seen[-1] == {"key": None}  # the credentials stayed with the API's URL
    assert location == url.rstrip("/") + "/blob"


@pytest.mark.parametrize(
    "endpoint", ["cell_specifications", "", "https://elsewhere.example/x"]
)
async def test_an_endpoint_that_is_no_api_path_is_refused_before_sending(
    endpoint: str,
) -> None:
    async with AsyncIonworks(KEY, "http://127.0.0.1:9", cache_dir=False) as client:
        with pytest.raises(ValueError, match="beginning with '/'"):
            await client.get(endpoint)


def test_a_file_entry_of_another_shape_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="files\\['f'\\]"):
        multipart_body(None, {"f": ("a", b"b", "c", {}, "extra")})
    with pytest.raises(TypeError, match="bytes, text or a binary file"):
        multipart_body(None, {"f": ("a", 3)})
