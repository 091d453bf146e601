"""What needs the hosted service's compute: answered 501, never faked.

Simulations, pipelines, optimizations, jobs, model building, ECM fits and
the protocol tools (parsing a cycler's file, validating, converting) run on
the hosted Ionworks platform. ionworks-local answers each of their routes,
whatever the method, with ``501 NOT_AVAILABLE_LOCALLY`` naming the feature,
which the client raises as :class:`~ionworks_async.errors.NotAvailableError`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from ..errors import ApiError

__all__ = ["HOSTED_ONLY", "METHODS", "hosted_only_routes"]

METHODS = ("GET", "POST", "PATCH", "DELETE")
"""The methods the public client sends to them (others: 405)."""
Handler = Callable[[web.Request], Awaitable[web.Response]]

HOSTED_ONLY = {
    "/simulations": "simulations",
    "/pipelines": "pipelines",
    "/simple_pipelines": "simple pipelines",
    "/optimizations": "optimizations",
    "/jobs": "jobs",
    "/model_builders": "model building",
    "/ecm": "ECM fitting",
    "/protocols": "the protocol tools (parse, validate, convert)",
}
"""Each route prefix, and the feature it is part of."""


def _refuse(feature: str) -> Handler:
    async def refuse(request: web.Request) -> web.Response:
        raise ApiError(
            501,
            f"Not available on ionworks-local: {request.path} is part of "
            f"{feature}, which run on the hosted Ionworks service. Call the "
            "hosted API for it.",
            {"feature": feature, "path": request.path},
        )

    return refuse


def hosted_only_routes() -> list[web.RouteDef]:
    """Return the routes of each prefix (any path under it) answering 501."""
    return [
        web.route(method, path, _refuse(feature))
        for prefix, feature in HOSTED_ONLY.items()
        for path in (prefix, prefix + r"/{path:[\s\S]*}")
        for method in METHODS
    ]
