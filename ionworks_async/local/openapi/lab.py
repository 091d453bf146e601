"""The lab's part of the OpenAPI document: sites, cyclers, channels, the lab view.

Where the hosted API's contract is silent: a site's name is unique in the
organisation, a cycler's at its site, a channel's on its cycler (409 naming
the existing one). A cycler belongs to a project (``project_id``; the
default project when left out); its channels to the same project.
``calibration_due_at`` is derived from ``last_calibrated_at`` and
``calibration_interval_days``. The lab view's states are read from the
measurements naming a channel (``channel_id``): see
:mod:`ionworks_async.local.storage.lab_view`.
"""

from __future__ import annotations

from typing import Any

from ..storage.lab_kinds import CHANNEL, CYCLER, SITE
from ..storage.service import EVENT_TYPES
from .parts import ID, LIST_PARAMETERS, answer, error, operation, order_by, query
from .parts import record_item as item
from .schemas import field_schemas, record_schemas, ref

__all__ = ["hosted_only_paths", "lab_paths", "lab_schemas"]

text = {"type": "string"}
_LIKE = "ilike.<pattern> (case-insensitive, % wildcards) or the exact value"


def lab_schemas() -> dict[str, Any]:
    """Return the component schemas of sites, cyclers and channels."""
    channel_state = {
        "type": "object",
        "required": ["id", "name", "state"],
        "properties": {
            "id": text,
            "name": text,
            "state": {
                "type": "string",
                "enum": ["free", "occupied", "stale", "out_of_commission"],
            },
            "measurement": {"type": ["object", "null"]},
        },
    }
    return {
        **record_schemas("Site", SITE, [], field_schemas(SITE)),
        **record_schemas(
            "Cycler",
            CYCLER,
            ["site_id", "project_id"],
            {
                "site_id": text,
                **field_schemas(CYCLER),
                "project_id": text,
                "calibration_due_at": {"type": ["string", "null"]},
            },
        ),
        **record_schemas(
            "Channel",
            CHANNEL,
            ["cycler_id", "project_id"],
            {"cycler_id": text, "project_id": text, **field_schemas(CHANNEL)},
        ),
        "LabStatus": {
            "type": "object",
            "required": ["sites", "occupied", "stale", "free", "out_of_commission"],
            "properties": {
                "sites": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "name", "cyclers"],
                        "properties": {
                            "cyclers": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["id", "name", "channels"],
                                    "properties": {
                                        "channels": {
                                            "type": "array",
                                            "items": channel_state,
                                        }
                                    },
                                },
                            }
                        },
                    },
                },
                **{
                    count: {"type": "integer", "minimum": 0}
                    for count in ("occupied", "stale", "free", "out_of_commission")
                },
            },
        },
    }


def _collection(
    name: str, label: str, *, parent: str | None, extra: list[dict[str, Any]]
) -> dict[str, Any]:
    missing = {"404": error(f"No such {parent}")} if parent else {}
    return {
        **({"parameters": [ID]} if parent else {}),
        "get": operation(
            f"List {label}s, one page at a time",
            {"200": answer(ref(f"{name}Page")), **missing},
            parameters=[*LIST_PARAMETERS, *extra],
        ),
        "post": operation(
            f"Create a {label}",
            {
                "201": answer(ref(name), "Created"),
                "409": error(
                    "A record of this name exists; detail.existing_id names it"
                ),
                "404": error(f"No such {parent or 'record'} (or project)"),
            },
            body=ref(f"{name}Create"),
        ),
    }


_WHEN = {"type": ["string", "null"], "format": "date-time"}


def _history_page() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "count", "total"],
        "properties": {"items": {"type": "array"}, "total": {"type": "integer"}},
    }


def lab_paths() -> dict[str, Any]:
    """Return the lab's paths."""
    contains = [query(column, _LIKE) for column in CYCLER.contains]
    project = {"parameters": [ID]}
    missing = {"404": error("No such project")}
    return {
        "/sites": _collection(
            "Site",
            "site",
            parent=None,
            extra=[order_by(), query("location", _LIKE)],
        ),
        "/sites/{id}": item("Site", "site", "with its cyclers and their channels"),
        "/sites/{id}/cyclers": _collection(
            "Cycler",
            "cycler",
            parent="site",
            extra=[
                order_by("calibration_due_at"),
                query("project_id", "<id> or eq.<id>: a project's cyclers"),
                *contains,
                query("calibration_due_at_gt", "ISO 8601", time=True),
                query("calibration_due_at_lt", "ISO 8601", time=True),
            ],
        ),
        "/cyclers/{id}": item("Cycler", "cycler", "with its channels"),
        "/cyclers/{id}/channels": _collection(
            "Channel", "channel", parent="cycler", extra=[order_by()]
        ),
        "/channels": {
            "get": operation(
                "List the organisation's channels (or one cycler's)",
                {"200": answer(ref("ChannelPage"))},
                parameters=[
                    *LIST_PARAMETERS,
                    order_by(),
                    query("cycler_id", "<id> or eq.<id>: one cycler's channels"),
                ],
            )
        },
        "/channels/{id}": item("Channel", "channel"),
        "/channels/{id}/incidents": {
            "parameters": [ID],
            "get": operation(
                "A channel's outages, newest first",
                {"200": answer(_history_page()), "404": error("No such channel")},
                parameters=LIST_PARAMETERS[:2],
            ),
        },
        "/cyclers/{id}/service_events": {
            "parameters": [ID],
            "get": operation(
                "A cycler's service events, newest first",
                {"200": answer(_history_page()), "404": error("No such cycler")},
                parameters=LIST_PARAMETERS[:2],
            ),
            "post": operation(
                "Open a service: every channel goes out of service",
                {
                    "201": answer({"type": "object", "required": ["id"]}, "Opened"),
                    "404": error("No such cycler"),
                    "409": error("The cycler has an open service event"),
                },
                body={
                    "type": "object",
                    "required": ["event_type", "scheduled_for"],
                    "properties": {
                        "event_type": {"type": "string", "enum": list(EVENT_TYPES)},
                        "scheduled_for": {"type": "string", "format": "date-time"},
                        "scheduled_until": _WHEN,
                        "notes": {"type": ["string", "null"]},
                    },
                },
            ),
        },
        "/cyclers/{id}/service_events/complete": {
            "parameters": [ID],
            "post": operation(
                "Complete the open service (or record one): channels come back",
                {
                    "200": answer({"type": "object", "required": ["id"]}),
                    "404": error("No such cycler"),
                },
                body={
                    "type": "object",
                    "properties": {
                        "event_type": {"type": "string", "enum": list(EVENT_TYPES)},
                        "performed_at": _WHEN,
                        "notes": {"type": ["string", "null"]},
                        "calibration_interval_days": {
                            "type": ["integer", "null"],
                            "minimum": 0,
                            "maximum": 100000,
                        },
                    },
                },
            ),
        },
        "/projects/{id}/lab/status": {
            **project,
            "get": operation(
                "The project's lab view: sites, cyclers, channels and states",
                {"200": answer(ref("LabStatus")), **missing},
            ),
        },
        "/projects/{id}/lab/watched": {
            **project,
            "get": operation(
                "The ids of the project's measurements the user watches",
                {
                    "200": answer(
                        {
                            "type": "object",
                            "required": ["measurement_ids"],
                            "properties": {
                                "measurement_ids": {
                                    "type": "array",
                                    "items": {"type": "string"},
                                }
                            },
                        }
                    ),
                    **missing,
                },
            ),
        },
    }


def hosted_only_paths() -> dict[str, Any]:
    """Return the routes answered 501: the hosted service's compute."""
    from ..routes.hosted_only import HOSTED_ONLY

    path_part = {"name": "path", "in": "path", "required": True, "schema": text}
    paths: dict[str, Any] = {}
    for prefix, feature in HOSTED_ONLY.items():
        unavailable = {"501": error(f"Not available on ionworks-local: {feature}")}
        methods = {
            method: operation(f"{feature} (hosted only)", unavailable)
            for method in ("get", "post", "patch", "delete")
        }
        paths[prefix] = methods
        paths[prefix + "/{path}"] = {"parameters": [path_part], **methods}
    return paths
