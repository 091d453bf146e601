"""The local server's middleware: correlation ids and errors, auth, queries, faults."""

from __future__ import annotations

import asyncio
import functools
import logging
import uuid
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

from ..._transport.settings import is_loopback_host
from ..errors import ApiError
from ..shared import error_response, route_name, state_of

__all__ = [
    "auth_middleware",
    "errors_middleware",
    "faults_middleware",
    "query_middleware",
]

logger = logging.getLogger("ionworks.local")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def errors_middleware(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Give every answer a correlation id and every error the standard body."""
    correlation_id = request.headers.get("x-correlation-id") or uuid.uuid4().hex
    try:
        response = await handler(request)
    except ApiError as error:
        response = error_response(error)
    except web.HTTPException as error:
        if error.status < 400:
            error.headers["x-correlation-id"] = correlation_id
            raise
        message = error.reason
        if error.status == 404:
            message = f"No route {request.method} {request.path}"
        elif error.status == 405:
            message = f"Method {request.method} is not allowed on {request.path}"
        response = error_response(ApiError(error.status, message))
        if error.status == 405 and "Allow" in error.headers:
            response.headers["Allow"] = error.headers["Allow"]
    except asyncio.CancelledError:
        raise
    except Exception:
        logger.exception("Unhandled error in %s %s", request.method, request.path)
        response = error_response(ApiError(500, "Internal server error"))
    response.headers["x-correlation-id"] = correlation_id
    state = state_of(request)
    state.stats.statuses[str(response.status)] += 1
    return response


def _is_open_route(path: str, control_open: bool) -> bool:
    if path.startswith("/_local/"):
        return control_open  # beyond loopback, the control routes need a key
    return path.startswith("/storage/") or path in ("/openapi.json", "/healthz")


def guard_control_route(request: web.Request, control_open: bool) -> None:
    """Refuse what a web page could send to the control routes.

    On loopback the ``/_local/*`` routes need no key, so a page the developer
    visits could otherwise reach them: a cross-origin ``text/plain`` POST
    needs no preflight, and a DNS-rebound name points a page's own origin at
    127.0.0.1. So ``Host`` must name this machine (``localhost``, 127.0.0.0/8,
    ``::1``) and an ``Origin`` or ``Sec-Fetch-Site`` must not say
    cross-site. (``POST /_local/faults`` also wants its body declared
    ``application/json``, which a page can send only after a CORS preflight
    this server never grants.) Beyond loopback the routes need a key, which
    pages do not hold.

    Raises
    ------
    ApiError
        403 for a foreign ``Host`` or a cross-site request.
    """
    if control_open:
        host = request.headers.get("Host", "")
        if not is_loopback_host(urlsplit(f"//{host}").hostname):
            raise ApiError(
                403,
                f"The control routes answer only to a loopback Host, not {host!r}",
            )
        origin = request.headers.get("Origin")
        if origin is not None and not is_loopback_host(urlsplit(origin).hostname):
            raise ApiError(
                403, f"Cross-origin request to a control route from {origin!r}"
            )
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            raise ApiError(403, "Cross-site request to a control route")


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Require a configured API key or bearer token on every API route."""
    state = state_of(request)
    if request.path.startswith("/storage/"):
        state.stats.storage_requests += 1
        signed = request.headers.get("Authorization", "").lower()
        if "X-API-Key" in request.headers or signed.startswith("bearer"):  # not S3's
            state.stats.storage_requests_with_credentials += 1
    if request.path.startswith("/_local/"):
        guard_control_route(request, state.control_open)
    if _is_open_route(request.path, state.control_open):
        return await handler(request)
    key = request.headers.get("X-API-Key")
    bearer = request.headers.get("Authorization", "")
    token = bearer[7:] if bearer.lower().startswith("bearer ") else None
    if key in state.api_keys or token in state.api_keys:
        return await handler(request)
    missing = key is None and token is None
    raise ApiError(
        401,
        "Missing API key: send the X-API-Key header"
        if missing
        else "Invalid API key or token",
    )


@web.middleware
async def faults_middleware(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Inject the configured faults and count requests per route."""
    state = state_of(request)
    state.stats.requests[route_name(request)] += 1
    if request.path.startswith("/_local/") or request.path == "/openapi.json":
        return await handler(request)
    faults, settings, counted = state.faults, state.faults.settings, state.stats.faults
    delay = faults.latency()
    if delay:
        await asyncio.sleep(delay)
    wait = faults.rate_limited()
    if wait is not None:
        counted["rate_limited"] += 1
        seconds = max(1, round(wait + 0.5))
        raise ApiError(
            429, "Rate limit exceeded", headers={"Retry-After": str(seconds)}
        )
    if faults.chance(settings.error_rate):
        counted["error"] += 1
        raise ApiError(503, "Injected fault: unavailable", headers={"Retry-After": "1"})
    if faults.chance(settings.drop_rate):
        counted["drop"] += 1
        return _drop(request)
    if faults.chance(settings.slow_rate):
        counted["slow"] += 1
        await asyncio.sleep(settings.slow_seconds)
        raise ApiError(503, "Injected fault: too slow", headers={"Retry-After": "1"})
    drop_after = faults.chance(settings.drop_after_commit_rate)
    response = await handler(request)
    if drop_after:
        counted["drop_after_commit"] += 1
        return _drop(request)
    return response


def _drop(request: web.Request) -> web.Response:
    """Close the connection without answering."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=204)


@functools.cache
def _documented_queries() -> dict[tuple[str, str], frozenset[str]]:
    """Each operation's query parameters, as the OpenAPI document lists them."""
    from ..openapi.document import openapi_document

    known: dict[tuple[str, str], frozenset[str]] = {}
    for path, item in openapi_document()["paths"].items():
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method == "parameters":
                continue
            every = [*shared, *operation.get("parameters", [])]
            names = frozenset(p["name"] for p in every if p.get("in") == "query")
            known[(method.upper(), path)] = names
    return known


@web.middleware
async def query_middleware(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Refuse a query parameter the route does not document: 400, naming it.

    A parameter the server does not know would otherwise be ignored, and
    its caller given an answer to another question.
    """
    resource = request.match_info.route.resource
    if resource is None:  # no route: the 404 says so
        return await handler(request)
    method = "GET" if request.method == "HEAD" else request.method
    allowed = _documented_queries().get((method, resource.canonical))
    unknown = [] if allowed is None else [n for n in request.query if n not in allowed]
    if unknown:
        takes = ", ".join(sorted(allowed or ())) or "none"
        raise ApiError(
            400,
            f"Unknown query parameter {unknown[0]!r} for {method} "
            f"{resource.canonical} (its parameters: {takes})",
            {"parameter": unknown[0]},
        )
    return await handler(request)
