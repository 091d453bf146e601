"""The record kinds the server stores, and how their fields are checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ..errors import ApiError

__all__ = [
    "BATCH",
    "BOOLEAN",
    "DATE",
    "INSTANCE",
    "INTEGER",
    "LIST",
    "LOCAL_ORGANIZATION",
    "MEASUREMENT",
    "MEASUREMENT_TYPES",
    "NAME_PATTERN",
    "NUMBER",
    "OBJECT",
    "PROJECT",
    "RECORD_COLUMNS",
    "SERVER_FIELDS",
    "SPECIFICATION",
    "TAGS",
    "TEXT",
    "TIME",
    "Kind",
    "check_fields",
    "normalise_tags",
    "normalise_time",
]

MEASUREMENT_TYPES = ("time_series", "file", "properties")
LOCAL_ORGANIZATION = {
    "id": "6c0c4a5e-9a1f-5d2b-8f3e-10ca1000a000",
    "name": "ionworks-local",
}
"""The one organisation of every ionworks-local: its projects' and its user's."""
SERVER_FIELDS = frozenset({"id", "created_at", "updated_at", "created_by_email"})
"""Fields the server keeps; a client's values for them are ignored."""

TEXT = "a string"
OBJECT = "an object"
TIME = "an ISO 8601 datetime"
DATE = "an ISO 8601 date"
TAGS = "a list of tags"
INTEGER = "an integer"
NUMBER = "a number"
BOOLEAN = "a boolean"
LIST = "a list"


RECORD_COLUMNS = """
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by_email TEXT NOT NULL,
    doc TEXT NOT NULL"""
"""The columns every record table has (after its id and parent), as SQL."""


@attrs.frozen
class Kind:
    """One stored resource: its table, parent and checked fields."""

    table: str
    label: str
    parent_column: str | None
    fields: dict[str, str]
    """Field name to the kind of value it must hold (or null)."""
    columns: tuple[str, ...]
    """Fields copied into their own column, for filters and ordering."""
    scope: str | None = None
    """The column within which names are unique (``None``: the whole store)."""
    fold_names: bool = False
    """Whether names are compared case-insensitively (kept in ``name_key``)."""
    column_only: tuple[str, ...] = ()
    """Fields kept only in their column, and added to the record when read."""
    read_only: tuple[str, ...] = ()
    """Fields the server sets (a client's values for them are ignored)."""
    inherits: str | None = None
    """A field copied from the parent record when one is created."""
    in_project: bool = False
    """Whether the body's ``project_id`` names a project (404 if none; 400 for
    null; the default project when left out at creation)."""
    contains: tuple[str, ...] = ()
    """Columns a list filters by ``ilike.`` patterns (or a plain substring)."""
    times: tuple[str, ...] = ()
    """Columns of times a list bounds with ``<column>_gt`` and ``_lt``."""
    derive: Callable[[dict[str, Any]], None] | None = None
    """Sets the fields the server derives from the others, before a write."""
    lists_across: bool = False
    """Whether a list without a parent spans every parent (``GET /channels``)."""
    unique_names: bool = True
    """Whether a name is taken once within ``scope`` (protocols' are not)."""


PROJECT = Kind(
    table="projects",
    label="Project",
    parent_column=None,
    fields={"description": TEXT, "notes": TEXT},
    columns=(),
    read_only=("organization_id",),
)
SPECIFICATION = Kind(
    table="cell_specifications",
    label="Cell specification",
    parent_column=None,
    fields={
        "form_factor": TEXT,
        "manufacturer": TEXT,
        "notes": TEXT,
        "ratings": OBJECT,
        "anode": OBJECT,
        "cathode": OBJECT,
        "electrolyte": OBJECT,
        "separator": OBJECT,
        "case": OBJECT,
        "properties": OBJECT,
        "project_id": TEXT,
    },
    columns=("form_factor", "project_id"),
    scope="project_id",
    in_project=True,
)
BATCH = Kind(
    table="cell_batches",
    label="Cell batch",
    parent_column="cell_specification_id",
    fields={"notes": TEXT, "date_manufactured": DATE, "properties": OBJECT},
    columns=(),
    scope="cell_specification_id",
    fold_names=True,
    read_only=("instance_count", "project_id"),
    inherits="project_id",
)
INSTANCE = Kind(
    table="cell_instances",
    label="Cell instance",
    parent_column="cell_specification_id",
    fields={
        "batch_id": TEXT,
        "date_manufactured": DATE,
        "notes": TEXT,
        "measured_properties": OBJECT,
    },
    columns=("batch_id",),
    scope="cell_specification_id",
    column_only=("batch_id",),
    read_only=("batch_name",),
)
MEASUREMENT = Kind(
    table="cell_measurements",
    label="Cell measurement",
    parent_column="cell_instance_id",
    fields={
        "notes": TEXT,
        "protocol": OBJECT,
        "test_setup": OBJECT,
        "start_time": TIME,
        "end_time": TIME,
        "channel_id": TEXT,
        "protocol_id": TEXT,
        "properties": OBJECT,
        "tags": TAGS,
    },
    columns=("measurement_type", "start_time", "processing_status"),
    scope="cell_instance_id",
)


def normalise_time(value: str, *, field: str) -> str:
    """Return an ISO 8601 text in UTC with microseconds, comparable as a string.

    A date means its midnight in UTC; a datetime without an offset is UTC. A
    time within minutes of year 1 or 9999 whose offset would shift it out of
    the calendar (``0001-01-01T00:01+00:02``, valid RFC 3339) is kept with
    its own offset.

    Raises
    ------
    ApiError
        422 when the text is not ISO 8601.
    """
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = dt.datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
    except ValueError:
        raise ApiError(
            422, f"{field} must be an ISO 8601 datetime (years 1-9999), got {value!r}"
        ) from None
    try:
        return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")
    except (ValueError, OverflowError):  # shifted to UTC, it leaves the calendar
        return moment.isoformat(timespec="microseconds")


BLANK = frozenset(
    " \t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f"
    "\u3000\ufeff" + "".join(chr(c) for c in range(0x2000, 0x200B))
)
"""Blank characters: Python's whitespace and JSON Schema's (ECMAScript ``\\s``)."""
NAME_PATTERN = "[^\\s\\x1c-\\x1f\\x85]"
"""The OpenAPI pattern of a name: one character that is not :data:`BLANK`."""


def has_visible_character(text: str) -> bool:
    """Whether ``text`` has a character that is not blank (a valid name)."""
    return any(character not in BLANK for character in text)


def _check_value(field: str, expected: str, value: Any) -> None:
    if value is None:
        return
    if expected == OBJECT:
        ok = isinstance(value, Mapping)
    elif expected == LIST:
        ok = isinstance(value, list)
    elif expected in (INTEGER, NUMBER, BOOLEAN):
        kinds = {INTEGER: (int,), NUMBER: (int, float), BOOLEAN: (bool,)}[expected]
        ok = isinstance(value, kinds) and (
            expected == BOOLEAN or not isinstance(value, bool)
        )
        if expected == INTEGER and isinstance(value, float):
            ok = value.is_integer()  # 3.0 is an integer, as JSON Schema has it
    elif expected == TAGS:
        ok = isinstance(value, list)  # each tag is checked by normalise_tags
    elif expected == TIME:
        ok = isinstance(value, str)
        if ok:
            normalise_time(value, field=field)
    elif expected == DATE:
        ok = isinstance(value, str)
        if ok:
            try:
                dt.date.fromisoformat(value[:10])
            except ValueError:
                ok = False
    else:
        ok = isinstance(value, str)
    if not ok:
        raise ApiError(
            422,
            f"{field} must be {expected} or null, got {type(value).__name__}",
            {"field": field},
        )


MAX_TAGS = 50
MAX_TAG_LENGTH = 50


def normalise_tags(value: Any, *, status: int = 422, field: str = "tags") -> list[str]:
    """Return tags as stored: trimmed, de-duplicated, sorted; check the limits.

    Raises
    ------
    ApiError
        ``status`` for a value that is not a list of non-blank strings of at
        most 50 characters, or more than 50 distinct tags.
    """
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise ApiError(status, f"{field} must be a list of strings", {"field": field})
    kept: dict[str, str] = {}
    for tag in value:
        text = tag.strip()
        if not text or len(text) > MAX_TAG_LENGTH:
            raise ApiError(
                status,
                f"Each tag must have 1 to {MAX_TAG_LENGTH} characters, got {tag!r}",
                {"field": field},
            )
        kept.setdefault(text.casefold(), text)
    if len(kept) > MAX_TAGS:
        raise ApiError(
            status, f"A measurement holds at most {MAX_TAGS} tags", {"field": field}
        )
    return [kept[key] for key in sorted(kept)]


def check_fields(kind: Kind, body: Any, *, partial: bool) -> dict[str, Any]:
    """Check a create (or, with ``partial``, a patch) body; return its fields.

    Unknown fields are kept as they are (the API is permissive); the fields
    the server keeps are dropped.

    Raises
    ------
    ApiError
        422 for a body that is not an object, a missing or empty name, or a
        documented field of the wrong type.
    """
    if not isinstance(body, Mapping):
        raise ApiError(422, "The request body must be a JSON object")
    if kind is INSTANCE and "batch" in body:
        raise ApiError(
            422,
            "batch is no longer a free-text field: lots are cell batches "
            "(/cell_specifications/{id}/cell_batches); send the lot's batch_id",
            {"field": "batch", "use": "batch_id"},
        )
    ignored = SERVER_FIELDS | set(kind.read_only)
    fields = {key: value for key, value in body.items() if key not in ignored}
    if not partial or "name" in fields:
        name = fields.get("name")
        if not isinstance(name, str) or not has_visible_character(name):
            raise ApiError(
                422,
                "name is required and must be a non-empty string",
                {"field": "name"},
            )
    for field, expected in kind.fields.items():
        if field in fields:
            _check_value(field, expected, fields[field])
    if kind is MEASUREMENT:
        if fields.get("tags") is not None:
            fields["tags"] = normalise_tags(fields["tags"])
        kind_value = fields.get("measurement_type", None if partial else "time_series")
        if kind_value is not None and kind_value not in MEASUREMENT_TYPES:
            raise ApiError(
                422,
                f"measurement_type must be one of {', '.join(MEASUREMENT_TYPES)}",
                {"field": "measurement_type"},
            )
    if kind.parent_column and kind.parent_column in fields:
        fields.pop(kind.parent_column)  # the parent comes from the route
    return fields
