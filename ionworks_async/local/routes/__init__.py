"""The route handlers of ionworks-local, as one aiohttp application.

One module a group of routes: records (list, create, get, update, delete),
uploads and storage, extend, file measurements, tags, raw data, identity,
and the server's own control routes; the middleware that wraps them all; and
the reading of list queries. :func:`build_app` puts every route behind its
middleware.

Handlers read and check the request, call the store and answer JSON with
``Content-Type: application/json`` exactly. Every error is the standard body;
every response carries ``x-correlation-id``.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiohttp import web
from aiohttp.typedefs import Middleware

from ..shared import S3_PREFIX, STATE, State
from ..storage.record_types import BATCH, INSTANCE, MEASUREMENT, PROJECT, SPECIFICATION
from .control import (
    get_capabilities,
    get_faults,
    get_openapi,
    get_schema,
    get_stats,
    reset_stats,
    set_faults,
)
from .derived import derived_routes
from .extend import confirm_extend, initiate_extend
from .files import get_file, list_files
from .hosted_only import hosted_only_routes
from .identity import (
    healthz,
    list_project_measurements,
    unwatch,
    users_me,
    watch,
)
from .lab import lab_routes
from .members import (
    add_member,
    invite_member,
    list_roles,
    remove_member,
    update_member,
)
from .middleware import (
    auth_middleware,
    errors_middleware,
    faults_middleware,
    query_middleware,
)
from .organisation import organisation_routes
from .planning import planning_routes
from .raw_data import (
    attach_raw_data,
    confirm_raw_upload,
    delete_raw_data,
    detach_raw_data,
    get_raw_data,
    initiate_raw_upload,
    list_measurement_raw_data,
    list_raw_data,
    raw_data_download_url,
    raw_data_measurements,
    update_raw_data,
)
from .records import (
    create_batch,
    create_instance,
    create_measurement,
    create_project,
    create_specification,
    list_batches,
    list_instances,
    list_measurements,
    list_projects,
    list_specifications,
    record_routes,
)
from .s3_multipart import s3_delete, s3_post, s3_put
from .tags import bulk_tags, list_tags
from .uploads import (
    confirm_upload,
    cycles,
    initiate_upload,
    steps_and_cycles,
    steps_download,
    storage_get,
    storage_put,
    time_series_download,
)

__all__ = ["build_app"]

RAW_RECORD = "/raw_data/{id:(?!initiate-upload$)[^{}/]+}"
S3_OBJECT = S3_PREFIX + "/{bucket}/{key:[^{}]+}"
"""One raw-data record's route."""
MAX_BODY = 1024**3
"""The largest request body (parquet uploads)."""


def build_app(state: State, outer: Sequence[Middleware] = ()) -> web.Application:
    """Build the application around shared state.

    ``outer`` middlewares run first, before the server's own (see
    ``LocalServer(middlewares=...)``).
    """
    app = web.Application(
        middlewares=[
            *outer,
            errors_middleware,
            faults_middleware,
            auth_middleware,
            query_middleware,
        ],
        client_max_size=MAX_BODY,
    )
    app[STATE] = state
    app.add_routes(
        [
            web.get("/projects", list_projects),
            web.post("/projects", create_project),
            *record_routes(PROJECT, "/projects/{id}"),
            web.get("/roles/project", list_roles),
            web.post("/projects/{id}/members", add_member),
            web.patch("/projects/{id}/members/{user_id}", update_member),
            web.delete("/projects/{id}/members/{user_id}", remove_member),
            web.post("/projects/{id}/invites", invite_member),
            web.get("/healthz", healthz),
            web.get("/users/me", users_me),
            web.get("/cell_measurements", list_project_measurements),
            web.get("/cell_specifications", list_specifications),
            web.post("/cell_specifications", create_specification),
            *record_routes(SPECIFICATION, "/cell_specifications/{id}"),
            web.get("/cell_specifications/{id}/cell_instances", list_instances),
            web.post("/cell_specifications/{id}/cell_instances", create_instance),
            web.get("/cell_specifications/{id}/cell_batches", list_batches),
            web.post("/cell_specifications/{id}/cell_batches", create_batch),
            *record_routes(BATCH, "/cell_batches/{id}"),
            *record_routes(INSTANCE, "/cell_instances/{id}"),
            web.get("/cell_instances/{id}/cell_measurements", list_measurements),
            web.post(
                "/cell_instances/{id}/cell_measurements/create", create_measurement
            ),
            web.post(
                "/cell_instances/{id}/cell_measurements/initiate-upload",
                initiate_upload,
            ),
            # Before /cell_measurements/{id}: "tags" is no measurement id.
            web.get("/cell_measurements/tags", list_tags),
            web.post("/cell_measurements/tags/bulk", bulk_tags),
            # ... and "tags" never names one, for any method.
            *record_routes(MEASUREMENT, "/cell_measurements/{id:(?!tags$)[^{}/]+}"),
            web.post("/cell_measurements/{id}/confirm-upload", confirm_upload),
            web.post("/cell_measurements/{id}/initiate-extend", initiate_extend),
            web.post("/cell_measurements/{id}/confirm-extend", confirm_extend),
            web.get("/cell_measurements/{id}/files", list_files),
            web.get("/cell_measurements/{id}/files/{filename}", get_file),
            web.get("/cell_measurements/{id}/steps/download", steps_download),
            web.get(
                "/cell_measurements/{id}/time_series/download", time_series_download
            ),
            web.get("/cell_measurements/{id}/steps_and_cycles", steps_and_cycles),
            web.get("/cell_measurements/{id}/cycles", cycles),
            web.post("/cell_measurements/{id}/watch", watch),
            web.delete("/cell_measurements/{id}/watch", unwatch),
            web.post("/cell_measurements/{id}/raw_data", attach_raw_data),
            web.get("/cell_measurements/{id}/raw_data", list_measurement_raw_data),
            web.delete(
                "/cell_measurements/{id}/raw_data/{raw_data_id}", detach_raw_data
            ),
            web.post("/raw_data/initiate-upload", initiate_raw_upload),
            web.get("/raw_data", list_raw_data),
            # "initiate-upload" never names a record, for any method.
            web.get(RAW_RECORD, get_raw_data),
            web.patch(RAW_RECORD, update_raw_data),
            web.delete(RAW_RECORD, delete_raw_data),
            web.post("/raw_data/{id}/confirm-upload", confirm_raw_upload),
            web.get("/raw_data/{id}/download-url", raw_data_download_url),
            web.get("/raw_data/{id}/cell_measurements", raw_data_measurements),
            web.put("/storage/{id}/{file}", storage_put),
            web.get("/storage/{id}/{file}", storage_get),
            web.post(S3_OBJECT, s3_post),
            web.put(S3_OBJECT, s3_put),
            web.delete(S3_OBJECT, s3_delete),
            *lab_routes(),
            *planning_routes(),
            *organisation_routes(),
            *derived_routes(),
            *hosted_only_routes(),
            web.get("/openapi.json", get_openapi),
            web.get("/discovery/capabilities", get_capabilities),
            web.get("/discovery/schemas/{name}", get_schema),
            web.get("/_local/stats", get_stats),
            web.delete("/_local/stats", reset_stats),
            web.get("/_local/faults", get_faults),
            web.post("/_local/faults", set_faults),
        ]
    )
    return app
