"""Cell specifications: the type of a cell (chemistry, format, ratings)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Unpack

from .._arguments.filters import SpecificationFilters, check_filters, document_filters
from .._arguments.query import SLOTS, check_data, check_flag
from ..errors import ResponseValidationError
from ..models import CellSpecification, PaginatedList
from ._generated import PlainCellSpecifications
from ._paths import SPECIFICATIONS_PATH
from ._plain import BodyMaker

__all__ = ["AsyncCellSpecificationClient"]

_SLOT_FILTERS = tuple(f"{slot}_material_id" for slot in SLOTS)


class AsyncCellSpecificationClient(PlainCellSpecifications):
    """Client for cell specifications.

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    def _query(self, filters: Mapping[str, Any]) -> dict[str, Any]:
        """Scope a lookup by exact name or by material to the default project.

        As the public client scopes them: a material or a name is looked for
        in one project, not across the organisation.
        """
        scoped = dict(filters)
        identity = ("name_exact", "material_id", *_SLOT_FILTERS)
        if scoped.get("project_id") is None and any(
            scoped.get(key) is not None for key in identity
        ):
            scoped["project_id"] = self._context.project_id
        return scoped

    def _bodies(self, parent_id: str | None) -> BodyMaker:
        """File a new specification in the default project if it names none."""
        project_id = self._context.project_id

        async def in_project(data: object) -> dict[str, Any]:
            body = check_data(data)
            if body.get("project_id") is None and project_id is not None:
                body["project_id"] = project_id
            return body

        return in_project

    def _name_query(self, name: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Look for the name in the body's project (else the default one)."""
        return {"name_exact": name, "project_id": body.get("project_id")}

    @document_filters(SpecificationFilters)
    async def list(
        self,
        include_components: bool = False,
        limit: int | None = None,
        offset: int | None = None,
        **filters: Unpack[SpecificationFilters],
    ) -> PaginatedList[CellSpecification]:
        """List cell specifications: every match, or one page.

        Parameters
        ----------
        include_components : bool, optional
            Return each specification with its components (``anode``,
            ``cathode``, ``electrolyte``, ``separator``, ``case``) and their
            materials. Defaults to False: the specifications' own fields.
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        **filters

        Returns
        -------
        PaginatedList[CellSpecification]
            A list of the specifications, with ``total``.
        """
        check_filters(filters, SpecificationFilters, "list")
        material = filters.get("material_id")
        if (
            material is not None
            and not isinstance(material, str)
            and isinstance(material, Sequence)
            and not material
        ):
            return PaginatedList([], total=0)  # any of no materials: none
        query = self._query(filters)
        if check_flag(include_components, "include_components"):
            query["full"] = "true"
        return await self._api.list(
            SPECIFICATIONS_PATH, CellSpecification, limit, offset, query
        )

    async def related_specs(
        self,
        cell_spec_id: str,
        *,
        slots: Sequence[str] | None = None,
        exclude_self: bool = True,
        limit: int = 100,
        offset: int = 0,
        include_components: bool = False,
    ) -> PaginatedList[CellSpecification]:
        """List the other specifications that share a component material with one.

        Parameters
        ----------
        cell_spec_id : str
            The specification whose components' materials are looked for.
        slots : list of str, optional
            The slots compared (of ``anode``, ``cathode``, ``electrolyte``,
            ``separator``, ``case``): each only against this specification's
            material in the same slot. ``None``: any of its materials, in any
            slot.
        exclude_self : bool, optional
            Leave the specification itself out. Defaults to True.
        limit : int, optional
            Page size. Defaults to 100.
        offset : int, optional
            Specifications to skip. Defaults to 0.
        include_components : bool, optional
            Return each with its components and materials. Defaults to False.

        Returns
        -------
        PaginatedList[CellSpecification]
            The specifications of its project that share a material.

        Raises
        ------
        ValueError
            For a slot that is not one of the five.
        """
        wanted = list(SLOTS) if slots is None else list(slots)
        unknown = [slot for slot in wanted if slot not in SLOTS]
        if unknown:
            raise ValueError(f"Unknown slot(s) {unknown}; allowed: {', '.join(SLOTS)}")
        spec = await self.get(cell_spec_id)
        materials: dict[str, str] = {}
        for slot in wanted:
            component = getattr(spec, slot, None)
            if component is None:
                component = spec.extra.get(slot)
            found = (
                component.get("material_id") if isinstance(component, dict) else None
            )
            if isinstance(found, str) and found:
                materials[slot] = found
        if not materials:
            return PaginatedList([], total=0)
        if spec.project_id is None:
            raise ResponseValidationError(
                f"Cell specification {cell_spec_id!r} has no project_id, so its "
                "related specifications cannot be scoped to a project.",
                method="GET",
                path=f"{SPECIFICATIONS_PATH}/{cell_spec_id}",
            )
        filters: dict[str, Any] = {"project_id": spec.project_id}
        if check_flag(exclude_self, "exclude_self"):
            filters["exclude_cell_spec_id"] = cell_spec_id
        if slots is None:
            filters["material_id"] = list(dict.fromkeys(materials.values()))
        else:
            for slot, material in materials.items():
                filters[f"{slot}_material_id"] = material
        return await self.list(include_components, limit, offset, **filters)
