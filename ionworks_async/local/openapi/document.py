"""The OpenAPI 3.1 document of the local server, served at ``/openapi.json``.

Where the public contract is silent, the choices made are written here:
``ilike.`` patterns use ``%`` (or ``*``) wildcards; list order defaults to
creation order; ``created_by_email`` comes from the server; a slow fault waits
and then answers 503 without applying anything; the ``/_local/*`` control
routes need no key while the server listens on loopback only, and the
server's key when it listens beyond it.

Projects and lots: the server has one organisation, and its first project
(created with the store, listed first by ``GET /projects``) is the default
project of every key: a specification created without ``project_id`` is filed
there. A ``project_id`` that names no project is 404; null in a PATCH is 400
(a specification always belongs to a project). Specification names are unique
within a project. Lot (cell batch) names are unique within a specification,
compared case-insensitively (Unicode case folding); a lot's ``project_id`` is
its specification's. An instance names its lot by ``batch_id`` (a missing lot
is 404, a lot of another specification 400) and reads back the lot's current
name as
``batch_name``; a body carrying the older free-text ``batch`` is 422 naming
``batch_id``. Deleting a lot keeps its cells, with ``batch_id`` null. A store
written before projects and lots is migrated when opened: each
specification joins the project its ``project_id`` named (created if needed)
or the default one, and each specification's distinct ``batch`` values
become lots.

The lab: sites, their cyclers (each in a project) and the cyclers'
channels, and a project's lab view (a channel is occupied by a running
measurement naming it, stale after 24 hours without an update). What needs
the hosted service's compute (simulations, pipelines, optimizations, jobs,
model building, ECM fits, the protocol tools) is answered
``501 NOT_AVAILABLE_LOCALLY``, never a made-up result.
"""

from __future__ import annotations

import functools
from typing import Any

from ..._runtime.version import __version__
from ..faults import LIMITS
from .lab import hosted_only_paths, lab_paths, lab_schemas
from .measurements import measurement_paths
from .members import member_paths
from .organisation import derived_paths, organisation_paths
from .parts import (
    FILE,
    ID,
    LIST_PARAMETERS,
    SIGNED,
    answer,
    error,
    operation,
    order_by,
    query,
    record_item,
)
from .planning import derived_schemas, planning_paths, planning_schemas
from .raw_data import raw_data_paths, raw_data_schemas
from .schemas import component_schemas, ref
from .storage_s3 import s3_paths

__all__ = ["openapi_document"]

_FAULTS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **{
            name: {"type": "number", "minimum": 0, "maximum": largest}
            for name, largest in LIMITS.items()
        },
        "seed": {"type": ["integer", "null"]},
    },
}


_TAG_FILTERS = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
        "description": text,
    }
    for name, text in (
        ("tags_all", "Repeated: every tag must be held"),
        ("tags_any", "Repeated: one of the tags must be held"),
    )
]


def _collection(
    name: str,
    label: str,
    *,
    parent: bool,
    extra: list[dict[str, Any]],
    named: str | None = None,
) -> dict[str, Any]:
    parameters = [ID] if parent else []
    conflict = {
        "409": error("A record of this name exists; detail.existing_id names it")
    }
    missing = {"404": error("No such parent")} if parent else {}
    created_missing = {"404": error(named)} if named else missing
    return {
        **({"parameters": parameters} if parameters else {}),
        "get": operation(
            f"List {label}s, one page at a time",
            {"200": answer(ref(f"{name}Page")), **missing},
            parameters=[*LIST_PARAMETERS, order_by(), *extra],
        ),
        "post": operation(
            f"Create a {label}",
            {"201": answer(ref(name), "Created"), **conflict, **created_missing},
            body=ref(f"{name}Create"),
        ),
    }


@functools.cache
def openapi_document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of every route."""
    schemas = {
        **component_schemas(),
        **raw_data_schemas(),
        **lab_schemas(),
        **planning_schemas(),
        **derived_schemas(),
    }
    open_route: dict[str, Any] = {"security": False}
    # No key on loopback; the server's key when it listens beyond loopback.
    control_route: dict[str, Any] = {"security": None}
    paths: dict[str, Any] = {
        "/projects": _collection("Project", "project", parent=False, extra=[]),
        "/projects/{id}": {
            **record_item("Project", "project"),
            "delete": operation(
                "Delete an empty project (not the default one)",
                {
                    "204": {"description": "Deleted"},
                    "404": error("No such project"),
                    "409": error("The default project, or one that holds data"),
                },
            ),
        },
        "/healthz": {
            "get": operation(
                "The server answers (no key needed)",
                {"200": answer({"type": "object", "required": ["status"]})},
                **open_route,
            )
        },
        "/discovery/capabilities": {
            "get": operation(
                "The platform's domain, its schemas and authentication",
                {
                    "200": answer(
                        {
                            "type": "object",
                            "required": [
                                "domain_context",
                                "schemas",
                                "openapi_spec",
                                "authentication",
                            ],
                        }
                    )
                },
            )
        },
        "/discovery/schemas/{name}": {
            "get": operation(
                "A discovery schema: the cell data hierarchy, or a protocol",
                {
                    "200": answer({"type": "object"}),
                    "404": error("No schema of that name"),
                },
                parameters=[
                    {
                        "name": "name",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
            )
        },
        "/users/me": {
            "get": operation(
                "The key's user and the organisation it acts for",
                {
                    "200": answer(
                        {
                            "type": "object",
                            "required": [
                                "id",
                                "email",
                                "authorized_organization",
                                "organizations",
                            ],
                        }
                    )
                },
            )
        },
        "/cell_measurements": {
            "get": operation(
                "List every measurement of a project, across its cells",
                {
                    "200": answer(ref("CellMeasurementPage")),
                    "400": error("No project_id, or a bad query parameter"),
                    "404": error("No such project"),
                },
                parameters=[
                    {
                        "name": "project_id",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "minLength": 1},
                    },
                    *LIST_PARAMETERS,
                    order_by("start_time"),
                    query("measurement_type", "time_series, file or properties"),
                    query("q", "Case-insensitive substring of the name"),
                    *_TAG_FILTERS,
                ],
            )
        },
        "/cell_measurements/{id}/watch": {
            "parameters": [ID],
            "post": operation(
                "Watch a measurement (idempotent, per user)",
                {
                    "200": answer({"type": "object"}),
                    "404": error("No such measurement"),
                },
            ),
            "delete": operation(
                "Stop watching a measurement (idempotent)",
                {
                    "204": {"description": "Not watched"},
                    "404": error("No such measurement"),
                },
            ),
        },
        "/cell_specifications": _collection(
            "CellSpecification",
            "cell specification",
            parent=False,
            extra=[
                query("form_factor", "eq.<form factor>"),
                query("project_id", "<id> or eq.<id>: the specifications of a project"),
                {
                    **query(
                        "full",
                        "true: each with its components (anode ... case); else "
                        "without them",
                    ),
                    "schema": {"type": "string", "enum": ["true", "false"]},
                },
                query("material_id", "Specifications using it in any slot"),
                {
                    **query("material_ids", "Using any of them in any slot"),
                    "schema": {"type": "array", "items": {"type": "string"}},
                    "style": "form",
                    "explode": True,
                },
                *(
                    query(
                        f"{slot}_material_id",
                        f"Whose {slot} uses it (several slots: any of them)",
                    )
                    for slot in ("anode", "cathode", "electrolyte", "separator", "case")
                ),
                query("exclude_cell_spec_id", "A specification left out"),
            ],
            named="The project that project_id names does not exist",
        ),
        "/cell_specifications/{id}": record_item(
            "CellSpecification", "cell specification"
        ),
        "/cell_specifications/{id}/cell_batches": _collection(
            "CellBatch", "cell batch (lot)", parent=True, extra=[]
        ),
        "/cell_batches/{id}": record_item(
            "CellBatch", "cell batch (lot)", "(its cells are kept, with no lot)"
        ),
        "/cell_specifications/{id}/cell_instances": _collection(
            "CellInstance",
            "cell instance",
            parent=True,
            extra=[query("batch_id", "<id> or eq.<id>: the cells of a lot")],
            named="No such specification, or no lot batch_id names",
        ),
        "/cell_instances/{id}": record_item("CellInstance", "cell instance"),
        "/cell_instances/{id}/cell_measurements": {
            "parameters": [ID],
            "get": operation(
                "List the measurements of an instance",
                {
                    "200": answer(ref("CellMeasurementPage")),
                    "404": error("No such instance"),
                },
                parameters=[
                    *LIST_PARAMETERS,
                    order_by("start_time"),
                    query("measurement_type", "time_series, file or properties"),
                    query("start_time_gt", "ISO 8601", time=True),
                    query("start_time_lt", "ISO 8601", time=True),
                    *_TAG_FILTERS,
                ],
            ),
        },
        **measurement_paths(),
        **raw_data_paths(),
        **lab_paths(),
        **hosted_only_paths(),
        **planning_paths(),
        **organisation_paths(),
        **derived_paths(),
        **member_paths(),
        **s3_paths(),
        "/storage/{id}/{file}": {
            "parameters": [ID, FILE, *SIGNED],
            "get": operation(
                "Fetch a stored file, or one byte range of it (signed URL; "
                "send no credentials)",
                {
                    "200": {
                        "description": "The file",
                        "content": {"application/octet-stream": {"schema": {}}},
                    },
                    "206": {
                        "description": "The range asked for (Content-Range)",
                        "content": {"application/octet-stream": {"schema": {}}},
                    },
                    "403": error("Bad or expired signature"),
                    "404": error("No such file"),
                    "416": {"description": "The range begins past the end"},
                },
                parameters=[
                    {
                        "name": "Range",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "bytes=first-last, bytes=first- or bytes=-n",
                    }
                ],
                **open_route,
            ),
            "put": operation(
                "Upload a file (signed URL; send no credentials)",
                {
                    "200": answer({"type": "object"}),
                    "400": error("Not an upload file name"),
                    "403": error("Bad or expired signature"),
                    "409": error("The upload was confirmed, or cannot extend now"),
                },
                **open_route,
            ),
        },
        "/openapi.json": {
            "get": operation(
                "This document", {"200": answer({"type": "object"})}, **open_route
            )
        },
        "/_local/stats": {
            "get": operation(
                "Request counts, injected faults, credentials seen by storage",
                {"200": answer({"type": "object"})},
                **control_route,
            ),
            "delete": operation(
                "Reset the statistics",
                {"204": {"description": "Reset"}},
                **control_route,
            ),
        },
        "/_local/faults": {
            "get": operation(
                "The fault settings in force",
                {"200": answer({"type": "object"})},
                **control_route,
            ),
            "post": operation(
                "Change fault settings",
                {
                    "200": answer({"type": "object"}),
                    "400": error("The body is not JSON"),
                    "422": error("Unknown setting or bad value"),
                },
                body=_FAULTS,
                **control_route,
            ),
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ionworks-local",
            "version": __version__,
            "description": __doc__,
        },
        "servers": [{"url": "/"}],
        "security": [{"ApiKey": []}, {"Bearer": []}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "Bearer": {"type": "http", "scheme": "bearer"},
            },
        },
        "paths": paths,
    }
