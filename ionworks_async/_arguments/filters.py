"""The filter keywords of the list routes, each defined once.

A resource's ``list`` and ``iter_all`` take ``**filters: Unpack[...Filters]``:
the type checker sees every keyword with its type, :func:`document_filters`
writes every keyword's description into the method's docstring, and the
facade generator (:mod:`ionworks._codegen`) spells them out as keyword-only
parameters of the blocking method.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypedDict, TypeVar

from .query import DateLike

__all__ = [
    "InstanceFilters",
    "MeasurementFilters",
    "NameFilters",
    "RecordFilters",
    "SpecificationFilters",
    "check_filters",
    "document_filters",
    "filter_docs",
    "filter_names",
]

F = TypeVar("F", bound=Callable[..., Any])


class NameFilters(TypedDict, total=False):
    """Filters by name (the only filters of lots)."""

    name: str | None
    name_exact: str | None


class RecordFilters(NameFilters, total=False):
    """Filters every record list takes: name, creator, times, order."""

    created_by_email: str | None
    created_after: DateLike | None
    created_before: DateLike | None
    updated_after: DateLike | None
    updated_before: DateLike | None
    order_by: str | None
    order: str | None


class SpecificationFilters(RecordFilters, total=False):
    """Filters of the specification list."""

    form_factor: str | None
    project_id: str | None
    material_id: str | Sequence[str] | None
    anode_material_id: str | None
    cathode_material_id: str | None
    electrolyte_material_id: str | None
    separator_material_id: str | None
    case_material_id: str | None
    exclude_cell_spec_id: str | None


class InstanceFilters(RecordFilters, total=False):
    """Filters of an instance list."""

    batch_id: str | None


class MeasurementFilters(RecordFilters, total=False):
    """Filters of a measurement list."""

    started_after: DateLike | None
    started_before: DateLike | None
    tags_all: str | Sequence[str] | None
    tags_any: str | Sequence[str] | None


_DOCS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("name",), "str, optional", "Case-insensitive substring of the name."),
    (("name_exact",), "str, optional", "The exact name; wins over ``name``."),
    (
        ("form_factor",),
        "str, optional",
        'Exact form factor, e.g. ``"R2032"`` or ``"pouch"``.',
    ),
    (
        ("project_id",),
        "str, optional",
        "Only specifications of this project. An exact-name lookup "
        "(``name_exact``) without it is scoped to the client's default "
        "project, when one is set.",
    ),
    (
        ("material_id",),
        "str or list of str, optional",
        "Only specifications using this material (or one of these) in any "
        "component slot; an empty list matches none.",
    ),
    *(
        (
            (f"{slot}_material_id",),
            "str, optional",
            f"Only specifications whose {slot} uses this material (several "
            "slots: any of them).",
        )
        for slot in ("anode", "cathode", "electrolyte", "separator", "case")
    ),
    (
        ("exclude_cell_spec_id",),
        "str, optional",
        "Leave this specification out.",
    ),
    (("batch_id",), "str, optional", "Only the cells of this lot."),
    (
        ("tags_all",),
        "str or list of str, optional",
        "Only measurements with every one of these tags (compared "
        "case-insensitively; a bare string is one tag).",
    ),
    (
        ("tags_any",),
        "str or list of str, optional",
        "Only measurements with at least one of these tags.",
    ),
    (
        ("created_by_email",),
        "str, optional",
        "Case-insensitive substring of the creator's email.",
    ),
    (
        ("created_after", "created_before"),
        "datetime, date or str, optional",
        "Bounds on the creation time (exclusive).",
    ),
    (
        ("updated_after", "updated_before"),
        "datetime, date or str, optional",
        "Bounds on the update time (exclusive).",
    ),
    (
        ("started_after", "started_before"),
        "datetime, date or str, optional",
        "Bounds on the measurement's start time (exclusive).",
    ),
    (
        ("order_by",),
        "str, optional",
        '``"name"``, ``"created_at"`` or ``"updated_at"`` (measurements also '
        '``"start_time"``).',
    ),
    (("order",), "str, optional", '``"asc"`` or ``"desc"``.'),
)
_MARKER = re.compile(r"^(?P<indent>[ \t]*)\*\*filters\n", re.MULTILINE)


def filter_names(filters: type) -> frozenset[str]:
    """Return the keywords a ``...Filters`` TypedDict allows."""
    names: frozenset[str] = filters.__optional_keys__  # type: ignore[attr-defined]
    return names


def filter_docs(filters: type, indent: str) -> str:
    """Return the docstring entries of a ``...Filters`` TypedDict's keywords."""
    allowed = filter_names(filters)
    documented = {name for names, _, _ in _DOCS for name in names}
    if allowed - documented:
        raise TypeError(f"undocumented filters: {sorted(allowed - documented)}")
    lines: list[str] = []
    for names, kind, text in _DOCS:
        if set(names) <= allowed:
            lines.append(f"{indent}{', '.join(names)} : {kind}")
            lines += textwrap.wrap(
                text,
                width=88,
                initial_indent=f"{indent}    ",
                subsequent_indent=f"{indent}    ",
                break_on_hyphens=False,
            )
    return "\n".join(lines) + "\n"


def document_filters(filters: type) -> Callable[[F], F]:
    """Write the filters' descriptions where the docstring says ``**filters``.

    Parameters
    ----------
    filters : type
        The ``...Filters`` TypedDict of the method's ``**filters``.

    Returns
    -------
    callable
        A decorator that rewrites the method's docstring in place.
    """

    def decorate(function: F) -> F:
        doc = function.__doc__ or ""
        match = _MARKER.search(doc)
        if match is None:
            raise TypeError(f"{function.__qualname__}: no **filters in the docstring")
        entries = filter_docs(filters, match["indent"])
        function.__doc__ = doc[: match.start()] + entries + doc[match.end() :]
        return function

    return decorate


def check_filters(filters: Mapping[str, object], allowed: type, method: str) -> None:
    """Refuse a keyword the list does not take, as Python would.

    Raises
    ------
    TypeError
        Naming the first unknown keyword.
    """
    names = filter_names(allowed)
    for key in filters:
        if key not in names:
            raise TypeError(f"{method}() got an unexpected keyword argument {key!r}")
