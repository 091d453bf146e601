# GENERATED FILE - DO NOT EDIT.
# Produced by `python -m ionworks_async.resources._declared.codegen` from
# resources/_declared/; CI checks it with `--check`.
"""The plain methods of each declared resource (see :mod:`._declared`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Unpack

from .._arguments.filters import (
    InstanceFilters,
    MeasurementFilters,
    NameFilters,
    RecordFilters,
    SpecificationFilters,
    check_filters,
)
from .._arguments.query import segment
from ..bulk import BatchResult
from ..models import (
    CellBatch,
    CellInstance,
    CellMeasurement,
    CellSpecification,
    Project,
    RawData,
)
from ..models.pages import PaginatedList
from ..types import IfExists, ItemSource, Progress
from ._paths import (
    PROJECTS_PATH,
    RAW_DATA_PATH,
    SPECIFICATIONS_PATH,
    batch_path,
    instance_measurements_path,
    instance_path,
    measurement_path,
    project_path,
    raw_data_path,
    specification_batches_path,
    specification_instances_path,
    specification_path,
)
from ._plain import PlainResource

__all__ = [
    "PlainCellBatches",
    "PlainCellInstances",
    "PlainCellSpecifications",
    "PlainMeasurementRecords",
    "PlainProjects",
    "PlainRawData",
]


class PlainCellSpecifications(PlainResource):
    """The plain methods of ``CellSpecification`` records (generated)."""

    async def get(self, cell_spec_id: str) -> CellSpecification:
        """Get a cell specification by id.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.

        Returns
        -------
        CellSpecification
            The specification.
        """
        return await self._api.record(
            "GET", specification_path(cell_spec_id), CellSpecification
        )

    async def iter_all(
        self, **filters: Unpack[SpecificationFilters]
    ) -> AsyncIterator[CellSpecification]:
        """Iterate over every matching specification, fetching page by page.

        Parameters
        ----------
        name : str, optional
            Case-insensitive substring of the name.
        name_exact : str, optional
            The exact name; wins over ``name``.
        form_factor : str, optional
            Exact form factor, e.g. ``"R2032"`` or ``"pouch"``.
        project_id : str, optional
            Only specifications of this project. An exact-name lookup (``name_exact``)
            without it is scoped to the client's default project, when one is set.
        material_id : str or list of str, optional
            Only specifications using this material (or one of these) in any component
            slot; an empty list matches none.
        anode_material_id : str, optional
            Only specifications whose anode uses this material (several slots: any of
            them).
        cathode_material_id : str, optional
            Only specifications whose cathode uses this material (several slots: any of
            them).
        electrolyte_material_id : str, optional
            Only specifications whose electrolyte uses this material (several slots: any
            of them).
        separator_material_id : str, optional
            Only specifications whose separator uses this material (several slots: any
            of them).
        case_material_id : str, optional
            Only specifications whose case uses this material (several slots: any of
            them).
        exclude_cell_spec_id : str, optional
            Leave this specification out.
        created_by_email : str, optional
            Case-insensitive substring of the creator's email.
        created_after, created_before : datetime, date or str, optional
            Bounds on the creation time (exclusive).
        updated_after, updated_before : datetime, date or str, optional
            Bounds on the update time (exclusive).
        order_by : str, optional
            ``"name"``, ``"created_at"`` or ``"updated_at"`` (measurements also
            ``"start_time"``).
        order : str, optional
            ``"asc"`` or ``"desc"``.

        Yields
        ------
        CellSpecification
            Each matching specification.
        """
        check_filters(filters, SpecificationFilters, "iter_all")
        query = self._query(filters)
        async for record in self._api.iterate(
            SPECIFICATIONS_PATH, CellSpecification, query
        ):
            yield record

    async def create(self, data: dict[str, Any]) -> CellSpecification:
        """Create a cell specification.

        Parameters
        ----------
        data : dict
            The specification's fields; ``name`` is required. Without a
            ``project_id`` it is filed in the client's default project, when
            one is set (else the server's default).

        Returns
        -------
        CellSpecification
            The new specification.
        """
        body = await self._bodies(None)(data)
        return await self._post(body, retry_safe=False)

    async def create_or_get(self, data: dict[str, Any]) -> CellSpecification:
        """Create a cell specification, or get the existing one of that name.

        Names are unique within a project: the existing specification is
        looked for in the body's ``project_id``, else the client's default
        project, else (no project configured) across the organisation.

        Parameters
        ----------
        data : dict
            The specification's fields; ``name`` is required.

        Returns
        -------
        CellSpecification
            The new specification, or the one that already had this name.

        Raises
        ------
        ValueError
            When the API reports a conflict but the existing record is not found.

        Examples
        --------
        >>> made = await client.cell_spec.create_or_get(
        ...     {"name": "LFP 18650", "form_factor": "cylindrical"}
        ... )
        >>> made.form_factor
        'cylindrical'
        >>> (await client.cell_spec.create_or_get({"name": "LFP 18650"})).id == made.id
        True
        """
        body = await self._bodies(None)(data)
        record, _ = await self._create_or_get_reporting(body)
        return record

    async def create_many(
        self,
        items: ItemSource[dict[str, Any]],
        *,
        if_exists: IfExists = "get",
        concurrency: int | None = None,
        progress: Progress = False,
        stop_on_error: bool = False,
    ) -> BatchResult[CellSpecification]:
        """Create many cell specifications concurrently.

        Parameters
        ----------
        items : iterable or async iterable of dict
            The specifications' fields, as :meth:`create` takes them; consumed
            lazily, so a generator of any length keeps memory flat.
        if_exists : {"get", "error"}, optional
            ``"get"`` (the default) returns a record that already has the name,
            so re-running a job creates nothing twice; ``"error"`` fails the item.
        concurrency : int, optional
            Items in flight at once (default: the client's ``max_concurrency``).
        progress : bool or callable, optional
            ``True`` for a progress bar; a callable gets
            ``(done, total_or_None, failed)``.
        stop_on_error : bool, optional
            Cancel the remaining items at the first failure.

        Returns
        -------
        BatchResult[CellSpecification]
            Records in input order, failures with their errors, counts and rate.
        """
        bodies = self._bodies(None)  # one for the batch: what it looks up, once

        async def create(item: dict[str, Any]) -> CellSpecification:
            return await self._post(await bodies(item), retry_safe=False)

        async def create_or_get(item: dict[str, Any]) -> tuple[CellSpecification, bool]:
            return await self._create_or_get_reporting(await bodies(item))

        return await self._api.bulk(
            items,
            create=create,
            create_or_get=create_or_get,
            if_exists=if_exists,
            concurrency=concurrency,
            progress=progress,
            stop_on_error=stop_on_error,
            key=self._item_key,
        )

    async def update(
        self, cell_spec_id: str, data: dict[str, Any]
    ) -> CellSpecification:
        """Update fields of a cell specification.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        data : dict
            The fields to change.

        Returns
        -------
        CellSpecification
            The updated specification.
        """
        body = await self._update_body(cell_spec_id, data)
        return await self._api.record(
            "PATCH", specification_path(cell_spec_id), CellSpecification, body
        )

    async def delete(self, cell_spec_id: str) -> None:
        """Delete a cell specification, with its instances and their measurements.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        """
        await self._api.delete(specification_path(cell_spec_id))

    async def _post(
        self, body: dict[str, Any], *, retry_safe: bool
    ) -> CellSpecification:
        return await self._api.record(
            "POST", SPECIFICATIONS_PATH, CellSpecification, body, retry_safe=retry_safe
        )

    async def _create_or_get_reporting(
        self, body: dict[str, Any]
    ) -> tuple[CellSpecification, bool]:
        """Create, or find the record that has its name; say which it was."""
        return await self._api.create_or_get(
            self._post(body, retry_safe=True),
            name=body.get("name"),
            legacy_key="existing_cell_specification_id",
            get=self.get,
            find_by_name=lambda name: self.iter_all(**self._name_query(name, body)),
            same_name=self._same_name,
        )


class PlainCellBatches(PlainResource):
    """The plain methods of ``CellBatch`` records (generated)."""

    async def get(self, batch_id: str) -> CellBatch:
        """Get a lot by id, with its current ``instance_count``.

        Parameters
        ----------
        batch_id : str
            The lot's id.

        Returns
        -------
        CellBatch
            The lot.
        """
        return await self._api.record("GET", batch_path(batch_id), CellBatch)

    async def list(
        self,
        cell_spec_id: str,
        limit: int | None = None,
        offset: int | None = None,
        **filters: Unpack[NameFilters],
    ) -> PaginatedList[CellBatch]:
        """List the lots of a specification: every match, or one page.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        name : str, optional
            Case-insensitive substring of the name.
        name_exact : str, optional
            The exact name; wins over ``name``.

        Returns
        -------
        PaginatedList[CellBatch]
            A list of the lots, with ``total``.
        """
        segment(cell_spec_id, "cell_spec_id")
        check_filters(filters, NameFilters, "list")
        query = self._query(filters)
        return await self._api.list(
            specification_batches_path(cell_spec_id), CellBatch, limit, offset, query
        )

    async def iter_all(
        self, cell_spec_id: str, **filters: Unpack[NameFilters]
    ) -> AsyncIterator[CellBatch]:
        """Iterate over every lot of a specification, page by page.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        name : str, optional
            Case-insensitive substring of the name.
        name_exact : str, optional
            The exact name; wins over ``name``.

        Yields
        ------
        CellBatch
            Each matching lot.
        """
        segment(cell_spec_id, "cell_spec_id")
        check_filters(filters, NameFilters, "iter_all")
        query = self._query(filters)
        async for record in self._api.iterate(
            specification_batches_path(cell_spec_id), CellBatch, query
        ):
            yield record

    async def create(self, cell_spec_id: str, data: dict[str, Any]) -> CellBatch:
        """Create a lot under a specification.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        data : dict
            ``name`` (required), and optionally ``notes``,
            ``date_manufactured`` (``YYYY-MM-DD``) and ``properties``.

        Returns
        -------
        CellBatch
            The new lot.
        """
        segment(cell_spec_id, "cell_spec_id")
        body = await self._bodies(cell_spec_id)(data)
        return await self._post(cell_spec_id, body, retry_safe=False)

    async def create_or_get(self, cell_spec_id: str, data: dict[str, Any]) -> CellBatch:
        """Create a lot, or get the specification's lot of that name.

        Names are compared case-insensitively, as the API does; an existing
        lot is returned as it is (the other fields of ``data`` are not
        applied).

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        data : dict
            The lot's fields; ``name`` is required.

        Returns
        -------
        CellBatch
            The new lot, or the one that already had this name.

        Raises
        ------
        ValueError
            When the API reports a conflict but the existing lot is not found.
        """
        segment(cell_spec_id, "cell_spec_id")
        body = await self._bodies(cell_spec_id)(data)
        record, _ = await self._create_or_get_reporting(cell_spec_id, body)
        return record

    async def update(self, batch_id: str, data: dict[str, Any]) -> CellBatch:
        """Update a lot; a new name shows on every member as ``batch_name``.

        Parameters
        ----------
        batch_id : str
            The lot's id.
        data : dict
            The fields to change: ``name``, ``notes``, ``date_manufactured``,
            ``properties``.

        Returns
        -------
        CellBatch
            The updated lot.
        """
        body = await self._update_body(batch_id, data)
        return await self._api.record("PATCH", batch_path(batch_id), CellBatch, body)

    async def delete(self, batch_id: str) -> None:
        """Delete a lot; its cells are kept, with no lot.

        Parameters
        ----------
        batch_id : str
            The lot's id.
        """
        await self._api.delete(batch_path(batch_id))

    async def create_many(
        self,
        cell_spec_id: str,
        items: ItemSource[dict[str, Any]],
        *,
        if_exists: IfExists = "get",
        concurrency: int | None = None,
        progress: Progress = False,
        stop_on_error: bool = False,
    ) -> BatchResult[CellBatch]:
        """Create many lots under one specification, concurrently.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        items : iterable or async iterable of dict
            The lots' fields, as :meth:`create` takes them; consumed lazily.
        if_exists : {"get", "error"}, optional
            ``"get"`` (the default) returns a lot that already has the name
            (compared case-insensitively); ``"error"`` fails the item.
        concurrency : int, optional
            Items in flight at once (default: the client's ``max_concurrency``).
        progress : bool or callable, optional
            ``True`` for a progress bar; a callable gets
            ``(done, total_or_None, failed)``.
        stop_on_error : bool, optional
            Cancel the remaining items at the first failure.

        Returns
        -------
        BatchResult[CellBatch]
            Records in input order, failures with their errors, counts and rate.
        """
        segment(cell_spec_id, "cell_spec_id")
        bodies = self._bodies(cell_spec_id)  # one for the batch: what it looks up, once

        async def create(item: dict[str, Any]) -> CellBatch:
            return await self._post(cell_spec_id, await bodies(item), retry_safe=False)

        async def create_or_get(item: dict[str, Any]) -> tuple[CellBatch, bool]:
            return await self._create_or_get_reporting(cell_spec_id, await bodies(item))

        return await self._api.bulk(
            items,
            create=create,
            create_or_get=create_or_get,
            if_exists=if_exists,
            concurrency=concurrency,
            progress=progress,
            stop_on_error=stop_on_error,
            key=self._item_key,
        )

    async def _post(
        self, cell_spec_id: str, body: dict[str, Any], *, retry_safe: bool
    ) -> CellBatch:
        return await self._api.record(
            "POST",
            specification_batches_path(cell_spec_id),
            CellBatch,
            body,
            retry_safe=retry_safe,
        )

    async def _create_or_get_reporting(
        self, cell_spec_id: str, body: dict[str, Any]
    ) -> tuple[CellBatch, bool]:
        """Create, or find the record that has its name; say which it was."""
        return await self._api.create_or_get(
            self._post(cell_spec_id, body, retry_safe=True),
            name=body.get("name"),
            legacy_key="existing_cell_batch_id",
            get=self.get,
            find_by_name=lambda name: self.iter_all(
                cell_spec_id, **self._name_query(name, body)
            ),
            same_name=self._same_name,
        )


class PlainCellInstances(PlainResource):
    """The plain methods of ``CellInstance`` records (generated)."""

    async def get(self, cell_instance_id: str) -> CellInstance:
        """Get a specific cell instance by ID.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.

        Returns
        -------
        CellInstance
            The cell instance.
        """
        return await self._api.record(
            "GET", instance_path(cell_instance_id), CellInstance
        )

    async def list(
        self,
        cell_spec_id: str,
        limit: int | None = None,
        offset: int | None = None,
        **filters: Unpack[InstanceFilters],
    ) -> PaginatedList[CellInstance]:
        """List all cell instances for a specification (or one page of them).

        Parameters
        ----------
        cell_spec_id : str
            The ID of the cell specification.
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        name : str, optional
            Case-insensitive substring of the name.
        name_exact : str, optional
            The exact name; wins over ``name``.
        batch_id : str, optional
            Only the cells of this lot.
        created_by_email : str, optional
            Case-insensitive substring of the creator's email.
        created_after, created_before : datetime, date or str, optional
            Bounds on the creation time (exclusive).
        updated_after, updated_before : datetime, date or str, optional
            Bounds on the update time (exclusive).
        order_by : str, optional
            ``"name"``, ``"created_at"`` or ``"updated_at"`` (measurements also
            ``"start_time"``).
        order : str, optional
            ``"asc"`` or ``"desc"``.

        Returns
        -------
        PaginatedList[CellInstance]
            A list of the cell instances, with ``total``.
        """
        segment(cell_spec_id, "cell_spec_id")
        check_filters(filters, InstanceFilters, "list")
        query = self._query(filters)
        return await self._api.list(
            specification_instances_path(cell_spec_id),
            CellInstance,
            limit,
            offset,
            query,
        )

    async def iter_all(
        self, cell_spec_id: str, **filters: Unpack[InstanceFilters]
    ) -> AsyncIterator[CellInstance]:
        """Iterate over every instance of a specification, page by page.

        Parameters
        ----------
        cell_spec_id : str
            The ID of the cell specification.
        name : str, optional
            Case-insensitive substring of the name.
        name_exact : str, optional
            The exact name; wins over ``name``.
        batch_id : str, optional
            Only the cells of this lot.
        created_by_email : str, optional
            Case-insensitive substring of the creator's email.
        created_after, created_before : datetime, date or str, optional
            Bounds on the creation time (exclusive).
        updated_after, updated_before : datetime, date or str, optional
            Bounds on the update time (exclusive).
        order_by : str, optional
            ``"name"``, ``"created_at"`` or ``"updated_at"`` (measurements also
            ``"start_time"``).
        order : str, optional
            ``"asc"`` or ``"desc"``.

        Yields
        ------
        CellInstance
            Each matching instance.
        """
        segment(cell_spec_id, "cell_spec_id")
        check_filters(filters, InstanceFilters, "iter_all")
        query = self._query(filters)
        async for record in self._api.iterate(
            specification_instances_path(cell_spec_id), CellInstance, query
        ):
            yield record

    async def update(self, cell_instance_id: str, data: dict[str, Any]) -> CellInstance:
        """Update an existing cell instance.

        Parameters
        ----------
        cell_instance_id : str
            The ID of the cell instance to update.
        data : dict[str, Any]
            Dictionary containing the fields to update. ``"batch": "<name>"``
            moves the cell to its specification's lot of that name (created if
            needed; one more request to learn the specification, one for the
            lot); ``"batch": None`` takes it out of its lot.

        Returns
        -------
        CellInstance
            The updated cell instance.
        """
        body = await self._update_body(cell_instance_id, data)
        return await self._api.record(
            "PATCH", instance_path(cell_instance_id), CellInstance, body
        )

    async def delete(self, cell_instance_id: str) -> None:
        """Delete a cell instance by ID (its measurements are deleted too).

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        """
        await self._api.delete(instance_path(cell_instance_id))

    async def create(self, cell_spec_id: str, data: dict[str, Any]) -> CellInstance:
        """Create a new cell instance under a specification.

        Parameters
        ----------
        cell_spec_id : str
            The ID of the parent cell specification.
        data : dict[str, Any]
            Dictionary containing the cell instance data (``name`` is
            required). A lot is named by ``batch_id``, or by name as
            ``"batch": "<name>"``: the specification's lot of that name is
            found or created first (one more request).

        Returns
        -------
        CellInstance
            The newly created cell instance.
        """
        segment(cell_spec_id, "cell_spec_id")
        body = await self._bodies(cell_spec_id)(data)
        return await self._post(cell_spec_id, body, retry_safe=False)

    async def create_or_get(
        self, cell_spec_id: str, data: dict[str, Any]
    ) -> CellInstance:
        """Create a new cell instance or get existing.

        Parameters
        ----------
        cell_spec_id : str
            The ID of the parent cell specification.
        data : dict[str, Any]
            Dictionary containing the cell instance data, as :meth:`create`
            takes it (``batch`` included).

        Returns
        -------
        CellInstance
            The cell instance (newly created or existing).

        Raises
        ------
        ValueError
            When the API reports a conflict but the existing record is not found.

        Examples
        --------
        >>> first = await client.cell_instance.create_or_get(spec.id, {"name": "A1"})
        >>> again = await client.cell_instance.create_or_get(spec.id, {"name": "A1"})
        >>> again.id == first.id
        True
        """
        segment(cell_spec_id, "cell_spec_id")
        body = await self._bodies(cell_spec_id)(data)
        record, _ = await self._create_or_get_reporting(cell_spec_id, body)
        return record

    async def create_many(
        self,
        cell_spec_id: str,
        items: ItemSource[dict[str, Any]],
        *,
        if_exists: IfExists = "get",
        concurrency: int | None = None,
        progress: Progress = False,
        stop_on_error: bool = False,
    ) -> BatchResult[CellInstance]:
        """Create many cell instances under one specification, concurrently.

        Parameters
        ----------
        cell_spec_id : str
            The ID of the parent cell specification.
        items : iterable or async iterable of dict
            The instances' fields, as :meth:`create` takes them; consumed
            lazily, so a generator of any length keeps memory flat. Lots
            named by ``batch`` are looked up once per distinct name.
        if_exists : {"get", "error"}, optional
            ``"get"`` (the default) returns an instance that already has the
            name, so re-running a job creates nothing twice; ``"error"`` fails
            the item.
        concurrency : int, optional
            Items in flight at once (default: the client's ``max_concurrency``).
        progress : bool or callable, optional
            ``True`` for a progress bar; a callable gets
            ``(done, total_or_None, failed)``.
        stop_on_error : bool, optional
            Cancel the remaining items at the first failure.

        Returns
        -------
        BatchResult[CellInstance]
            Records in input order, failures with their errors, counts and rate.

        Examples
        --------
        >>> cells = [{"name": f"B{n}"} for n in range(3)] + [{"name": ""}]
        >>> result = await client.cell_instance.create_many(spec.id, cells)
        >>> result.created, len(result.failed), result.failed[0].error.status_code
        (3, 1, 422)
        """
        segment(cell_spec_id, "cell_spec_id")
        bodies = self._bodies(cell_spec_id)  # one for the batch: what it looks up, once

        async def create(item: dict[str, Any]) -> CellInstance:
            return await self._post(cell_spec_id, await bodies(item), retry_safe=False)

        async def create_or_get(item: dict[str, Any]) -> tuple[CellInstance, bool]:
            return await self._create_or_get_reporting(cell_spec_id, await bodies(item))

        return await self._api.bulk(
            items,
            create=create,
            create_or_get=create_or_get,
            if_exists=if_exists,
            concurrency=concurrency,
            progress=progress,
            stop_on_error=stop_on_error,
            key=self._item_key,
        )

    async def _post(
        self, cell_spec_id: str, body: dict[str, Any], *, retry_safe: bool
    ) -> CellInstance:
        return await self._api.record(
            "POST",
            specification_instances_path(cell_spec_id),
            CellInstance,
            body,
            retry_safe=retry_safe,
        )

    async def _create_or_get_reporting(
        self, cell_spec_id: str, body: dict[str, Any]
    ) -> tuple[CellInstance, bool]:
        """Create, or find the record that has its name; say which it was."""
        return await self._api.create_or_get(
            self._post(cell_spec_id, body, retry_safe=True),
            name=body.get("name"),
            legacy_key="existing_cell_instance_id",
            get=self.get,
            find_by_name=lambda name: self.iter_all(
                cell_spec_id, **self._name_query(name, body)
            ),
            same_name=self._same_name,
        )


class PlainProjects(PlainResource):
    """The plain methods of ``Project`` records (generated)."""

    async def get(self, project_id: str) -> Project:
        """Get a project.

        Parameters
        ----------
        project_id : str
            The project's id.

        Returns
        -------
        Project
            The project.
        """
        return await self._api.record("GET", project_path(project_id), Project)

    async def list(
        self,
        limit: int | None = None,
        offset: int | None = None,
        **filters: Unpack[RecordFilters],
    ) -> PaginatedList[Project]:
        """List projects: every match, or one page.

        Parameters
        ----------
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        name : str, optional
            Case-insensitive substring of the name.
        name_exact : str, optional
            The exact name; wins over ``name``.
        created_by_email : str, optional
            Case-insensitive substring of the creator's email.
        created_after, created_before : datetime, date or str, optional
            Bounds on the creation time (exclusive).
        updated_after, updated_before : datetime, date or str, optional
            Bounds on the update time (exclusive).
        order_by : str, optional
            ``"name"``, ``"created_at"`` or ``"updated_at"`` (measurements also
            ``"start_time"``).
        order : str, optional
            ``"asc"`` or ``"desc"``.

        Returns
        -------
        PaginatedList[Project]
            The projects, with ``total``.
        """
        check_filters(filters, RecordFilters, "list")
        query = self._query(filters)
        return await self._api.list(PROJECTS_PATH, Project, limit, offset, query)

    async def create(self, data: dict[str, Any] | None = None) -> Project:
        """Create a project.

        Parameters
        ----------
        data : dict
            Its fields: ``name`` (required), ``description``, ...

        Returns
        -------
        Project
            The new project.
        """
        body = await self._bodies(None)({} if data is None else data)
        return await self._post(body, retry_safe=False)

    async def update(
        self, project_id: str, data: dict[str, Any] | None = None
    ) -> Project:
        """Update fields of a project.

        Parameters
        ----------
        project_id : str
            The project's id.
        data : dict
            The fields to change.

        Returns
        -------
        Project
            The project.
        """
        body = await self._update_body(project_id, {} if data is None else data)
        return await self._api.record(
            "PATCH", project_path(project_id), Project, body, retry_safe=True
        )

    async def delete(self, project_id: str) -> None:
        """Delete a project (ionworks-local: an empty one, not the default).

        Parameters
        ----------
        project_id : str
            The project's id.
        """
        await self._api.delete(project_path(project_id))

    async def _post(self, body: dict[str, Any], *, retry_safe: bool) -> Project:
        return await self._api.record(
            "POST", PROJECTS_PATH, Project, body, retry_safe=retry_safe
        )


class PlainMeasurementRecords(PlainResource):
    """The plain methods of ``CellMeasurement`` records (generated)."""

    async def list(
        self,
        cell_instance_id: str,
        limit: int | None = None,
        offset: int | None = None,
        measurement_type: str | None = None,
        **filters: Unpack[MeasurementFilters],
    ) -> PaginatedList[CellMeasurement]:
        """List the measurements of a cell instance: every match, or one page.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        measurement_type : str, optional
            ``"time_series"``, ``"file"`` or ``"properties"``.
        name : str, optional
            Case-insensitive substring of the name.
        name_exact : str, optional
            The exact name; wins over ``name``.
        tags_all : str or list of str, optional
            Only measurements with every one of these tags (compared case-insensitively;
            a bare string is one tag).
        tags_any : str or list of str, optional
            Only measurements with at least one of these tags.
        created_by_email : str, optional
            Case-insensitive substring of the creator's email.
        created_after, created_before : datetime, date or str, optional
            Bounds on the creation time (exclusive).
        updated_after, updated_before : datetime, date or str, optional
            Bounds on the update time (exclusive).
        started_after, started_before : datetime, date or str, optional
            Bounds on the measurement's start time (exclusive).
        order_by : str, optional
            ``"name"``, ``"created_at"`` or ``"updated_at"`` (measurements also
            ``"start_time"``).
        order : str, optional
            ``"asc"`` or ``"desc"``.

        Returns
        -------
        PaginatedList[CellMeasurement]
            A list of the measurements, with ``total``.
        """
        segment(cell_instance_id, "cell_instance_id")
        check_filters(filters, MeasurementFilters, "list")
        query = self._query({**filters, "measurement_type": measurement_type})
        return await self._api.list(
            instance_measurements_path(cell_instance_id),
            CellMeasurement,
            limit,
            offset,
            query,
        )

    async def iter_all(
        self,
        cell_instance_id: str,
        measurement_type: str | None = None,
        **filters: Unpack[MeasurementFilters],
    ) -> AsyncIterator[CellMeasurement]:
        """Iterate over every measurement of an instance, page by page.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        measurement_type : str, optional
            ``"time_series"``, ``"file"`` or ``"properties"``.
        name : str, optional
            Case-insensitive substring of the name.
        name_exact : str, optional
            The exact name; wins over ``name``.
        tags_all : str or list of str, optional
            Only measurements with every one of these tags (compared case-insensitively;
            a bare string is one tag).
        tags_any : str or list of str, optional
            Only measurements with at least one of these tags.
        created_by_email : str, optional
            Case-insensitive substring of the creator's email.
        created_after, created_before : datetime, date or str, optional
            Bounds on the creation time (exclusive).
        updated_after, updated_before : datetime, date or str, optional
            Bounds on the update time (exclusive).
        started_after, started_before : datetime, date or str, optional
            Bounds on the measurement's start time (exclusive).
        order_by : str, optional
            ``"name"``, ``"created_at"`` or ``"updated_at"`` (measurements also
            ``"start_time"``).
        order : str, optional
            ``"asc"`` or ``"desc"``.

        Yields
        ------
        CellMeasurement
            Each matching measurement.
        """
        segment(cell_instance_id, "cell_instance_id")
        check_filters(filters, MeasurementFilters, "iter_all")
        query = self._query({**filters, "measurement_type": measurement_type})
        async for record in self._api.iterate(
            instance_measurements_path(cell_instance_id), CellMeasurement, query
        ):
            yield record

    async def get(self, measurement_id: str) -> CellMeasurement:
        """Get a measurement's metadata by ID.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.

        Returns
        -------
        CellMeasurement
            The measurement.
        """
        return await self._api.record(
            "GET", measurement_path(measurement_id), CellMeasurement
        )

    async def update(
        self, measurement_id: str, data: dict[str, Any]
    ) -> CellMeasurement:
        """Update fields of a measurement.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        data : dict[str, Any]
            The fields to change (``"tags"`` replaces the set).

        Returns
        -------
        CellMeasurement
            The updated measurement.
        """
        body = await self._update_body(measurement_id, data)
        return await self._api.record(
            "PATCH", measurement_path(measurement_id), CellMeasurement, body
        )

    async def delete(self, measurement_id: str) -> None:
        """Delete a measurement and its data.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        """
        await self._api.delete(measurement_path(measurement_id))


class PlainRawData(PlainResource):
    """The plain methods of ``RawData`` records (generated)."""

    async def list(
        self,
        project_id: str,
        limit: int | None = 100,
        offset: int | None = 0,
    ) -> PaginatedList[RawData]:
        """List a project's raw-data records: one page, or every one.

        Parameters
        ----------
        project_id : str
            The project.
        limit : int, optional
            Page size, 1 to 100 (default 100).
        offset : int, optional
            Records to skip (default 0). ``limit=None, offset=None`` fetches
            every page.

        Returns
        -------
        PaginatedList[RawData]
            The records, with ``total``.
        """
        segment(project_id, "project_id")
        query = self._query({"project_id": project_id})
        return await self._api.list(RAW_DATA_PATH, RawData, limit, offset, query)

    async def iter_all(
        self,
        project_id: str,
    ) -> AsyncIterator[RawData]:
        """Iterate over a project's raw-data records, fetching page by page.

        Parameters
        ----------
        project_id : str
            The project.

        Yields
        ------
        RawData
            Each record.
        """
        segment(project_id, "project_id")
        query = self._query({"project_id": project_id})
        async for record in self._api.iterate(RAW_DATA_PATH, RawData, query):
            yield record

    async def get(self, raw_data_id: str) -> RawData:
        """Get a raw-data record.

        Parameters
        ----------
        raw_data_id : str
            The record's id.

        Returns
        -------
        RawData
            The record.
        """
        return await self._api.record("GET", raw_data_path(raw_data_id), RawData)

    async def delete(self, raw_data_id: str) -> None:
        """Delete a record, its links and its stored file.

        Parameters
        ----------
        raw_data_id : str
            The record's id.
        """
        await self._api.delete(raw_data_path(raw_data_id))
