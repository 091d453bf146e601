"""The server's own routes: its OpenAPI document, discovery, statistics, faults."""

from __future__ import annotations

import attrs
from aiohttp import web

from ..._runtime.version import __version__
from ..errors import ApiError
from ..openapi.discovery import SCHEMA_NAMES, capabilities, discovery_schema
from ..openapi.document import openapi_document
from ..shared import json_response, read_json, state_of

__all__ = [
    "get_capabilities",
    "get_faults",
    "get_openapi",
    "get_schema",
    "get_stats",
    "reset_stats",
    "set_faults",
]


async def get_openapi(request: web.Request) -> web.Response:
    """GET /openapi.json."""
    return json_response(openapi_document())


async def get_capabilities(request: web.Request) -> web.Response:
    """GET /discovery/capabilities: the domain, the schemas, authentication."""
    return json_response(capabilities(__version__))


async def get_schema(request: web.Request) -> web.Response:
    """GET /discovery/schemas/{name}: ``data`` or ``protocol``, as JSON Schema."""
    name = request.match_info["name"]
    schema = discovery_schema(name)
    if schema is None:
        known = ", ".join(SCHEMA_NAMES)
        raise ApiError(404, f"No schema named {name!r}: the schemas are {known}")
    return json_response(schema)


async def get_stats(request: web.Request) -> web.Response:
    """GET /_local/stats: request counts, faults, credentials seen by storage."""
    return json_response(state_of(request).stats.as_json())


async def reset_stats(request: web.Request) -> web.Response:
    """DELETE /_local/stats: start counting afresh."""
    state_of(request).stats.reset()
    return web.Response(status=204)


async def get_faults(request: web.Request) -> web.Response:
    """GET /_local/faults: the fault settings in force."""
    return json_response(attrs.asdict(state_of(request).faults.settings))


async def set_faults(request: web.Request) -> web.Response:
    """POST /_local/faults: change fault settings at run time.

    The body must be declared ``application/json`` (415 otherwise): a web
    page can send ``text/plain`` to any origin without a preflight.
    """
    if request.content_type != "application/json":
        raise ApiError(
            415,
            "Send the fault settings as application/json, "
            f"not {request.content_type!r}",
        )
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(422, "The body must be an object of fault settings")
    faults = state_of(request).faults
    try:
        faults.settings.update(body)
    except ValueError as error:
        raise ApiError(422, str(error)) from None
    if "seed" in body or "rate_limit" in body:
        faults.reseed()
    return json_response(attrs.asdict(faults.settings))
