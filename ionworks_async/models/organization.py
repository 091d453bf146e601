"""The organisation's records: its usage, members, materials and search hits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from ._base import Record, register_record

__all__ = [
    "ComputeUsage",
    "Material",
    "OrganizationMember",
    "OrganizationUsage",
    "ProjectMembership",
    "SearchResponse",
    "SearchResult",
    "SimulationUsage",
]


@register_record
@attrs.define(kw_only=True, repr=False)
class SimulationUsage(Record):
    """Simulated battery time used this period, and its limit, in hours."""

    SUMMARY = ("usage", "limit")

    usage: float = 0
    limit: float | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class ComputeUsage(Record):
    """Compute time used this period (in total and by job type), in hours."""

    SUMMARY = ("usage", "limit")

    usage: float = 0
    usage_by_type: dict[str, float] = attrs.field(factory=dict)
    limit: float | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class OrganizationUsage(Record):
    """The organisation's usage and limits this billing period (``None``: no limit)."""

    SUMMARY = ("period_start", "period_end")

    period_start: str
    period_end: str
    simulation: SimulationUsage = attrs.field(factory=SimulationUsage)
    compute: ComputeUsage = attrs.field(factory=ComputeUsage)


@register_record
@attrs.define(kw_only=True, repr=False)
class ProjectMembership(Record):
    """A member's role in one project."""

    SUMMARY = ("project_id", "project_role_id")

    project_id: str
    project_role_id: str


@register_record
@attrs.define(kw_only=True, repr=False)
class OrganizationMember(Record):
    """A member of the organisation: ``role`` is ``"Admin"`` or ``"Member"``."""

    SUMMARY = ("id", "email", "role")

    id: str
    email: str | None = None
    role: str | None = None
    projects: list[ProjectMembership] = attrs.field(factory=list)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> OrganizationMember:
        """Read a row of ``GET /organizations/{id}/users`` (its role flattened)."""
        role = data.get("organization_role") or {}
        fields = {
            key: value
            for key, value in data.items()
            if key not in ("organization_role", "user_project_roles")
        }
        fields["role"] = role.get("name") if isinstance(role, dict) else None
        fields["projects"] = data.get("user_project_roles") or []
        return cls.model_validate(fields)


@register_record
@attrs.define(kw_only=True, repr=False)
class Material(Record):
    """A material of a project (an electrode's active material, a separator)."""

    SUMMARY = ("id", "name", "manufacturer", "product_id")

    id: str
    name: str
    manufacturer: str | None = None
    product_id: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class SearchResult(Record):
    """One hit of a search: an entity of some type, by name."""

    SUMMARY = ("entity_type", "name", "id")

    id: str
    entity_type: str
    name: str
    project_id: str | None = None
    parent_id: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class SearchResponse(Record):
    """A page of search hits; iterating it yields the hits."""

    SUMMARY = ("query", "total")

    results: list[SearchResult]
    query: str
    total: int
    limit: int
    offset: int

    def __iter__(self) -> Iterator[SearchResult]:  # type: ignore[override]
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, index: int) -> SearchResult:
        return self.results[index]

    def __bool__(self) -> bool:
        return bool(self.results)
