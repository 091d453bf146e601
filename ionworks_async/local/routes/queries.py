"""Reading a list route's query string: filters, operators, paging, order."""

from __future__ import annotations

from multidict import MultiMapping

from ..._arguments.query import like_literal
from ..errors import ApiError
from ..storage.record_types import MEASUREMENT, SPECIFICATION, Kind, normalise_time
from ..storage.rows import SLOTS, ListQuery

__all__ = ["MAX_OFFSET", "page_window", "parse_list_query"]

_EQUALS = (
    "form_factor",
    "measurement_type",
    "project_id",
    "batch_id",
    "status",
    "channel_id",
)
"""Filters by equality: ``eq.<value>``, or the plain value."""
MAX_OFFSET = 2**62
"""The largest ``offset`` (SQLite integers are 64-bit)."""


PAGE_MAX = 100
"""The most rows a page holds; a larger ``limit`` is clamped to it."""


def _like(value: str, parameter: str) -> tuple[str | None, str | None]:
    """Read ``eq.x`` (exact) or ``ilike.pattern`` (case-insensitive LIKE).

    In a pattern, a backslash before ``%``, ``_`` or itself stands for the
    character itself (LIKE's escape, as PostgreSQL reads it); ``*`` is ``%``.
    """
    operator, dot, operand = value.partition(".")
    if dot and operator == "eq":
        return operand, None
    if dot and operator == "ilike":
        return None, operand.replace("*", "%")
    if dot and operator in ("like", "neq", "gt", "lt", "in", "is"):
        raise ApiError(400, f"Unsupported operator {operator!r} for {parameter}")
    return value, None


def _integer(
    query: MultiMapping[str], name: str, default: int, low: int, high: int | None
) -> int:
    text = query.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(400, f"{name} must be an integer, got {text!r}") from None
    if high is None and value < low:
        raise ApiError(400, f"{name} must be at least {low}, got {value}")
    if high is not None and not low <= value <= high:
        raise ApiError(400, f"{name} must be between {low} and {high}, got {value}")
    return value


def page_window(query: MultiMapping[str]) -> tuple[int, int]:
    """Return a list's ``limit`` (default 100) and ``offset`` (default 0).

    A ``limit`` over 100 is served 100 rows: a server may clamp a page (the
    contract), and pagers that ask for more (the public client's
    ``Navigator`` asks for 200) advance by the rows they received.

    Raises
    ------
    ApiError
        400 for a value that is no integer, a ``limit`` under 1 or an
        ``offset`` out of range.
    """
    limit = _integer(query, "limit", 100, 1, None)
    return min(limit, PAGE_MAX), _integer(query, "offset", 0, 0, MAX_OFFSET)


def parse_list_query(query: MultiMapping[str], kind: Kind) -> ListQuery:
    """Check a list route's query string.

    Raises
    ------
    ApiError
        400 for a bad ``limit`` (under 1), ``offset``, operator, time, order.
    """
    limit, offset = page_window(query)
    name_eq = name_like = email_like = None
    if "name" in query:
        name_eq, name_like = _like(query["name"], "name")
    if "created_by_email" in query:
        exact, email_like = _like(query["created_by_email"], "created_by_email")
        if exact is not None:
            email_like = like_literal(exact)
    time_columns = [("created_at", "created_at"), ("updated_at", "updated_at")]
    if kind is MEASUREMENT:
        time_columns.append(("start_time", "start_time"))
    time_columns += [(column, column) for column in kind.times]
    bounds = []
    for parameter, column in time_columns:
        for suffix, operator in (("_gt", ">"), ("_lt", "<")):
            text = query.get(parameter + suffix)
            if text is not None:
                try:
                    moment = normalise_time(text, field=parameter + suffix)
                except ApiError as error:
                    raise ApiError(400, error.message) from None
                bounds.append((column, operator, moment))
    equals = []
    for parameter in kind.columns:
        if parameter in _EQUALS and parameter in query:
            exact, pattern = _like(query[parameter], parameter)
            equals.append((parameter, exact if exact is not None else pattern or ""))
    likes = []
    for column in kind.contains:
        if column in query:
            exact, pattern = _like(query[column], column)
            if exact is not None:
                equals.append((column, exact))
            else:
                likes.append((column, pattern or ""))
    order_by = query.get("order_by")
    allowed = {"name", "created_at", "updated_at", *kind.times} | (
        {"start_time"} if kind is MEASUREMENT else set()
    )
    if order_by is not None and order_by not in allowed:
        raise ApiError(400, f"order_by must be one of {sorted(allowed)}")
    order = query.get("order", "asc")
    if order not in ("asc", "desc"):
        raise ApiError(400, "order must be 'asc' or 'desc'")
    if kind is MEASUREMENT and "q" in query and name_like is None and name_eq is None:
        name_like = f"%{like_literal(query['q'])}%"  # a case-insensitive search
    tags: dict[str, tuple[str, ...]] = {"tags_all": (), "tags_any": ()}
    if kind is MEASUREMENT:
        for parameter in tags:
            tags[parameter] = tuple(query.getall(parameter, []))
    materials: list[tuple[str, str]] = []
    exclude_id = None
    if kind is SPECIFICATION:
        anywhere = [*query.getall("material_id", []), *query.getall("material_ids", [])]
        materials += [(slot, one) for one in anywhere for slot in SLOTS]
        for slot in SLOTS:
            materials += [
                (slot, one) for one in query.getall(f"{slot}_material_id", [])
            ]
        exclude_id = query.get("exclude_cell_spec_id")
    return ListQuery(
        materials=tuple(materials),
        exclude_id=exclude_id,
        tags_all=tags["tags_all"],
        tags_any=tags["tags_any"],
        limit=limit,
        offset=offset,
        name_eq=name_eq,
        name_like=name_like,
        email_like=email_like,
        bounds=tuple(bounds),
        equals=tuple(equals),
        likes=tuple(likes),
        order_by=order_by,
        descending=order == "desc",
    )
