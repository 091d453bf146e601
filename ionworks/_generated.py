# GENERATED FILE - DO NOT EDIT.
# Produced by `python -m ionworks._codegen` from the async core (ionworks_async).
# Change the async methods and run the generator again; CI checks this file
# with `python -m ionworks._codegen --check`.
"""The blocking clients, generated from :mod:`ionworks_async`."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ionworks._attributes import SubClientOf
from ionworks._loop import iterate, register_client, run
from ionworks_async import (
    AsyncCellBatchClient,
    AsyncCellInstanceClient,
    AsyncCellMeasurementClient,
    AsyncCellSpecificationClient,
    AsyncIonworks,
    AsyncNavigator,
    AsyncProjectClient,
    AsyncRawDataClient,
    BatchResult,
    CellBatch,
    CellInstance,
    CellInstanceDetail,
    CellMeasurement,
    CellMeasurementBundleResponse,
    CellMeasurementDetail,
    CellSpecification,
    DataFrameBackend,
    Frame,
    InviteResult,
    MeasurementTag,
    PaginatedList,
    Project,
    ProjectRoleInfo,
    RawData,
    StepsAndCycles,
)
from ionworks_async.types import (
    CacheDir,
    DateLike,
    FileInput,
    FileSources,
    IfExists,
    ItemSource,
    Progress,
    TableSource,
    Verify,
)

if TYPE_CHECKING:  # the lazy sub-clients' records
    from collections.abc import Mapping
    from typing import IO

    from ionworks_async.models.builders import (
        BuilderReadiness,
        BuildResult,
        ModelBuilder,
        ReadinessReport,
    )
    from ionworks_async.models.ecm import (
        EcmFitJob,
        FitResults,
        SaveToProjectResponse,
        ValidationResults,
    )
    from ionworks_async.models.lab import (
        Channel,
        ChannelIncident,
        Cycler,
        CyclerDetail,
        CyclerServiceEvent,
        FlatChannel,
        LabMeasurementSummary,
        LabStatus,
        Site,
        SiteDetail,
        Utilization,
    )
    from ionworks_async.models.materials import (
        Analysis,
        ColumnSpec,
        MaterialPropertyDataset,
    )
    from ionworks_async.models.modelling import (
        JobCreationPayload,
        JobResponse,
        Model,
        Optimization,
        ParameterizedModel,
        SimulationResponse,
        SimulationResult,
        Study,
        ZooImport,
    )
    from ionworks_async.models.organization import (
        Material,
        OrganizationMember,
        OrganizationUsage,
        SearchResponse,
    )
    from ionworks_async.models.pipelines import (
        PipelineResponse,
        PipelineSubmissionResponse,
        SimplePipelineSubmissionResponse,
    )
    from ionworks_async.models.planning import (
        AutoScheduleAssignment,
        AutoScheduleProposal,
        ConvertResult,
        ParsedProtocol,
        PlannedMeasurement,
        Protocol,
    )
    from ionworks_async.types import (
        ConversionTarget,
        ModelChemistry,
        OrgRole,
        PathInput,
        SimulationState,
    )


class CellSpecificationClient:
    """Client for cell specifications.

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        self._client = client
        self._async = AsyncCellSpecificationClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        cell_spec_id: str,
    ) -> CellSpecification:
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
        return run(
            self._async.get(
                cell_spec_id,
            )
        )

    def iter_all(
        self,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
        form_factor: str | None = None,
        project_id: str | None = None,
        material_id: str | Sequence[str] | None = None,
        anode_material_id: str | None = None,
        cathode_material_id: str | None = None,
        electrolyte_material_id: str | None = None,
        separator_material_id: str | None = None,
        case_material_id: str | None = None,
        exclude_cell_spec_id: str | None = None,
    ) -> Iterator[CellSpecification]:
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
        return iterate(
            self._async.iter_all(
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
                form_factor=form_factor,
                project_id=project_id,
                material_id=material_id,
                anode_material_id=anode_material_id,
                cathode_material_id=cathode_material_id,
                electrolyte_material_id=electrolyte_material_id,
                separator_material_id=separator_material_id,
                case_material_id=case_material_id,
                exclude_cell_spec_id=exclude_cell_spec_id,
            )
        )

    def create(
        self,
        data: dict[str, Any],
    ) -> CellSpecification:
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
        return run(
            self._async.create(
                data,
            )
        )

    def create_or_get(
        self,
        data: dict[str, Any],
    ) -> CellSpecification:
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
        >>> made = client.cell_spec.create_or_get(
        ...     {"name": "LFP 18650", "form_factor": "cylindrical"}
        ... )
        >>> made.form_factor
        'cylindrical'
        >>> (client.cell_spec.create_or_get({"name": "LFP 18650"})).id == made.id
        True
        """
        return run(
            self._async.create_or_get(
                data,
            )
        )

    def create_many(
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
        return run(
            self._async.create_many(
                items,
                if_exists=if_exists,
                concurrency=concurrency,
                progress=progress,
                stop_on_error=stop_on_error,
            )
        )

    def update(
        self,
        cell_spec_id: str,
        data: dict[str, Any],
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
        return run(
            self._async.update(
                cell_spec_id,
                data,
            )
        )

    def delete(
        self,
        cell_spec_id: str,
    ) -> None:
        """Delete a cell specification, with its instances and their measurements.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        """
        return run(
            self._async.delete(
                cell_spec_id,
            )
        )

    def list(
        self,
        include_components: bool = False,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
        form_factor: str | None = None,
        project_id: str | None = None,
        material_id: str | Sequence[str] | None = None,
        anode_material_id: str | None = None,
        cathode_material_id: str | None = None,
        electrolyte_material_id: str | None = None,
        separator_material_id: str | None = None,
        case_material_id: str | None = None,
        exclude_cell_spec_id: str | None = None,
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

        Returns
        -------
        PaginatedList[CellSpecification]
            A list of the specifications, with ``total``.
        """
        return run(
            self._async.list(
                include_components,
                limit,
                offset,
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
                form_factor=form_factor,
                project_id=project_id,
                material_id=material_id,
                anode_material_id=anode_material_id,
                cathode_material_id=cathode_material_id,
                electrolyte_material_id=electrolyte_material_id,
                separator_material_id=separator_material_id,
                case_material_id=case_material_id,
                exclude_cell_spec_id=exclude_cell_spec_id,
            )
        )

    def related_specs(
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
        return run(
            self._async.related_specs(
                cell_spec_id,
                slots=slots,
                exclude_self=exclude_self,
                limit=limit,
                offset=offset,
                include_components=include_components,
            )
        )


class CellBatchClient:
    """Client for cell batches (manufacturing lots).

    A lot groups cells of one specification made together; cells join it by
    ``batch_id``. Lot names are unique within a specification, compared
    case-insensitively. Deleting a lot keeps its cells (their ``batch_id``
    becomes null).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        self._client = client
        self._async = AsyncCellBatchClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        batch_id: str,
    ) -> CellBatch:
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
        return run(
            self._async.get(
                batch_id,
            )
        )

    def list(
        self,
        cell_spec_id: str,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
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
        return run(
            self._async.list(
                cell_spec_id,
                limit,
                offset,
                name=name,
                name_exact=name_exact,
            )
        )

    def iter_all(
        self,
        cell_spec_id: str,
        *,
        name: str | None = None,
        name_exact: str | None = None,
    ) -> Iterator[CellBatch]:
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
        return iterate(
            self._async.iter_all(
                cell_spec_id,
                name=name,
                name_exact=name_exact,
            )
        )

    def create(
        self,
        cell_spec_id: str,
        data: dict[str, Any],
    ) -> CellBatch:
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
        return run(
            self._async.create(
                cell_spec_id,
                data,
            )
        )

    def create_or_get(
        self,
        cell_spec_id: str,
        data: dict[str, Any],
    ) -> CellBatch:
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
        return run(
            self._async.create_or_get(
                cell_spec_id,
                data,
            )
        )

    def update(
        self,
        batch_id: str,
        data: dict[str, Any],
    ) -> CellBatch:
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
        return run(
            self._async.update(
                batch_id,
                data,
            )
        )

    def delete(
        self,
        batch_id: str,
    ) -> None:
        """Delete a lot; its cells are kept, with no lot.

        Parameters
        ----------
        batch_id : str
            The lot's id.
        """
        return run(
            self._async.delete(
                batch_id,
            )
        )

    def create_many(
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
        return run(
            self._async.create_many(
                cell_spec_id,
                items,
                if_exists=if_exists,
                concurrency=concurrency,
                progress=progress,
                stop_on_error=stop_on_error,
            )
        )


class CellInstanceClient:
    """Client for managing cell instances.

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        self._client = client
        self._async = AsyncCellInstanceClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        cell_instance_id: str,
    ) -> CellInstance:
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
        return run(
            self._async.get(
                cell_instance_id,
            )
        )

    def list(
        self,
        cell_spec_id: str,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
        batch_id: str | None = None,
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
        return run(
            self._async.list(
                cell_spec_id,
                limit,
                offset,
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
                batch_id=batch_id,
            )
        )

    def iter_all(
        self,
        cell_spec_id: str,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
        batch_id: str | None = None,
    ) -> Iterator[CellInstance]:
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
        return iterate(
            self._async.iter_all(
                cell_spec_id,
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
                batch_id=batch_id,
            )
        )

    def update(
        self,
        cell_instance_id: str,
        data: dict[str, Any],
    ) -> CellInstance:
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
        return run(
            self._async.update(
                cell_instance_id,
                data,
            )
        )

    def delete(
        self,
        cell_instance_id: str,
    ) -> None:
        """Delete a cell instance by ID (its measurements are deleted too).

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        """
        return run(
            self._async.delete(
                cell_instance_id,
            )
        )

    def create(
        self,
        cell_spec_id: str,
        data: dict[str, Any],
    ) -> CellInstance:
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
        return run(
            self._async.create(
                cell_spec_id,
                data,
            )
        )

    def create_or_get(
        self,
        cell_spec_id: str,
        data: dict[str, Any],
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
        >>> first = client.cell_instance.create_or_get(spec.id, {"name": "A1"})
        >>> again = client.cell_instance.create_or_get(spec.id, {"name": "A1"})
        >>> again.id == first.id
        True
        """
        return run(
            self._async.create_or_get(
                cell_spec_id,
                data,
            )
        )

    def create_many(
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
        >>> result = client.cell_instance.create_many(spec.id, cells)
        >>> result.created, len(result.failed), result.failed[0].error.status_code
        (3, 1, 422)
        """
        return run(
            self._async.create_many(
                cell_spec_id,
                items,
                if_exists=if_exists,
                concurrency=concurrency,
                progress=progress,
                stop_on_error=stop_on_error,
            )
        )

    def detail(
        self,
        cell_instance_id: str,
        include_steps: bool = True,
        include_cycles: bool = True,
        include_time_series: bool = True,
        *,
        include_files: bool | None = None,
        cache: bool = True,
    ) -> CellInstanceDetail:
        """Get full details for a cell instance.

        Composes flat API endpoints in parallel to build the complete detail
        view, in the fewest dependent round trips: the instance and every page
        of its measurements at once, then every measurement's data at once
        (each page's data starts as soon as that page arrives). Measurement
        metadata from the list is reused, never fetched again. If any request
        fails, the others are cancelled before the error is raised.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        include_steps : bool, optional
            Whether to fetch step data for each measurement. Defaults to True.
        include_cycles : bool, optional
            Whether to fetch cycle metrics for each measurement. Defaults to True.
        include_time_series : bool, optional
            Whether to fetch time series for each measurement. Defaults to True.
        include_files : bool, optional
            Whether to download the files of ``file`` measurements. By default
            they are downloaded when any other kind of data is included, so
            ``include_steps=False, include_cycles=False,
            include_time_series=False`` fetches metadata only.
        cache : bool, optional
            Whether to use the client's on-disk cache (``cache_dir``): read
            the data of processed, unchanged measurements from it, and keep
            what is fetched. ``False`` neither reads nor writes it. Defaults
            to True.

        Returns
        -------
        CellInstanceDetail
            Instance metadata, specification foreign key, and a list of
            measurement details (in the API's list order).

        Examples
        --------
        >>> detail = client.cell_instance.detail(cell.id)
        >>> [(md.name, md.processing_status) for md in detail.measurements]
        [('C/1 discharge', 'ready')]
        >>> md = detail.measurements[0]
        >>> md.time_series.height, md.steps["Step type"].to_list()  # polars frames
        (90, ['Constant current discharge', 'Rest'])
        """
        return run(
            self._async.detail(
                cell_instance_id,
                include_steps,
                include_cycles,
                include_time_series,
                include_files=include_files,
                cache=cache,
            )
        )


class CellMeasurementClient:
    """Client for cell measurements and their data.

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        self._client = client
        self._async = AsyncCellMeasurementClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def list(
        self,
        cell_instance_id: str,
        limit: int | None = None,
        offset: int | None = None,
        measurement_type: str | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
        started_after: DateLike | None = None,
        started_before: DateLike | None = None,
        tags_all: str | Sequence[str] | None = None,
        tags_any: str | Sequence[str] | None = None,
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
        return run(
            self._async.list(
                cell_instance_id,
                limit,
                offset,
                measurement_type,
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
                started_after=started_after,
                started_before=started_before,
                tags_all=tags_all,
                tags_any=tags_any,
            )
        )

    def iter_all(
        self,
        cell_instance_id: str,
        measurement_type: str | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
        started_after: DateLike | None = None,
        started_before: DateLike | None = None,
        tags_all: str | Sequence[str] | None = None,
        tags_any: str | Sequence[str] | None = None,
    ) -> Iterator[CellMeasurement]:
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
        return iterate(
            self._async.iter_all(
                cell_instance_id,
                measurement_type,
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
                started_after=started_after,
                started_before=started_before,
                tags_all=tags_all,
                tags_any=tags_any,
            )
        )

    def get(
        self,
        measurement_id: str,
    ) -> CellMeasurement:
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
        return run(
            self._async.get(
                measurement_id,
            )
        )

    def update(
        self,
        measurement_id: str,
        data: dict[str, Any],
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
        return run(
            self._async.update(
                measurement_id,
                data,
            )
        )

    def delete(
        self,
        measurement_id: str,
    ) -> None:
        """Delete a measurement and its data.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        """
        return run(
            self._async.delete(
                measurement_id,
            )
        )

    def list_by_project(
        self,
        project_id: str,
        limit: int | None = None,
        offset: int | None = None,
        measurement_type: str | None = None,
        *,
        q: str | None = None,
        tags_all: str | Sequence[str] | None = None,
        tags_any: str | Sequence[str] | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[CellMeasurement]:
        """List every measurement of a project, across all its cells.

        Parameters
        ----------
        project_id : str
            The project.
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        measurement_type : str, optional
            ``"time_series"``, ``"file"`` or ``"properties"``.
        q : str, optional
            Text the name holds (case-insensitive).
        tags_all, tags_any : str or list of str, optional
            Tags every match holds all of, or one of.
        order_by : str, optional
            ``"name"``, ``"created_at"``, ``"updated_at"`` or ``"start_time"``.
        order : str, optional
            ``"asc"`` or ``"desc"``.

        Returns
        -------
        PaginatedList[CellMeasurement]
            The measurements, with ``total``.
        """
        return run(
            self._async.list_by_project(
                project_id,
                limit,
                offset,
                measurement_type,
                q=q,
                tags_all=tags_all,
                tags_any=tags_any,
                order_by=order_by,
                order=order,
            )
        )

    def watch(
        self,
        measurement_id: str,
    ) -> None:
        """Start watching a measurement (per user; watching twice is once).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        """
        return run(
            self._async.watch(
                measurement_id,
            )
        )

    def unwatch(
        self,
        measurement_id: str,
    ) -> None:
        """Stop watching a measurement (not watching already is no error).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        """
        return run(
            self._async.unwatch(
                measurement_id,
            )
        )

    def detail(
        self,
        measurement_id: str,
        use_cache: bool = True,
        include_steps: bool = True,
        include_cycles: bool = True,
        include_time_series: bool = True,
        *,
        include_files: bool | None = None,
    ) -> CellMeasurementDetail:
        """Get a measurement with its data.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        use_cache : bool, optional
            Whether to use the client's on-disk cache (``cache_dir``): read
            the data of processed, unchanged measurements from it, and keep
            what is fetched. ``False`` neither reads nor writes it. Defaults
            to True (the public client's second argument too).
        include_steps : bool, optional
            Whether to fetch the steps table. Defaults to True.
        include_cycles : bool, optional
            Whether to fetch the cycles table. Defaults to True.
        include_time_series : bool, optional
            Whether to fetch the time series. Defaults to True.
        include_files : bool, optional
            Whether to download the files of ``file`` measurements. By default
            they are downloaded when any other kind of data is included, so
            ``include_steps=False, include_cycles=False,
            include_time_series=False`` fetches metadata only.

        Returns
        -------
        CellMeasurementDetail
            The metadata and the requested tables (fetched concurrently).
        """
        return run(
            self._async.detail(
                measurement_id,
                use_cache,
                include_steps,
                include_cycles,
                include_time_series,
                include_files=include_files,
            )
        )

    def steps(
        self,
        measurement_id: str,
        use_cache: bool = True,
    ) -> Frame:
        """Get a measurement's steps table (one row a step).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        use_cache : bool, optional
            Read it from the client's on-disk cache when it is kept there and
            the measurement is unchanged (its record is fetched beside the
            data to tell), and keep what is fetched. ``False`` neither reads
            nor writes the cache. Defaults to True.

        Returns
        -------
        Frame
            The steps: a :class:`Table` (decoded when first touched), or the
            client's ``dataframe_backend`` type.
        """
        return run(
            self._async.steps(
                measurement_id,
                use_cache,
            )
        )

    def cycles(
        self,
        measurement_id: str,
        use_cache: bool = True,
    ) -> Frame:
        """Get a measurement's cycles table (one row a cycle).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        use_cache : bool, optional
            Read it from the client's on-disk cache when it is kept there and
            the measurement is unchanged (its record is fetched beside the
            data to tell), and keep what is fetched. ``False`` neither reads
            nor writes the cache. Defaults to True.

        Returns
        -------
        Frame
            The cycles, with ``Coulombic efficiency`` (a :class:`Table`, or
            the client's ``dataframe_backend`` type).
        """
        return run(
            self._async.cycles(
                measurement_id,
                use_cache,
            )
        )

    def time_series(
        self,
        measurement_id: str,
        use_cache: bool = True,
        row_range: tuple[int, int] | None = None,
    ) -> Frame:
        """Get a measurement's time series (one row a sample).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        use_cache : bool, optional
            Read it from the client's on-disk cache when it is kept there and
            the measurement is unchanged (its record is fetched beside the
            data to tell), and keep what is fetched. ``False`` neither reads
            nor writes the cache. Defaults to True.
        row_range : (int, int), optional
            A half-open window of row numbers, from 0: only those rows, read
            with byte ranges from storage (the file's footer, then the row
            groups that hold them), or sliced from the cache's copy.

        Returns
        -------
        Frame
            The time series, a polars DataFrame by default (the client's
            ``dataframe_backend``): ``Time [s]``, ``Voltage [V]``,
            ``Current [A]`` (positive on discharge), ``Step count`` and the
            columns it was uploaded with or the server derived.

        Examples
        --------
        >>> data = client.cell_measurement.time_series(bundle.id)
        >>> data.height, data["Time [s]"][-1]  # a polars frame, by default
        (90, 5340.0)
        >>> float(data["Current [A]"].max())  # positive: discharge
        1.0
        """
        return run(
            self._async.time_series(
                measurement_id,
                use_cache,
                row_range,
            )
        )

    def steps_and_cycles(
        self,
        measurement_id: str,
        use_cache: bool = True,
    ) -> StepsAndCycles:
        """Get a measurement's steps and cycles in one request.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        use_cache : bool, optional
            Read it from the client's on-disk cache when it is kept there and
            the measurement is unchanged (its record is fetched beside the
            data to tell), and keep what is fetched. ``False`` neither reads
            nor writes the cache. Defaults to True.

        Returns
        -------
        StepsAndCycles
            ``.steps`` (one row a step) and ``.cycles`` (one row a cycle).
        """
        return run(
            self._async.steps_and_cycles(
                measurement_id,
                use_cache,
            )
        )

    def create(
        self,
        cell_instance_id: str,
        measurement_detail: dict[str, Any],
        validate_strict: bool = False,
        rated_capacity: float | None = None,
        voltage_window: tuple[float, float] | None = None,
        skip_checks: Iterable[str] | None = None,
        wait_for_processing: bool = True,
        *,
        processing_timeout: float = 600.0,
        validate: bool = True,
        progress: bool = False,
    ) -> CellMeasurementBundleResponse:
        """Upload a time-series measurement: initiate, upload parquet, confirm.

        The data is read, checked and encoded before any request, in one pass
        over it in batches (a file is streamed, never held whole): bad data,
        a missing file or unreadable data fails without touching the server.
        The always-on checks run on every upload; ``validate_strict`` adds
        the strict ones (see :func:`ionworks_async.validate_time_series`).

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        measurement_detail : dict
            ``{"measurement": {"name": ..., ...}, "time_series": <frame>,
            "steps": <frame, optional>}``. ``measurement`` holds the fields
            (``name`` required; ``notes``, ``protocol``, ``test_setup``,
            ``start_time``, ``end_time``, ``tags``, ...) and may carry the
            client-only hint ``data_type`` (``"ocp"`` or ``"eis"``), which is
            not sent. A frame is a pandas, polars or pyarrow table, a
            :class:`Table`, a dict of columns, the path of a ``.csv`` or
            ``.parquet`` file in these columns, a cycler's own file (read by
            :mod:`ionworks.read`), or its bytes. Without ``steps`` the
            server derives them.

            The columns, in SI units with the unit in the name:

            - ``Time [s]`` (required): seconds from 0, never decreasing.
            - ``Current [A]`` (required): **positive discharges the cell,
              negative charges it** (the API's convention; most cyclers write
              the opposite, which the readers convert). Checked by a vote of
              the steps: a reversed sign is refused.
            - ``Voltage [V]`` (required).
            - ``Step count`` (required): from 0, rising by 1 at each new step.
            - Optional: ``Cycle count``, ``Discharge capacity [A.h]`` and
              ``Charge capacity [A.h]``, ``Discharge energy [W.h]`` and
              ``Charge energy [W.h]`` (each 0 at a step's start, never
              falling within it), ``Temperature [degC]``, ``Power [W]``, and
              for EIS ``Frequency [Hz]``, ``Z_Re [Ohm]``, ``Z_Im [Ohm]``.
        validate_strict : bool, optional
            Run the strict data checks too. Defaults to False.
        rated_capacity : float, optional
            The cell's rated capacity in A.h, for strict checks.
        voltage_window : tuple of float, optional
            The rated ``(V_min, V_max)``, for strict checks.
        skip_checks : iterable of str, optional
            Strict checks to skip, by name.
        wait_for_processing : bool, optional
            Wait until the server has derived steps and cycles. Defaults to
            True. For a batch, pass False and call :meth:`wait_for_processing`
            with every id at once (or use :meth:`create_many`).
        processing_timeout : float, optional
            Seconds to wait for processing. Defaults to 600.
        validate : bool, optional
            Check the data before sending it. Defaults to True; False sends
            it unchecked (the server then judges it).
        progress : bool, optional
            Show the bytes sent (a tqdm bar when tqdm is installed, a widget
            in notebooks; else a line on stderr). Defaults to False.

        Returns
        -------
        CellMeasurementBundleResponse
            The new measurement, its fields flat (``bundle.name``) and as
            ``bundle.measurement``, with ``steps_created`` (0: steps are
            derived after the upload). When waited for, ``processing_status``
            is ``"ready"``.

        Raises
        ------
        MeasurementValidationError
            When the data fails a check; nothing was sent. Its ``errors``
            list each issue (``code``, ``message``, ``payload``); warnings go
            through ``warnings.warn`` (:class:`MeasurementValidationWarning`).
        MeasurementProcessingError
            When processing fails or does not finish within the timeout.
        ConflictError
            When the instance already has a measurement of this name (see
            :meth:`create_or_get`).

        Examples
        --------
        A one-hour 1 A discharge, then a rest, sampled every minute:

        >>> series = {
        ...     "Time [s]": [60.0 * n for n in range(90)],
        ...     "Current [A]": [1.0] * 60 + [0.0] * 30,
        ...     "Voltage [V]": [4.2 - 0.01 * n for n in range(60)] + [3.7] * 30,
        ...     "Step count": [0] * 60 + [1] * 30,
        ... }
        >>> bundle = client.cell_measurement.create(
        ...     cell.id,
        ...     {"measurement": {"name": "C/1 discharge"}, "time_series": series},
        ... )
        >>> bundle.name, bundle.processing_status
        ('C/1 discharge', 'ready')
        """
        return run(
            self._async.create(
                cell_instance_id,
                measurement_detail,
                validate_strict,
                rated_capacity,
                voltage_window,
                skip_checks,
                wait_for_processing,
                processing_timeout=processing_timeout,
                validate=validate,
                progress=progress,
            )
        )

    def create_or_get(
        self,
        cell_instance_id: str,
        measurement_detail: dict[str, Any],
        validate_strict: bool = False,
        rated_capacity: float | None = None,
        voltage_window: tuple[float, float] | None = None,
        skip_checks: Iterable[str] | None = None,
        wait_for_processing: bool = True,
        *,
        processing_timeout: float = 600.0,
        replace_failed: bool = False,
        validate: bool = True,
        progress: bool = False,
    ) -> CellMeasurement:
        """Upload a time-series measurement, or get the existing one of that name.

        Whether the name exists is learned before the data is read
        (initiate-upload answers 409; it creates nothing and carries only the
        name and notes), so a re-run job reads and uploads nothing twice.
        For a free name the data is then read and checked as for
        :meth:`create` before any byte of it is sent. The existing record is
        found by the id the 409 names, else by name over *every* page of the
        instance's measurements. An
        existing measurement still processing is waited for (when waiting);
        one whose processing failed is an error, unless ``replace_failed``.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        measurement_detail : dict
            As for :meth:`create`.
        validate_strict : bool, optional
            As for :meth:`create`.
        rated_capacity : float, optional
            As for :meth:`create`.
        voltage_window : tuple of float, optional
            As for :meth:`create`.
        skip_checks : iterable of str, optional
            As for :meth:`create`.
        wait_for_processing : bool, optional
            Wait until processing is done. Defaults to True.
        processing_timeout : float, optional
            Seconds to wait for processing. Defaults to 600.
        replace_failed : bool, optional
            Delete an existing measurement of this name whose processing failed,
            and upload this one instead. Defaults to False.
        validate : bool, optional
            As for :meth:`create`.
        progress : bool, optional
            As for :meth:`create`.

        Returns
        -------
        CellMeasurement
            The new measurement (a :class:`CellMeasurementBundleResponse`) or the
            existing one.

        Raises
        ------
        MeasurementProcessingError
            When the existing measurement's processing failed (and not
            ``replace_failed``), or this one's fails or times out.
        ValueError
            When the API reports a conflict but the existing record is not found.

        Examples
        --------
        Run twice, it uploads once: the second call learns the name exists
        before it reads any data.

        >>> again = client.cell_measurement.create_or_get(
        ...     cell.id,
        ...     {"measurement": {"name": "C/1 discharge"}, "time_series": series},
        ... )
        >>> again.id == bundle.id
        True
        """
        return run(
            self._async.create_or_get(
                cell_instance_id,
                measurement_detail,
                validate_strict,
                rated_capacity,
                voltage_window,
                skip_checks,
                wait_for_processing,
                processing_timeout=processing_timeout,
                replace_failed=replace_failed,
                validate=validate,
                progress=progress,
            )
        )

    def create_properties(
        self,
        cell_instance_id: str,
        name: str,
        properties: dict[str, Any],
        *,
        notes: str | None = None,
        protocol: dict[str, Any] | None = None,
        start_time: DateLike | None = None,
        end_time: DateLike | None = None,
        test_setup: dict[str, Any] | None = None,
        tags: Sequence[str] | None = None,
        if_exists: IfExists = "error",
    ) -> CellMeasurement:
        """Create a properties measurement: measured values, no time series.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        name : str
            The measurement's name, unique within the instance.
        properties : dict
            The values, e.g. ``{"mass": {"value": 3.1, "unit": "g"}}``.
        notes : str, optional
            Free text.
        protocol : dict, optional
            ``{"name": ..., "ambient_temperature_degc": ...}``.
        start_time, end_time : datetime, date or str, optional
            When the measurement was taken.
        test_setup : dict, optional
            ``{"cycler": ..., "operator": ..., "lab": ..., "channel_number": ...}``.
        tags : list of str, optional
            Labels to find the measurement by (at most 50, of at most 50
            characters each).
        if_exists : {"error", "get"}, optional
            With ``"get"``, a properties measurement of this name that holds
            the same values is returned (a re-run cell of a notebook); one
            with other values is still a :class:`ConflictError`. Defaults to
            ``"error"``, as the public client has it.

        Returns
        -------
        CellMeasurement
            The new measurement (``ready`` at once), or the same one.

        Raises
        ------
        ConflictError
            When the name is taken (and, with ``if_exists="get"``, by other
            values or another kind of measurement).

        Examples
        --------
        >>> mass = client.cell_measurement.create_properties(
        ...     cell.id, "mass", {"mass_g": 46.2}, if_exists="get"
        ... )
        >>> mass.measurement_type.value, mass.properties
        ('properties', {'mass_g': 46.2})
        """
        return run(
            self._async.create_properties(
                cell_instance_id,
                name,
                properties,
                notes=notes,
                protocol=protocol,
                start_time=start_time,
                end_time=end_time,
                test_setup=test_setup,
                tags=tags,
                if_exists=if_exists,
            )
        )

    def create_many(
        self,
        cell_instance_id: str,
        items: ItemSource[dict[str, Any]],
        *,
        validate_strict: bool = False,
        rated_capacity: float | None = None,
        voltage_window: tuple[float, float] | None = None,
        skip_checks: Iterable[str] | None = None,
        if_exists: IfExists = "get",
        concurrency: int | None = None,
        progress: Progress = False,
        stop_on_error: bool = False,
        wait_for_processing: bool = True,
        processing_timeout: float = 600.0,
        replace_failed: bool = False,
        validate: bool = True,
    ) -> BatchResult[CellMeasurement]:
        """Create many measurements of one cell instance, concurrently.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        items : iterable or async iterable of dict
            Each a measurement detail as for :meth:`create`:
            ``{"measurement": {...}, "time_series": <frame>, "steps": ...}``;
            an item without ``"time_series"`` is a properties measurement
            (its ``measurement`` holds ``properties``). Consumed lazily: only
            the items in flight are held.
        validate_strict : bool, optional
            As for :meth:`create`, for every item.
        rated_capacity : float, optional
            As for :meth:`create`, for every item.
        voltage_window : tuple of float, optional
            As for :meth:`create`, for every item.
        skip_checks : iterable of str, optional
            As for :meth:`create`, for every item.
        if_exists : {"get", "error"}, optional
            ``"get"`` (the default) returns a measurement that already has the
            name, reading and uploading nothing; ``"error"`` fails the item.
        concurrency : int, optional
            Items in flight at once (default: the client's ``max_concurrency``).
        progress : bool or callable, optional
            ``True`` for a progress bar; a callable gets
            ``(done, total_or_None, failed)``, in a worker thread.
        stop_on_error : bool, optional
            At the first failure, take no more items and cancel those in flight.
        wait_for_processing : bool, optional
            Wait until each upload is processed (a processing failure then
            fails its item). Defaults to True.
        processing_timeout : float, optional
            Seconds to wait for each measurement's processing. Defaults to 600.
        replace_failed : bool, optional
            Replace existing measurements whose processing failed, instead of
            failing their items. Defaults to False.
        validate : bool, optional
            Check each item's data before sending it (an item that fails is
            a failed item, with its :class:`MeasurementValidationError`; the
            others go on). Defaults to True.

        Returns
        -------
        BatchResult[CellMeasurement]
            Records in input order, failures with their errors, counts and rate.

        Raises
        ------
        BatchError
            When the item source raises or the server is unreachable; it
            carries the partial result.
        """
        return run(
            self._async.create_many(
                cell_instance_id,
                items,
                validate_strict=validate_strict,
                rated_capacity=rated_capacity,
                voltage_window=voltage_window,
                skip_checks=skip_checks,
                if_exists=if_exists,
                concurrency=concurrency,
                progress=progress,
                stop_on_error=stop_on_error,
                wait_for_processing=wait_for_processing,
                processing_timeout=processing_timeout,
                replace_failed=replace_failed,
                validate=validate,
            )
        )

    def extend(
        self,
        measurement_id: str,
        time_series: TableSource,
        wait_for_processing: bool = True,
        *,
        processing_timeout: float = 600.0,
    ) -> CellMeasurementBundleResponse:
        """Append rows to a running test's time series.

        The rows are checked before any request: there are some, they have
        ``Time [s]`` and ``Step count``, and time never decreases. The server
        requires that they start after the last stored sample (ionworks-local
        stores a delta sent twice once), that the columns match the stored
        ones, and that the measurement has no ``end_time``. A 409
        because the measurement is still processing an earlier upload or
        extend is retried after waiting for it (up to three tries).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        time_series : TableSource
            The new rows, in any form :meth:`create` takes.
        wait_for_processing : bool, optional
            Wait until the server has re-derived steps and cycles. Defaults to
            True.
        processing_timeout : float, optional
            Seconds for the whole call, waits included. Defaults to 600.

        Returns
        -------
        CellMeasurementBundleResponse
            The measurement's fields (``ready`` when waited for), with
            ``steps_created`` 0 (steps are derived after the extend), as the
            public client returns it.

        Raises
        ------
        ValueError
            When the rows fail the checks above (nothing is sent).
        ConflictError
            When the server refuses the rows (see above).
        MeasurementProcessingError
            When processing the extended series failed (the stored data is
            unchanged) or did not finish in time.
        """
        return run(
            self._async.extend(
                measurement_id,
                time_series,
                wait_for_processing,
                processing_timeout=processing_timeout,
            )
        )

    def create_file(
        self,
        cell_instance_id: str,
        name: str,
        filepaths: FileSources,
        *,
        validate_images: bool = False,
        notes: str | None = None,
        protocol: dict[str, Any] | None = None,
        start_time: DateLike | None = None,
        end_time: DateLike | None = None,
        test_setup: dict[str, Any] | None = None,
        tags: Sequence[str] | None = None,
        if_exists: IfExists = "error",
    ) -> CellMeasurementBundleResponse:
        """Create a file measurement: upload files (images, reports) to an instance.

        Every file is checked before any request; then the files are streamed
        from disk, several at once, each with its media type.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        name : str
            The measurement's name, unique within the instance.
        filepaths : path, list or mapping
            The files: paths, open binary files (named by their ``name``),
            ``(file name, bytes)`` pairs (bytes, a ``BytesIO`` or an open
            binary file), or a mapping of file name to content. Their names
            (without folders) must differ. Content in memory is written to a
            temporary file, deleted when the call ends.
        validate_images : bool, optional
            Check that every file is an image (jpg, jpeg, png, gif, webp,
            tiff, bmp) by its extension and its first bytes. Defaults to False.
        notes : str, optional
            Free text.
        protocol : dict, optional
            ``{"name": ..., "ambient_temperature_degc": ...}``.
        start_time, end_time : datetime, date or str, optional
            When the files were made.
        test_setup : dict, optional
            ``{"cycler": ..., "operator": ..., "lab": ..., "channel_number": ...}``.
        tags : list of str, optional
            Labels to find the measurement by.
        if_exists : {"error", "get"}, optional
            With ``"get"``, a file measurement of this name that holds files
            of the same names is returned and nothing is uploaded (a re-run
            cell of a notebook); one with other files is still a
            :class:`ConflictError`. Defaults to ``"error"``, as the public
            client has it.

        Returns
        -------
        CellMeasurementBundleResponse
            The new measurement (``ready`` at once), or the same one.

        Raises
        ------
        ConflictError
            When the name is taken (and, with ``if_exists="get"``, by other
            files or another kind of measurement).
        FileNotFoundError
            When a path is not a file.
        ValueError
            When ``validate_images`` finds a file that is not an image, or two
            files share a name.
        """
        return run(
            self._async.create_file(
                cell_instance_id,
                name,
                filepaths,
                validate_images=validate_images,
                notes=notes,
                protocol=protocol,
                start_time=start_time,
                end_time=end_time,
                test_setup=test_setup,
                tags=tags,
                if_exists=if_exists,
            )
        )

    def list_files(
        self,
        measurement_id: str,
    ) -> builtins.list[str]:
        """List the file names of a file measurement.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.

        Returns
        -------
        list of str
            The names, as uploaded.
        """
        return run(
            self._async.list_files(
                measurement_id,
            )
        )

    def get_file(
        self,
        measurement_id: str,
        filename: str,
    ) -> bytes:
        """Download one file of a file measurement.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        filename : str
            The file's name, as :meth:`list_files` gives it.

        Returns
        -------
        bytes
            The file's content.
        """
        return run(
            self._async.get_file(
                measurement_id,
                filename,
            )
        )

    def download_files(
        self,
        measurement_id: str,
        use_cache: bool = True,
        filenames: Iterable[str] | None = None,
    ) -> dict[str, bytes]:
        """Download files of a file measurement, concurrently.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        use_cache : bool, optional
            Read files from the client's on-disk cache while the measurement
            is unchanged (its record, fetched beside the list, tells), and
            keep what is downloaded. ``False`` neither reads nor writes the
            cache. Defaults to True.
        filenames : iterable of str, optional
            The files to fetch (default: every file, from :meth:`list_files`).

        Returns
        -------
        dict of str to bytes
            Each file's content by name, in the listed order.
        """
        return run(
            self._async.download_files(
                measurement_id,
                use_cache,
                filenames,
            )
        )

    def list_tags(
        self,
        project_id: str | None,
        q: str | None = None,
        limit: int | None = None,
    ) -> PaginatedList[MeasurementTag]:
        """List the tags in use, most used first.

        Parameters
        ----------
        project_id : str or None
            Only tags of this project's measurements; ``None``: the client's
            ``project_id`` setting, else every project.
        q : str, optional
            Only tags containing this text (case-insensitive).
        limit : int, optional
            At most this many, 1 to 1,000 (the API's default is 50).

        Returns
        -------
        PaginatedList[MeasurementTag]
            Each ``tag`` with its ``usage_count``; ``total`` counts every match.
        """
        return run(
            self._async.list_tags(
                project_id,
                q,
                limit,
            )
        )

    def add_tags(
        self,
        measurement_ids: str | Iterable[str],
        tags: str | Iterable[str],
    ) -> int:
        """Add tags to measurements (a tag they already hold is left alone).

        Parameters
        ----------
        measurement_ids : str or iterable of str
            The measurements; any number (sent 1,000 to a request).
        tags : str or iterable of str
            The tags (a bare string is one tag). A tag already used in the
            project keeps the spelling used there.

        Returns
        -------
        int
            How many measurements' tags changed.

        Raises
        ------
        NotFoundError
            When a measurement of a request does not exist (that request
            changes nothing).
        BadRequestError
            When a measurement would hold more than 50 tags.
        """
        return run(
            self._async.add_tags(
                measurement_ids,
                tags,
            )
        )

    def remove_tags(
        self,
        measurement_ids: str | Iterable[str],
        tags: str | Iterable[str],
    ) -> int:
        """Remove tags from measurements (compared case-insensitively).

        Parameters
        ----------
        measurement_ids : str or iterable of str
            The measurements; any number (sent 1,000 to a request).
        tags : str or iterable of str
            The tags (a bare string is one tag); absent ones are ignored.

        Returns
        -------
        int
            How many measurements' tags changed.

        Raises
        ------
        NotFoundError
            When a measurement of a request does not exist (that request
            changes nothing).
        """
        return run(
            self._async.remove_tags(
                measurement_ids,
                tags,
            )
        )

    def wait_for_processing(
        self,
        measurement_ids: str | Iterable[str],
        timeout: float = 600.0,
    ) -> dict[str, dict[str, Any]]:
        """Wait until the server has processed one upload, or many.

        The measurements are polled concurrently under one deadline, so a batch
        takes about as long as its slowest member. Every failure is collected
        before the one error is raised.

        Parameters
        ----------
        measurement_ids : str or iterable of str
            The measurement, or measurements, to wait for.
        timeout : float, optional
            Seconds to wait for all of them. Defaults to 600. A timeout stops
            the waiting, not the processing.

        Returns
        -------
        dict of str to dict
            Each measurement's fields as last read (``processing_status`` is
            ``"ready"``), by id, in the order given: dicts, as the public
            client returns them (``CellMeasurement.model_validate`` makes a
            record of one).

        Raises
        ------
        MeasurementProcessingError
            When any failed or did not finish in time; ``failures`` maps each
            such id to its reason.
        """
        return run(
            self._async.wait_for_processing(
                measurement_ids,
                timeout,
            )
        )

    def attach_raw_data(
        self,
        cell_measurement_id: str,
        raw_data_ids: Iterable[str],
    ) -> None:
        """Link raw-data records to a measurement (those linked stay linked).

        Parameters
        ----------
        cell_measurement_id : str
            The measurement.
        raw_data_ids : iterable of str
            The raw-data records it was made from.
        """
        return run(
            self._async.attach_raw_data(
                cell_measurement_id,
                raw_data_ids,
            )
        )

    def detach_raw_data(
        self,
        cell_measurement_id: str,
        raw_data_id: str,
    ) -> None:
        """Unlink one raw-data record from a measurement.

        Parameters
        ----------
        cell_measurement_id : str
            The measurement.
        raw_data_id : str
            The raw-data record.
        """
        return run(
            self._async.detach_raw_data(
                cell_measurement_id,
                raw_data_id,
            )
        )

    def list_raw_data(
        self,
        cell_measurement_id: str,
        limit: int | None = 100,
        offset: int | None = 0,
    ) -> PaginatedList[RawData]:
        """List the raw-data records a measurement was made from.

        Parameters
        ----------
        cell_measurement_id : str
            The measurement.
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
        return run(
            self._async.list_raw_data(
                cell_measurement_id,
                limit,
                offset,
            )
        )


class RawDataClient:
    """Client for raw-data records (original files, project-scoped).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        self._client = client
        self._async = AsyncRawDataClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def list(
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
        return run(
            self._async.list(
                project_id,
                limit,
                offset,
            )
        )

    def iter_all(
        self,
        project_id: str,
    ) -> Iterator[RawData]:
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
        return iterate(
            self._async.iter_all(
                project_id,
            )
        )

    def get(
        self,
        raw_data_id: str,
    ) -> RawData:
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
        return run(
            self._async.get(
                raw_data_id,
            )
        )

    def delete(
        self,
        raw_data_id: str,
    ) -> None:
        """Delete a record, its links and its stored file.

        Parameters
        ----------
        raw_data_id : str
            The record's id.
        """
        return run(
            self._async.delete(
                raw_data_id,
            )
        )

    def upload(
        self,
        project_id: str,
        file: FileInput,
        name: str | None = None,
        source: str | None = None,
        metadata: dict[str, Any] | None = None,
        timeout: tuple[float, float] | float | None = None,
    ) -> RawData:
        """Upload a file as it is, through the signed storage flow.

        A path is streamed from disk; an open binary file is read whole.

        Parameters
        ----------
        project_id : str
            The project the record belongs to.
        file : str, PathLike or binary file
            The file.
        name : str, optional
            The record's label (default: the file's name).
        source : str, optional
            Where the file came from (a cycler export, a URL, a DOI).
        metadata : dict, optional
            Free-form fields kept with the record.
        timeout : float or tuple, optional
            Accepted as the public client takes it; the transfer is bounded
            by the client's own rules (``timeout`` between reads, and a
            transfer averaging under 64 KiB/s after a minute ends).

        Returns
        -------
        RawData
            The record.

        Raises
        ------
        FileNotFoundError
            When the path is no file (before any request).
        """
        return run(
            self._async.upload(
                project_id,
                file,
                name,
                source,
                metadata,
                timeout,
            )
        )

    def download_url(
        self,
        raw_data_id: str,
    ) -> str:
        """Return a short-lived signed URL of the stored file.

        Parameters
        ----------
        raw_data_id : str
            The record's id.

        Returns
        -------
        str
            The URL (it needs no credentials).
        """
        return run(
            self._async.download_url(
                raw_data_id,
            )
        )

    def download(
        self,
        raw_data_id: str,
        use_cache: bool = True,
        read_timeout: float = 300.0,
    ) -> bytes:
        """Download the stored file, byte for byte; kept in the data cache.

        Raw files never change, so a kept copy is always the file: the first
        call downloads it through a signed URL, later ones read it from disk.

        Parameters
        ----------
        raw_data_id : str
            The record's id.
        use_cache : bool, optional
            Read and keep the file in the client's data cache (``cache_dir``).
            Defaults to True.
        read_timeout : float, optional
            Accepted as the public client takes it; a download is bounded by
            the client's transfer rules.

        Returns
        -------
        bytes
            The file.
        """
        return run(
            self._async.download(
                raw_data_id,
                use_cache,
                read_timeout,
            )
        )

    def update(
        self,
        raw_data_id: str,
        name: str | None = None,
        source: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> RawData:
        """Change a record's name, source or metadata (only what is given).

        Parameters
        ----------
        raw_data_id : str
            The record's id.
        name : str, optional
            A new label.
        source : str, optional
            A new provenance text; ``""`` clears it.
        metadata : dict, optional
            New metadata (it replaces the old).

        Returns
        -------
        RawData
            The record.
        """
        return run(
            self._async.update(
                raw_data_id,
                name,
                source,
                metadata,
            )
        )

    def list_measurements(
        self,
        raw_data_id: str,
        limit: int | None = 100,
        offset: int | None = 0,
    ) -> PaginatedList[str]:
        """List the ids of the measurements made from a record.

        Parameters
        ----------
        raw_data_id : str
            The record's id.
        limit : int, optional
            Page size, 1 to 100 (default 100).
        offset : int, optional
            Ids to skip (default 0). ``limit=None, offset=None`` fetches every
            page.

        Returns
        -------
        PaginatedList[str]
            The measurement ids (plain strings), with ``total``.
        """
        return run(
            self._async.list_measurements(
                raw_data_id,
                limit,
                offset,
            )
        )


class ProjectClient:
    """Client for projects (the public client's ``client.project``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        self._client = client
        self._async = AsyncProjectClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        project_id: str,
    ) -> Project:
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
        return run(
            self._async.get(
                project_id,
            )
        )

    def list(
        self,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
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
        return run(
            self._async.list(
                limit,
                offset,
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
            )
        )

    def create(
        self,
        data: dict[str, Any] | None = None,
    ) -> Project:
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
        return run(
            self._async.create(
                data,
            )
        )

    def update(
        self,
        project_id: str,
        data: dict[str, Any] | None = None,
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
        return run(
            self._async.update(
                project_id,
                data,
            )
        )

    def delete(
        self,
        project_id: str,
    ) -> None:
        """Delete a project (ionworks-local: an empty one, not the default).

        Parameters
        ----------
        project_id : str
            The project's id.
        """
        return run(
            self._async.delete(
                project_id,
            )
        )

    def roles(
        self,
    ) -> builtins.list[ProjectRoleInfo]:
        """List the project roles that can be granted.

        Returns
        -------
        list of ProjectRoleInfo
            Each role's ``id``, ``name`` (``"Project Admin"``,
            ``"Project Contributor"``, ``"Project Viewer"``) and description.
        """
        return run(self._async.roles())

    def add_member(
        self,
        project_id: str,
        user_id: str,
        role: str = "Project Contributor",
    ) -> None:
        """Grant an organisation member a role in a project (or change it).

        Parameters
        ----------
        project_id : str
            The project.
        user_id : str
            The organisation member's user id (``whoami()["id"]`` for
            yourself; :meth:`invite_member` for someone new).
        role : str, optional
            A role's name (any case) or id. Defaults to
            ``"Project Contributor"``.
        """
        return run(
            self._async.add_member(
                project_id,
                user_id,
                role,
            )
        )

    def invite_member(
        self,
        project_id: str,
        email: str,
        role: str = "Project Contributor",
    ) -> InviteResult:
        """Invite someone to a project by email, adding them to the organisation.

        Parameters
        ----------
        project_id : str
            The project.
        email : str
            The person's email address.
        role : str, optional
            A role's name (any case) or id. Defaults to
            ``"Project Contributor"``.

        Returns
        -------
        InviteResult
            The user's id, whether an invitation email was sent, and whether
            they already belonged to the organisation.
        """
        return run(
            self._async.invite_member(
                project_id,
                email,
                role,
            )
        )

    def update_member(
        self,
        project_id: str,
        user_id: str,
        role: str,
    ) -> None:
        """Change a project member's role.

        Parameters
        ----------
        project_id : str
            The project.
        user_id : str
            The member's user id.
        role : str
            The new role's name (any case) or id.
        """
        return run(
            self._async.update_member(
                project_id,
                user_id,
                role,
            )
        )

    def remove_member(
        self,
        project_id: str,
        user_id: str,
    ) -> None:
        """Remove a user from a project (they stay in the organisation).

        Parameters
        ----------
        project_id : str
            The project.
        user_id : str
            The member's user id.
        """
        return run(
            self._async.remove_member(
                project_id,
                user_id,
            )
        )


class SiteClient:
    """Client for sites (the public client's ``client.site``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.lab.site import AsyncSiteClient

        self._client = client
        self._async = AsyncSiteClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        site_id: str,
    ) -> Site:
        """Get a site by id.

        Parameters
        ----------
        site_id : str
            The site's id.

        Returns
        -------
        Site
            The site.
        """
        return run(
            self._async.get(
                site_id,
            )
        )

    def list(
        self,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        location: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Site]:
        """List the organisation's sites: one page (the API's default size).

        Parameters
        ----------
        limit, offset : int, optional
            The page.
        name : str, optional
            A part of the name (any case, literally).
        name_exact : str, optional
            The whole name; wins over ``name``.
        location : str, optional
            A part of the location (any case).
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the site was created or updated.
        order_by : str, optional
            ``"name"``, ``"created_at"`` or ``"updated_at"``.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Site
            The page, with ``total``.
        """
        return run(
            self._async.list(
                limit,
                offset,
                name=name,
                name_exact=name_exact,
                location=location,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
            )
        )

    def detail(
        self,
        site_id: str,
    ) -> SiteDetail:
        """Get a site with every cycler and each cycler's channels.

        The site and its cyclers are fetched at once, then every cycler's
        channels at once.

        Parameters
        ----------
        site_id : str
            The site's id.

        Returns
        -------
        SiteDetail
            The site, and a :class:`CyclerDetail` a cycler.
        """
        return run(
            self._async.detail(
                site_id,
            )
        )

    def update(
        self,
        site_id: str,
        data: dict[str, Any],
    ) -> Site:
        """Update fields of a site.

        Parameters
        ----------
        site_id : str
            The site's id.
        data : dict
            The fields to change.

        Returns
        -------
        Site
            The updated site.
        """
        return run(
            self._async.update(
                site_id,
                data,
            )
        )

    def delete(
        self,
        site_id: str,
    ) -> None:
        """Delete a site, with its cyclers and their channels.

        Parameters
        ----------
        site_id : str
            The site's id.
        """
        return run(
            self._async.delete(
                site_id,
            )
        )

    def create(
        self,
        data: dict[str, Any],
    ) -> Site:
        """Create a site.

        Parameters
        ----------
        data : dict
            Its fields: ``name`` (required), ``location``, ...

        Returns
        -------
        Site
            The new site.
        """
        return run(
            self._async.create(
                data,
            )
        )

    def create_or_get(
        self,
        data: dict[str, Any],
    ) -> Site:
        """Create a site, or get the existing one of that name.

        Parameters
        ----------
        data : dict
            Its fields: ``name`` (required), ...

        Returns
        -------
        Site
            The new site, or the one that already had the name.

        Raises
        ------
        ValueError
            When the API reports a conflict but no site of the name is found.
        """
        return run(
            self._async.create_or_get(
                data,
            )
        )


class CyclerClient:
    """Client for cyclers (the public client's ``client.cycler``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.lab.cycler import AsyncCyclerClient

        self._client = client
        self._async = AsyncCyclerClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        cycler_id: str,
    ) -> Cycler:
        """Get a cycler by id.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.

        Returns
        -------
        Cycler
            The cycler.
        """
        return run(
            self._async.get(
                cycler_id,
            )
        )

    def list(
        self,
        site_id: str,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        project_id: str | None = None,
        manufacturer: str | None = None,
        model: str | None = None,
        version: str | None = None,
        serial_number: str | None = None,
        firmware_version: str | None = None,
        hostname: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        calibration_due_after: str | None = None,
        calibration_due_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Cycler]:
        """List a site's cyclers: one page (the API's default size).

        Parameters
        ----------
        site_id : str
            The site.
        limit, offset : int, optional
            The page.
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        project_id : str, optional
            Only the cyclers of this project.
        manufacturer, model, version : str, optional
            A part of each (any case).
        serial_number, firmware_version, hostname : str, optional
            A part of each (any case).
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the cycler was created or updated.
        calibration_due_after, calibration_due_before : str, optional
            ISO 8601 times bounding when its calibration falls due.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Cycler
            The page, with ``total``.
        """
        return run(
            self._async.list(
                site_id,
                limit,
                offset,
                name=name,
                name_exact=name_exact,
                project_id=project_id,
                manufacturer=manufacturer,
                model=model,
                version=version,
                serial_number=serial_number,
                firmware_version=firmware_version,
                hostname=hostname,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                calibration_due_after=calibration_due_after,
                calibration_due_before=calibration_due_before,
                order_by=order_by,
                order=order,
            )
        )

    def detail(
        self,
        cycler_id: str,
    ) -> CyclerDetail:
        """Get a cycler with all its channels (fetched at once).

        Parameters
        ----------
        cycler_id : str
            The cycler's id.

        Returns
        -------
        CyclerDetail
            The cycler, its site's id and its channels.
        """
        return run(
            self._async.detail(
                cycler_id,
            )
        )

    def detail_from_cycler(
        self,
        cycler: Cycler,
    ) -> CyclerDetail:
        """Get the detail of a cycler already fetched: only its channels are.

        Parameters
        ----------
        cycler : Cycler
            The cycler.

        Returns
        -------
        CyclerDetail
            The cycler, its site's id and its channels.
        """
        return run(
            self._async.detail_from_cycler(
                cycler,
            )
        )

    def update(
        self,
        cycler_id: str,
        data: dict[str, Any],
    ) -> Cycler:
        """Update fields of a cycler.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.
        data : dict
            The fields to change.

        Returns
        -------
        Cycler
            The updated cycler.
        """
        return run(
            self._async.update(
                cycler_id,
                data,
            )
        )

    def delete(
        self,
        cycler_id: str,
    ) -> None:
        """Delete a cycler and its channels.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.
        """
        return run(
            self._async.delete(
                cycler_id,
            )
        )

    def list_service_events(
        self,
        cycler_id: str,
        limit: int | None = None,
        offset: int | None = None,
    ) -> PaginatedList[CyclerServiceEvent]:
        """List a cycler's service events, newest first: one page.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of CyclerServiceEvent
            The page, with ``total``.
        """
        return run(
            self._async.list_service_events(
                cycler_id,
                limit,
                offset,
            )
        )

    def start_service(
        self,
        cycler_id: str,
        event_type: str,
        scheduled_for: str,
        *,
        scheduled_until: str | None = None,
        notes: str | None = None,
    ) -> CyclerServiceEvent:
        """Book a service of a cycler, taking every channel out of service.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.
        event_type : str
            ``"calibration"``, ``"preventive_maintenance"``, ``"firmware"``,
            ``"repair"`` or ``"other"``.
        scheduled_for : str
            When the visit is booked (ISO 8601).
        scheduled_until : str, optional
            When it is expected to end.
        notes : str, optional
            Free text.

        Returns
        -------
        CyclerServiceEvent
            The open event.
        """
        return run(
            self._async.start_service(
                cycler_id,
                event_type,
                scheduled_for,
                scheduled_until=scheduled_until,
                notes=notes,
            )
        )

    def complete_service(
        self,
        cycler_id: str,
        performed_at: str | None = None,
        notes: str | None = None,
        calibration_interval_days: int | None = None,
        event_type: str = "calibration",
    ) -> CyclerServiceEvent:
        """Complete a cycler's open service (or record one), returning its channels.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.
        performed_at : str, optional
            When the work was done (ISO 8601); the server's now by default.
        notes : str, optional
            Free text.
        calibration_interval_days : int, optional
            A new calibration interval.
        event_type : str, optional
            The kind of service recorded when none is open. Defaults to
            ``"calibration"``.

        Returns
        -------
        CyclerServiceEvent
            The completed event.
        """
        return run(
            self._async.complete_service(
                cycler_id,
                performed_at,
                notes,
                calibration_interval_days,
                event_type,
            )
        )

    def create(
        self,
        site_id: str,
        data: dict[str, Any],
    ) -> Cycler:
        """Create a cycler at a site.

        Parameters
        ----------
        site_id : str
            The site.
        data : dict
            Its fields: ``name`` and ``project_id`` (required), ``manufacturer``, ...

        Returns
        -------
        Cycler
            The new cycler.
        """
        return run(
            self._async.create(
                site_id,
                data,
            )
        )

    def create_or_get(
        self,
        site_id: str,
        data: dict[str, Any],
    ) -> Cycler:
        """Create a cycler at a site, or get the site's existing one of that name.

        Parameters
        ----------
        site_id : str
            The site.
        data : dict
            Its fields, as :meth:`create` takes them.

        Returns
        -------
        Cycler
            The new cycler, or the one that already had the name.

        Raises
        ------
        ValueError
            When the API reports a conflict but no cycler of the name is found.
        """
        return run(
            self._async.create_or_get(
                site_id,
                data,
            )
        )


class ChannelClient:
    """Client for channels (the public client's ``client.channel``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.lab.channel import AsyncChannelClient

        self._client = client
        self._async = AsyncChannelClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        channel_id: str,
    ) -> Channel:
        """Get a channel by id.

        Parameters
        ----------
        channel_id : str
            The channel's id.

        Returns
        -------
        Channel
            The channel.
        """
        return run(
            self._async.get(
                channel_id,
            )
        )

    def list(
        self,
        cycler_id: str,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Channel]:
        """List a cycler's channels: one page (the API's default size).

        Parameters
        ----------
        cycler_id : str
            The cycler.
        limit, offset : int, optional
            The page.
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the channel was created or updated.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Channel
            The page, with ``total``.
        """
        return run(
            self._async.list(
                cycler_id,
                limit,
                offset,
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
            )
        )

    def list_all(
        self,
        limit: int | None = None,
        offset: int | None = None,
        *,
        cycler_id: str | None = None,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Channel]:
        """List the organisation's channels across cyclers: one page.

        Parameters
        ----------
        limit, offset : int, optional
            The page.
        cycler_id : str, optional
            Only this cycler's channels.
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the channel was created or updated.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Channel
            The page, with ``total``.
        """
        return run(
            self._async.list_all(
                limit,
                offset,
                cycler_id=cycler_id,
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
            )
        )

    def update(
        self,
        channel_id: str,
        data: dict[str, Any],
    ) -> Channel:
        """Update fields of a channel (``out_of_commission`` opens an incident).

        Parameters
        ----------
        channel_id : str
            The channel's id.
        data : dict
            The fields to change.

        Returns
        -------
        Channel
            The updated channel.
        """
        return run(
            self._async.update(
                channel_id,
                data,
            )
        )

    def list_incidents(
        self,
        channel_id: str,
        limit: int | None = None,
        offset: int | None = None,
    ) -> PaginatedList[ChannelIncident]:
        """List a channel's outages, newest first: one page.

        Parameters
        ----------
        channel_id : str
            The channel's id.
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of ChannelIncident
            The page, with ``total``.
        """
        return run(
            self._async.list_incidents(
                channel_id,
                limit,
                offset,
            )
        )

    def delete(
        self,
        channel_id: str,
    ) -> None:
        """Delete a channel.

        Parameters
        ----------
        channel_id : str
            The channel's id.
        """
        return run(
            self._async.delete(
                channel_id,
            )
        )

    def create(
        self,
        cycler_id: str,
        data: dict[str, Any],
    ) -> Channel:
        """Create a channel of a cycler.

        Parameters
        ----------
        cycler_id : str
            The cycler.
        data : dict
            Its fields: ``name`` (required), ``max_amps``, ...

        Returns
        -------
        Channel
            The new channel.
        """
        return run(
            self._async.create(
                cycler_id,
                data,
            )
        )

    def create_or_get(
        self,
        cycler_id: str,
        data: dict[str, Any],
    ) -> Channel:
        """Create a channel, or get the cycler's existing one of that name.

        Parameters
        ----------
        cycler_id : str
            The cycler.
        data : dict
            Its fields, as :meth:`create` takes them.

        Returns
        -------
        Channel
            The new channel, or the one that already had the name.

        Raises
        ------
        ValueError
            When the API reports a conflict but no channel of the name is found.
        """
        return run(
            self._async.create_or_get(
                cycler_id,
                data,
            )
        )


class LabClient:
    """Client for the lab view (the public client's ``client.lab``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.lab.view import AsyncLabClient

        self._client = client
        self._async = AsyncLabClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def status(
        self,
        project_id: str,
    ) -> LabStatus:
        """Get the lab view of a project: sites, cyclers, channels and states.

        Parameters
        ----------
        project_id : str
            The project.

        Returns
        -------
        LabStatus
            The tree, and the project's counts of each state.
        """
        return run(
            self._async.status(
                project_id,
            )
        )

    def utilization(
        self,
        project_id: str,
        *,
        status: LabStatus | None = None,
    ) -> Utilization:
        """Return a project's lab utilisation: the busy share and the counts.

        Parameters
        ----------
        project_id : str
            The project.
        status : LabStatus, optional
            A lab view already fetched (no request is sent).

        Returns
        -------
        Utilization
            ``percent`` is occupied plus stale over every channel, rounded.
        """
        return run(
            self._async.utilization(
                project_id,
                status=status,
            )
        )

    def free_channels(
        self,
        project_id: str,
        *,
        min_amps: float | None = None,
        min_volts: float | None = None,
        max_volts: float | None = None,
        status: LabStatus | None = None,
    ) -> list[FlatChannel]:
        """List the free channels able to run a test's current and voltages.

        A channel without a rating is left out when a bound is asked for.

        Parameters
        ----------
        project_id : str
            The project.
        min_amps : float, optional
            The current the channel must reach (its ``max_amps`` at least this).
        min_volts, max_volts : float, optional
            The voltage window it must cover.
        status : LabStatus, optional
            A lab view already fetched.

        Returns
        -------
        list of FlatChannel
            Each free channel, with its cycler's and site's names.
        """
        return run(
            self._async.free_channels(
                project_id,
                min_amps=min_amps,
                min_volts=min_volts,
                max_volts=max_volts,
                status=status,
            )
        )

    def stale_channels(
        self,
        project_id: str,
        *,
        status: LabStatus | None = None,
    ) -> list[FlatChannel]:
        """List the channels whose measurement has gone quiet (stale).

        Parameters
        ----------
        project_id : str
            The project.
        status : LabStatus, optional
            A lab view already fetched.

        Returns
        -------
        list of FlatChannel
            Each stale channel, with its cycler's and site's names.
        """
        return run(
            self._async.stale_channels(
                project_id,
                status=status,
            )
        )

    def on_channel(
        self,
        project_id: str,
        channel_id: str,
        *,
        status: LabStatus | None = None,
    ) -> LabMeasurementSummary | None:
        """Return the measurement on a channel, or ``None`` (free, unknown).

        Parameters
        ----------
        project_id : str
            The project.
        channel_id : str
            The channel's id.
        status : LabStatus, optional
            A lab view already fetched.

        Returns
        -------
        LabMeasurementSummary or None
            The measurement occupying it.
        """
        return run(
            self._async.on_channel(
                project_id,
                channel_id,
                status=status,
            )
        )

    def list_watched(
        self,
        project_id: str,
    ) -> list[str]:
        """List the ids of the measurements you watch in a project.

        Parameters
        ----------
        project_id : str
            The project.

        Returns
        -------
        list of str
            The measurements' ids.
        """
        return run(
            self._async.list_watched(
                project_id,
            )
        )

    def watched_channels(
        self,
        project_id: str,
        *,
        status: LabStatus | None = None,
    ) -> list[FlatChannel]:
        """List the channels whose measurement you watch.

        Parameters
        ----------
        project_id : str
            The project.
        status : LabStatus, optional
            A lab view already fetched.

        Returns
        -------
        list of FlatChannel
            Each watched channel, with its cycler's and site's names.
        """
        return run(
            self._async.watched_channels(
                project_id,
                status=status,
            )
        )


class PlannedMeasurementClient:
    """Client for planned measurements (``client.planned_measurement``).

    Every method takes the project last; without it the client's default
    project is used.

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.lab.planned import AsyncPlannedMeasurementClient

        self._client = client
        self._async = AsyncPlannedMeasurementClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        planned_measurement_id: str,
        project_id: str | None = None,
    ) -> PlannedMeasurement:
        """Get a planned measurement by id.

        Parameters
        ----------
        planned_measurement_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The planned measurement.
        """
        return run(
            self._async.get(
                planned_measurement_id,
                project_id,
            )
        )

    def list(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        *,
        status: str | None = None,
        channel_id: str | None = None,
        name: str | None = None,
        name_exact: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[PlannedMeasurement]:
        """List a project's planned measurements: one page.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.
        status : str, optional
            Only those in this state (``"requested"``, ``"scheduled"``, ...).
        channel_id : str, optional
            Only those on this channel.
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of PlannedMeasurement
            The page, with ``total``.
        """
        return run(
            self._async.list(
                project_id,
                limit,
                offset,
                status=status,
                channel_id=channel_id,
                name=name,
                name_exact=name_exact,
                order_by=order_by,
                order=order,
            )
        )

    def create(
        self,
        data: dict[str, Any],
        project_id: str | None = None,
    ) -> PlannedMeasurement:
        """Request a test: create a planned measurement.

        Parameters
        ----------
        data : dict
            Its fields: ``name`` (required), ``protocol_id``,
            ``cell_instance_id``, ``estimated_duration_seconds``, ...
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The new planned measurement.
        """
        return run(
            self._async.create(
                data,
                project_id,
            )
        )

    def create_or_get(
        self,
        data: dict[str, Any],
        project_id: str | None = None,
    ) -> PlannedMeasurement:
        """Create a planned measurement, or get the project's one of that name.

        Parameters
        ----------
        data : dict
            Its fields, as :meth:`create` takes them.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The new one, or the one that already had the name.

        Raises
        ------
        ValueError
            When the API reports a conflict but none of the name is found.
        """
        return run(
            self._async.create_or_get(
                data,
                project_id,
            )
        )

    def update(
        self,
        planned_measurement_id: str,
        data: dict[str, Any],
        project_id: str | None = None,
    ) -> PlannedMeasurement:
        """Update fields of a planned measurement.

        Parameters
        ----------
        planned_measurement_id : str
            Its id.
        data : dict
            The fields to change.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The updated planned measurement.
        """
        return run(
            self._async.update(
                planned_measurement_id,
                data,
                project_id,
            )
        )

    def schedule(
        self,
        planned_measurement_id: str,
        channel_id: str,
        planned_start_time: str,
        planned_end_time: str,
        project_id: str | None = None,
    ) -> PlannedMeasurement:
        """Schedule a planned measurement on a channel for a window.

        Parameters
        ----------
        planned_measurement_id : str
            Its id.
        channel_id : str
            The channel to reserve.
        planned_start_time, planned_end_time : str
            The window (ISO 8601); the API refuses one that overlaps another.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The scheduled planned measurement.
        """
        return run(
            self._async.schedule(
                planned_measurement_id,
                channel_id,
                planned_start_time,
                planned_end_time,
                project_id,
            )
        )

    def auto_schedule_proposal(
        self,
        planned_measurement_ids: Sequence[str],
        start_after: str | None = None,
        project_id: str | None = None,
    ) -> AutoScheduleProposal:
        """Ask for an earliest-gap schedule of requested tests (nothing is saved).

        Parameters
        ----------
        planned_measurement_ids : sequence of str
            The requested tests to place.
        start_after : str, optional
            The earliest start (ISO 8601); now by default.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        AutoScheduleProposal
            An assignment a test; apply those that are scheduled with
            :meth:`apply_auto_schedule_proposal`.
        """
        return run(
            self._async.auto_schedule_proposal(
                planned_measurement_ids,
                start_after,
                project_id,
            )
        )

    def apply_auto_schedule_proposal(
        self,
        assignments: Sequence[AutoScheduleAssignment | dict[str, Any]],
        project_id: str | None = None,
    ) -> builtins.list[PlannedMeasurement]:
        """Apply assignments of a proposal: schedule each test as proposed.

        Parameters
        ----------
        assignments : sequence of AutoScheduleAssignment or dict
            The assignments to apply (those whose ``is_scheduled`` holds).
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        list of PlannedMeasurement
            The scheduled planned measurements.
        """
        return run(
            self._async.apply_auto_schedule_proposal(
                assignments,
                project_id,
            )
        )

    def cancel(
        self,
        planned_measurement_id: str,
        project_id: str | None = None,
    ) -> PlannedMeasurement:
        """Cancel a planned measurement (its reservation is released).

        Parameters
        ----------
        planned_measurement_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The cancelled planned measurement.
        """
        return run(
            self._async.cancel(
                planned_measurement_id,
                project_id,
            )
        )

    def delete(
        self,
        planned_measurement_id: str,
        project_id: str | None = None,
    ) -> None:
        """Delete a planned measurement.

        Parameters
        ----------
        planned_measurement_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).
        """
        return run(
            self._async.delete(
                planned_measurement_id,
                project_id,
            )
        )


class ProtocolClient:
    """Client for protocols (the public client's ``client.protocol``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.lab.protocol import AsyncProtocolClient

        self._client = client
        self._async = AsyncProtocolClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def list(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        *,
        include: Sequence[str] | None = None,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Protocol]:
        """List a project's protocols: one page, without the heavy fields.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.
        include : sequence of str, optional
            Heavy fields to return too (``"protocol_config"``,
            ``"parameters_schema"``, ``"source_protocol"``, ...).
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the protocol was created or updated.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Protocol
            The page, with ``total``.
        """
        return run(
            self._async.list(
                project_id,
                limit,
                offset,
                include=include,
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
            )
        )

    def get(
        self,
        protocol_id: str,
    ) -> Protocol:
        """Get a protocol with all its fields.

        Parameters
        ----------
        protocol_id : str
            The protocol's id.

        Returns
        -------
        Protocol
            The protocol.
        """
        return run(
            self._async.get(
                protocol_id,
            )
        )

    def find_by_name(
        self,
        name: str,
        project_id: str | None = None,
    ) -> Protocol | None:
        """Return the project's protocol of this exact name, or ``None``.

        Parameters
        ----------
        name : str
            The whole name.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        Protocol or None
            The protocol (without its heavy fields).

        Raises
        ------
        ValueError
            When more than one protocol has the name (names are not unique).
        """
        return run(
            self._async.find_by_name(
                name,
                project_id,
            )
        )

    def human_readable(
        self,
        protocol_id: str,
    ) -> str:
        """Return a protocol described in words.

        Parameters
        ----------
        protocol_id : str
            The protocol's id.

        Returns
        -------
        str
            The description.
        """
        return run(
            self._async.human_readable(
                protocol_id,
            )
        )

    def source_protocol(
        self,
        protocol_id: str,
    ) -> str:
        """Return the text a protocol was created from.

        Parameters
        ----------
        protocol_id : str
            The protocol's id.

        Returns
        -------
        str
            The source text.
        """
        return run(
            self._async.source_protocol(
                protocol_id,
            )
        )

    def create(
        self,
        name: str,
        protocol: str | dict[str, Any],
        project_id: str | None = None,
        *,
        description: str | None = None,
        parameters_schema: dict[str, Any] | None = None,
        source_protocol: str | None = None,
        force_create: bool = False,
    ) -> Protocol:
        """Save a protocol in a project.

        Parameters
        ----------
        name : str
            Its name.
        protocol : str or dict
            The UCP protocol, as YAML text (kept as its source) or a mapping.
        project_id : str, optional
            The project (default: the client's).
        description : str, optional
            Free text.
        parameters_schema : dict, optional
            The JSON schema of the parameters it leaves open.
        source_protocol : str, optional
            The text it came from (default: ``protocol`` when it is text).
        force_create : bool, optional
            Save a new one even when an identical protocol exists (by default
            the API answers the existing one).

        Returns
        -------
        Protocol
            The saved protocol.
        """
        return run(
            self._async.create(
                name,
                protocol,
                project_id,
                description=description,
                parameters_schema=parameters_schema,
                source_protocol=source_protocol,
                force_create=force_create,
            )
        )

    def create_or_get(
        self,
        name: str,
        protocol: str | dict[str, Any],
        project_id: str | None = None,
        **kwargs: Any,
    ) -> Protocol:
        """Save a protocol, or get the identical one the project already has.

        Parameters
        ----------
        name : str
            Its name.
        protocol : str or dict
            The UCP protocol.
        project_id : str, optional
            The project (default: the client's).
        **kwargs
            The keywords of :meth:`create` but ``force_create``.

        Returns
        -------
        Protocol
            The new protocol, or the existing identical one.
        """
        return run(
            self._async.create_or_get(
                name,
                protocol,
                project_id,
                **kwargs,
            )
        )

    def update(
        self,
        protocol_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
    ) -> Protocol:
        """Rename a protocol or change its description (its steps are fixed).

        Parameters
        ----------
        protocol_id : str
            The protocol's id.
        name, description : str, optional
            The new values.

        Returns
        -------
        Protocol
            The updated protocol.
        """
        return run(
            self._async.update(
                protocol_id,
                name=name,
                description=description,
            )
        )

    def delete(
        self,
        protocol_id: str,
    ) -> None:
        """Delete a protocol.

        Parameters
        ----------
        protocol_id : str
            The protocol's id.
        """
        return run(
            self._async.delete(
                protocol_id,
            )
        )

    def parse_file(
        self,
        file: str | Path | IO[bytes],
    ) -> ParsedProtocol:
        """Read a cycler's protocol file (Maccor, Arbin, ...) as a UCP protocol.

        Parameters
        ----------
        file : str, Path or binary file
            The file.

        Returns
        -------
        ParsedProtocol
            The protocol (not saved), and what it still needs.
        """
        return run(
            self._async.parse_file(
                file,
            )
        )

    def validate(
        self,
        protocol: str,
    ) -> dict[str, Any]:
        """Check a UCP protocol; return the API's findings.

        Parameters
        ----------
        protocol : str
            The protocol, as YAML text.

        Returns
        -------
        dict
            Whether it is valid, and its errors and warnings.
        """
        return run(
            self._async.validate(
                protocol,
            )
        )

    def find_input_references(
        self,
        protocol: str,
    ) -> builtins.list[str]:
        """List the inputs a protocol refers to (``input.capacity``, ...).

        Parameters
        ----------
        protocol : str
            The protocol, as YAML text.

        Returns
        -------
        list of str
            The references.
        """
        return run(
            self._async.find_input_references(
                protocol,
            )
        )

    def convert(
        self,
        protocol: str | dict[str, Any],
        target: ConversionTarget,
        drive_cycles: dict[str, Any] | None = None,
        filename_stem: str = "protocol",
        nominal_capacity_ah: float | None = None,
        verify: bool = False,
    ) -> ConvertResult:
        """Convert a UCP protocol to a cycler's own protocol file.

        Parameters
        ----------
        protocol : str or dict
            The protocol.
        target : str
            ``"maccor"``, ``"arbin"``, ``"arbin_sdx"``, ``"neware"``,
            ``"biologic_bttest"`` or ``"novonix"``.
        drive_cycles : dict, optional
            The drive cycles it refers to, by name.
        filename_stem : str, optional
            The file's name without its extension. Defaults to ``"protocol"``.
        nominal_capacity_ah : float, optional
            The capacity C-rates are taken from.
        verify : bool, optional
            Read the result back and check it against the protocol.

        Returns
        -------
        ConvertResult
            The file, and the files it needs.
        """
        return run(
            self._async.convert(
                protocol,
                target,
                drive_cycles,
                filename_stem,
                nominal_capacity_ah,
                verify,
            )
        )


class OrganizationClient:
    """Client for the organisation (the public client's ``client.organization``).

    The organisation is the client's ``organization_id``, else the one the
    key was issued for (asked once, from ``/users/me``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.organization.organization import (
            AsyncOrganizationClient,
        )

        self._client = client
        self._async = AsyncOrganizationClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def usage(
        self,
    ) -> OrganizationUsage:
        """Return the organisation's usage and limits this billing period.

        Returns
        -------
        OrganizationUsage
            Simulation and compute hours used, and their limits.
        """
        return run(self._async.usage())

    def members(
        self,
    ) -> list[OrganizationMember]:
        """List the organisation's members, with their roles and projects.

        Returns
        -------
        list of OrganizationMember
            Each member.
        """
        return run(self._async.members())

    def get_member(
        self,
        email: str,
    ) -> OrganizationMember:
        """Return the member of an email address (any case).

        Parameters
        ----------
        email : str
            Their email address.

        Returns
        -------
        OrganizationMember
            The member.

        Raises
        ------
        ValueError
            When no member has the address.
        """
        return run(
            self._async.get_member(
                email,
            )
        )

    def invite(
        self,
        email: str,
        role: OrgRole = "Member",
    ) -> InviteResult:
        """Invite someone by email to the organisation (or add an existing user).

        Parameters
        ----------
        email : str
            Their email address.
        role : {"Member", "Admin"}, optional
            Their role. Defaults to ``"Member"``.

        Returns
        -------
        InviteResult
            Their user id, and whether an email was sent.
        """
        return run(
            self._async.invite(
                email,
                role,
            )
        )

    def set_role(
        self,
        user_id: str,
        role: OrgRole,
    ) -> None:
        """Change a member's role.

        Parameters
        ----------
        user_id : str
            The member's user id.
        role : {"Member", "Admin"}
            The new role.
        """
        return run(
            self._async.set_role(
                user_id,
                role,
            )
        )

    def deactivate(
        self,
        user_id: str,
    ) -> None:
        """Deactivate a member (they can no longer sign in; nothing is deleted).

        Parameters
        ----------
        user_id : str
            The member's user id.
        """
        return run(
            self._async.deactivate(
                user_id,
            )
        )

    def reactivate(
        self,
        user_id: str,
    ) -> None:
        """Reactivate a deactivated member.

        Parameters
        ----------
        user_id : str
            The member's user id.
        """
        return run(
            self._async.reactivate(
                user_id,
            )
        )

    def resend_invite(
        self,
        user_id: str,
    ) -> None:
        """Send a pending invitation's email again.

        Parameters
        ----------
        user_id : str
            The invited user's id.
        """
        return run(
            self._async.resend_invite(
                user_id,
            )
        )

    def remove(
        self,
        user_id: str,
    ) -> None:
        """Remove a member from the organisation.

        Parameters
        ----------
        user_id : str
            The member's user id.
        """
        return run(
            self._async.remove(
                user_id,
            )
        )


class SearchClient:
    """Client for search (the public client's ``client.search``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.organization.search import AsyncSearchClient

        self._client = client
        self._async = AsyncSearchClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def query(
        self,
        q: str,
        *,
        limit: int = 25,
        offset: int = 0,
        per_type: int = 5,
        entity_types: Sequence[str] | None = None,
        project_id: str | None = None,
    ) -> SearchResponse:
        """Search the names of the organisation's records.

        Parameters
        ----------
        q : str
            The text to find.
        limit, offset : int, optional
            The page (25 hits from the first by default).
        per_type : int, optional
            The most hits of one entity type. Defaults to 5.
        entity_types : sequence of str, optional
            Only these types (``"cell_specification"``, ``"protocol"``, ...);
            an empty sequence finds nothing, without a request.
        project_id : str, optional
            Only this project's records.

        Returns
        -------
        SearchResponse
            The hits (iterate it), with ``total``.
        """
        return run(
            self._async.query(
                q,
                limit=limit,
                offset=offset,
                per_type=per_type,
                entity_types=entity_types,
                project_id=project_id,
            )
        )


class UrlsClient:
    """Links to records in the web app (the public client's ``client.urls``).

    Each method takes the project last; without it the client's default
    project is used.

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.organization.urls import AsyncUrlsClient

        self._client = client
        self._async = AsyncUrlsClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def project(
        self,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a project (its studies).

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return run(
            self._async.project(
                project_id,
            )
        )

    def model(
        self,
        model_id: str,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a model.

        Parameters
        ----------
        model_id : str
            The model's id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return run(
            self._async.model(
                model_id,
                project_id,
            )
        )

    def parameterized_model(
        self,
        parameterized_model_id: str,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a parameterized model.

        Parameters
        ----------
        parameterized_model_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return run(
            self._async.parameterized_model(
                parameterized_model_id,
                project_id,
            )
        )

    def optimization(
        self,
        optimization_id: str,
        project_id: str | None = None,
    ) -> str:
        """Return the link to an optimization.

        Parameters
        ----------
        optimization_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return run(
            self._async.optimization(
                optimization_id,
                project_id,
            )
        )

    def pipeline(
        self,
        pipeline_id: str,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a pipeline.

        Parameters
        ----------
        pipeline_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return run(
            self._async.pipeline(
                pipeline_id,
                project_id,
            )
        )

    def study(
        self,
        study_id: str,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a study.

        Parameters
        ----------
        study_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return run(
            self._async.study(
                study_id,
                project_id,
            )
        )

    def simulation(
        self,
        simulation_id: str,
        parameterized_model_id: str | None = None,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a simulation (its model is asked for if not given).

        Parameters
        ----------
        simulation_id : str
            Its id.
        parameterized_model_id : str, optional
            Its parameterized model; fetched with the simulation if not given.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.

        Raises
        ------
        ValueError
            When the simulation has no parameterized model.
        """
        return run(
            self._async.simulation(
                simulation_id,
                parameterized_model_id,
                project_id,
            )
        )

    def protocol(
        self,
        protocol_id: str,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a protocol.

        Parameters
        ----------
        protocol_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return run(
            self._async.protocol(
                protocol_id,
                project_id,
            )
        )

    def material(
        self,
        material_id: str,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a material.

        Parameters
        ----------
        material_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return run(
            self._async.material(
                material_id,
                project_id,
            )
        )

    def cell_specs(
        self,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a project's cell specifications.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return run(
            self._async.cell_specs(
                project_id,
            )
        )

    def cell_instances(
        self,
        spec_id: str,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a specification's cell instances.

        Parameters
        ----------
        spec_id : str
            The specification's id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return run(
            self._async.cell_instances(
                spec_id,
                project_id,
            )
        )

    def measurement(
        self,
        measurement_id: str,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a measurement.

        Parameters
        ----------
        measurement_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return run(
            self._async.measurement(
                measurement_id,
                project_id,
            )
        )


class MaterialClient:
    """Client for materials (the public client's ``client.material``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.materials.material import AsyncMaterialClient

        self._client = client
        self._async = AsyncMaterialClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        material_id: str,
    ) -> Material:
        """Get a material by id.

        Parameters
        ----------
        material_id : str
            The material's id.

        Returns
        -------
        Material
            The material.
        """
        return run(
            self._async.get(
                material_id,
            )
        )

    def list(
        self,
        limit: int | None = None,
        offset: int | None = None,
        *,
        project_id: str | None = None,
        name: str | None = None,
        name_exact: str | None = None,
        manufacturer: str | None = None,
        product_id: str | None = None,
        created_at: str | None = None,
        created_at_gt: str | None = None,
        created_at_lt: str | None = None,
        updated_at: str | None = None,
        updated_at_gt: str | None = None,
        updated_at_lt: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Material]:
        """List a project's materials: one page.

        The filters are sent as given, in the API's own words (``name`` may
        be ``"ilike.%graphite%"``); ``name_exact`` is sent as ``eq.``.

        Parameters
        ----------
        limit, offset : int, optional
            The page.
        project_id : str, optional
            The project (default: the client's).
        name : str, optional
            The name filter, as the API reads it.
        name_exact : str, optional
            The whole name (not with ``name``).
        manufacturer, product_id : str, optional
            Filters, as the API reads them.
        created_at, created_at_gt, created_at_lt : str, optional
            Creation time filters (ISO 8601).
        updated_at, updated_at_gt, updated_at_lt : str, optional
            Update time filters (ISO 8601).
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Material
            The page, with ``total``.

        Raises
        ------
        ValueError
            When both ``name`` and ``name_exact`` are given, or no project is.
        """
        return run(
            self._async.list(
                limit,
                offset,
                project_id=project_id,
                name=name,
                name_exact=name_exact,
                manufacturer=manufacturer,
                product_id=product_id,
                created_at=created_at,
                created_at_gt=created_at_gt,
                created_at_lt=created_at_lt,
                updated_at=updated_at,
                updated_at_gt=updated_at_gt,
                updated_at_lt=updated_at_lt,
                order_by=order_by,
                order=order,
            )
        )


class StudyClient:
    """Client for studies (the public client's ``client.study``).

    Every method takes the project last; without it the client's default
    project is used.

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.modelling.study import AsyncStudyClient

        self._client = client
        self._async = AsyncStudyClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        study_id: str,
        project_id: str | None = None,
    ) -> Study:
        """Get a study by id.

        Parameters
        ----------
        study_id : str
            The study's id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        Study
            The study.
        """
        return run(
            self._async.get(
                study_id,
                project_id,
            )
        )

    def list(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Study]:
        """List a project's studies: one page.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Study
            The page, with ``total``.
        """
        return run(
            self._async.list(
                project_id,
                limit,
                offset,
                name=name,
                name_exact=name_exact,
                order_by=order_by,
                order=order,
            )
        )

    def create(
        self,
        data: dict[str, Any] | None = None,
        project_id: str | None = None,
    ) -> Study:
        """Create a study.

        Parameters
        ----------
        data : dict
            Its fields: ``name`` (required), ``description``, ...
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        Study
            The new study.

        Raises
        ------
        ValueError
            When ``data`` is not a dict with a ``name``.
        """
        return run(
            self._async.create(
                data,
                project_id,
            )
        )

    def update(
        self,
        study_id: str,
        data: dict[str, Any] | None = None,
        project_id: str | None = None,
    ) -> Study:
        """Update fields of a study.

        Parameters
        ----------
        study_id : str
            The study's id.
        data : dict
            The fields to change.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        Study
            The updated study.
        """
        return run(
            self._async.update(
                study_id,
                data,
                project_id,
            )
        )

    def delete(
        self,
        study_id: str,
        project_id: str | None = None,
    ) -> None:
        """Delete a study (its simulations and measurements are kept).

        Parameters
        ----------
        study_id : str
            The study's id.
        project_id : str, optional
            The project (default: the client's).
        """
        return run(
            self._async.delete(
                study_id,
                project_id,
            )
        )

    def assign_simulation(
        self,
        study_id: str,
        simulation_id: str,
        project_id: str | None = None,
    ) -> dict[str, Any]:
        """Add a simulation to a study.

        Parameters
        ----------
        study_id : str
            The study's id.
        simulation_id : str
            The simulation's id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        dict
            The API's answer.
        """
        return run(
            self._async.assign_simulation(
                study_id,
                simulation_id,
                project_id,
            )
        )

    def remove_simulation(
        self,
        study_id: str,
        simulation_id: str,
        project_id: str | None = None,
    ) -> None:
        """Take a simulation out of a study.

        Parameters
        ----------
        study_id : str
            The study's id.
        simulation_id : str
            The simulation's id.
        project_id : str, optional
            The project (default: the client's).
        """
        return run(
            self._async.remove_simulation(
                study_id,
                simulation_id,
                project_id,
            )
        )

    def assign_measurement(
        self,
        study_id: str,
        measurement_id: str,
        project_id: str | None = None,
    ) -> dict[str, Any]:
        """Add a measurement to a study.

        Parameters
        ----------
        study_id : str
            The study's id.
        measurement_id : str
            The measurement's id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        dict
            The API's answer.
        """
        return run(
            self._async.assign_measurement(
                study_id,
                measurement_id,
                project_id,
            )
        )

    def list_measurements(
        self,
        study_id: str,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> dict[str, Any]:
        """List a study's measurements: one page, as the API answers it.

        Parameters
        ----------
        study_id : str
            The study's id.
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.

        Returns
        -------
        dict
            The page (its ``items`` and ``total``).
        """
        return run(
            self._async.list_measurements(
                study_id,
                project_id,
                limit,
                offset,
            )
        )

    def remove_measurement(
        self,
        study_id: str,
        measurement_id: str,
        project_id: str | None = None,
    ) -> None:
        """Take a measurement out of a study.

        Parameters
        ----------
        study_id : str
            The study's id.
        measurement_id : str
            The measurement's id.
        project_id : str, optional
            The project (default: the client's).
        """
        return run(
            self._async.remove_measurement(
                study_id,
                measurement_id,
                project_id,
            )
        )


class JobClient:
    """Client for jobs (the public client's ``client.job``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.modelling.job import AsyncJobClient

        self._client = client
        self._async = AsyncJobClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def create(
        self,
        payload: JobCreationPayload,
    ) -> JobResponse:
        """Submit a job directly (deprecated: the API refuses direct submissions).

        Parameters
        ----------
        payload : JobCreationPayload or dict
            The job's type, parameters and priority.

        Returns
        -------
        JobResponse
            The job.
        """
        return run(
            self._async.create(
                payload,
            )
        )

    def get(
        self,
        job_id: str,
    ) -> JobResponse:
        """Get a job: its state, and its result once it has one.

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        JobResponse
            The job.
        """
        return run(
            self._async.get(
                job_id,
            )
        )

    def get_metadata(
        self,
        job_id: str,
    ) -> dict[str, Any]:
        """Return a job's metadata (its intermediate results, samples, ...).

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        dict
            The metadata.
        """
        return run(
            self._async.get_metadata(
                job_id,
            )
        )

    def get_plot_data(
        self,
        job_id: str,
        objective_name: str,
        plot_index: int = 0,
        max_points: int = 2000,
        x_min: float | None = None,
        x_max: float | None = None,
    ) -> dict[str, Any]:
        """Return a data fit's plot of one objective (model against data).

        Parameters
        ----------
        job_id : str
            The fit's job id.
        objective_name : str
            The objective.
        plot_index : int, optional
            Which of its plots. Defaults to 0.
        max_points : int, optional
            The most points a line has. Defaults to 2000.
        x_min, x_max : float, optional
            The window on the x axis.

        Returns
        -------
        dict
            The plot's series.
        """
        return run(
            self._async.get_plot_data(
                job_id,
                objective_name,
                plot_index,
                max_points,
                x_min,
                x_max,
            )
        )

    def get_series_channels(
        self,
        job_id: str,
    ) -> dict[str, dict[str, list[str]]]:
        """Return the series a job holds: objective, source, columns.

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        dict
            Objective to source to its column names.
        """
        return run(
            self._async.get_series_channels(
                job_id,
            )
        )

    def get_series(
        self,
        job_id: str,
        objective: str,
        source: str = "optimal",
        columns: Sequence[str] | None = None,
        x_column: str | None = None,
        max_points: int | None = None,
        x_min: float | None = None,
        x_max: float | None = None,
    ) -> dict[str, builtins.list[Any]]:
        """Return columns of one of a job's series.

        Parameters
        ----------
        job_id : str
            The job's id.
        objective : str
            The objective.
        source : str, optional
            ``"optimal"`` (the default), ``"initial"``, ``"data"``, ...
        columns : sequence of str, optional
            The columns (all by default).
        x_column : str, optional
            The column a window and a thinning follow.
        max_points : int, optional
            The most rows.
        x_min, x_max : float, optional
            The window on ``x_column``.

        Returns
        -------
        dict
            Column name to its values.
        """
        return run(
            self._async.get_series(
                job_id,
                objective,
                source,
                columns,
                x_column,
                max_points,
                x_min,
                x_max,
            )
        )

    def get_parameter_trace(
        self,
        job_id: str,
    ) -> builtins.list[dict[str, Any]]:
        """Return a fit's parameter values at each step (empty when none).

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        list of dict
            The intermediate results.
        """
        return run(
            self._async.get_parameter_trace(
                job_id,
            )
        )

    def get_posterior_samples(
        self,
        job_id: str,
    ) -> dict[str, Any]:
        """Return a Bayesian fit's samples (empty when the job has none).

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        dict
            ``samples``, ``sample_costs``, ``sample_param_names`` and
            ``sample_burnin``; empty for a job without samples or metadata.
        """
        return run(
            self._async.get_posterior_samples(
                job_id,
            )
        )

    def list(
        self,
    ) -> builtins.list[JobResponse]:
        """List your jobs.

        Returns
        -------
        list of JobResponse
            The jobs.
        """
        return run(self._async.list())

    def cancel(
        self,
        job_id: str,
    ) -> JobResponse:
        """Cancel a job.

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        JobResponse
            The job, cancelled.
        """
        return run(
            self._async.cancel(
                job_id,
            )
        )


class MaterialPropertyDatasetClient:
    """Client for material property datasets (``client.material_property_dataset``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.materials.datasets import (
            AsyncMaterialPropertyDatasetClient,
        )

        self._client = client
        self._async = AsyncMaterialPropertyDatasetClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def list(
        self,
        material_id: str,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> PaginatedList[MaterialPropertyDataset]:
        """List a material's datasets: one page.

        Parameters
        ----------
        material_id : str
            The material.
        project_id : str, optional
            Only this project's datasets.
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of MaterialPropertyDataset
            The page, with ``total``.
        """
        return run(
            self._async.list(
                material_id,
                project_id,
                limit,
                offset,
            )
        )

    def get(
        self,
        dataset_id: str,
    ) -> MaterialPropertyDataset:
        """Get a dataset's record (its columns and their units).

        Parameters
        ----------
        dataset_id : str
            The dataset's id.

        Returns
        -------
        MaterialPropertyDataset
            The record.
        """
        return run(
            self._async.get(
                dataset_id,
            )
        )

    def get_units(
        self,
        dataset_id: str,
    ) -> dict[str, str]:
        """Return each column's unit, by column name.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.

        Returns
        -------
        dict of str to str
            Column name to unit.
        """
        return run(
            self._async.get_units(
                dataset_id,
            )
        )

    def get_data(
        self,
        dataset_id: str,
    ) -> Any:
        """Return a dataset's table, as a frame of the client's backend.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.

        Returns
        -------
        Frame
            The table.
        """
        return run(
            self._async.get_data(
                dataset_id,
            )
        )

    def create(
        self,
        material_id: str,
        name: str,
        data: Any,
        *,
        columns: Sequence[ColumnSpec | dict[str, Any]] | None = None,
        project_id: str | None = None,
    ) -> MaterialPropertyDataset:
        """Upload a table of a material's properties as a new dataset.

        Parameters
        ----------
        material_id : str
            The material.
        name : str
            The dataset's name.
        data : DataFrame or dict
            The table (polars, pandas, pyarrow, or a dict of columns).
        columns : sequence of ColumnSpec or dict, optional
            The columns' names, units and positions; by default read from
            the column names (``"Conductivity [S/m]"``: unit ``S/m``).
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        MaterialPropertyDataset
            The new dataset.
        """
        return run(
            self._async.create(
                material_id,
                name,
                data,
                columns=columns,
                project_id=project_id,
            )
        )

    def update(
        self,
        dataset_id: str,
        *,
        name: str | None = None,
        columns: Sequence[ColumnSpec | dict[str, Any]] | None = None,
    ) -> MaterialPropertyDataset:
        """Rename a dataset or change its column specs.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.
        name : str, optional
            The new name.
        columns : sequence of ColumnSpec or dict, optional
            The new column specs.

        Returns
        -------
        MaterialPropertyDataset
            The updated record.
        """
        return run(
            self._async.update(
                dataset_id,
                name=name,
                columns=columns,
            )
        )

    def replace_file(
        self,
        dataset_id: str,
        data: Any,
        *,
        name: str | None = None,
        columns: Sequence[ColumnSpec | dict[str, Any]] | None = None,
    ) -> MaterialPropertyDataset:
        """Replace a dataset's table (its column layout kept, or given anew).

        Parameters
        ----------
        dataset_id : str
            The dataset's id.
        data : DataFrame or dict
            The new table.
        name : str, optional
            A new name.
        columns : sequence of ColumnSpec or dict, optional
            New column specs; without them the new table must have the
            stored columns at their positions.

        Returns
        -------
        MaterialPropertyDataset
            The updated record.

        Raises
        ------
        ValueError
            When the new table's layout differs from the stored specs and no
            ``columns`` are given (it would mislabel the data).
        """
        return run(
            self._async.replace_file(
                dataset_id,
                data,
                name=name,
                columns=columns,
            )
        )

    def get_download_url(
        self,
        dataset_id: str,
        kind: str = "parquet",
    ) -> str:
        """Return a signed URL of the dataset's file.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.
        kind : str, optional
            ``"parquet"`` (the default) or ``"original"``.

        Returns
        -------
        str
            The URL.
        """
        return run(
            self._async.get_download_url(
                dataset_id,
                kind,
            )
        )

    def delete(
        self,
        dataset_id: str,
    ) -> None:
        """Delete a dataset.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.
        """
        return run(
            self._async.delete(
                dataset_id,
            )
        )

    def to_prior(
        self,
        dataset_id: str,
        column: str,
        parameter_name: str,
        *,
        std: float | None = None,
        rel_std: float | None = None,
        distribution: str = "normal",
        regularizer_weight: float | None = None,
        row: int | None = None,
    ) -> Any:
        """Make a fit's prior of a parameter from a scalar of a dataset.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.
        column : str
            The column holding the value.
        parameter_name : str
            The model parameter the prior is for.
        std, rel_std : float, optional
            The spread: absolute, or relative to the value (exactly one).
        distribution : {"normal", "lognormal"}, optional
            The prior's distribution. Defaults to ``"normal"``.
        regularizer_weight : float, optional
            The prior's weight in the fit.
        row : int, optional
            Which row, when the column has more than one.

        Returns
        -------
        ionworks_schema.priors.Prior
            The prior (``pip install ionworks-schema``).
        """
        return run(
            self._async.to_prior(
                dataset_id,
                column,
                parameter_name,
                std=std,
                rel_std=rel_std,
                distribution=distribution,
                regularizer_weight=regularizer_weight,
                row=row,
            )
        )


class AnalysisClient:
    """Client for analyses (the public client's ``client.analysis``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.modelling.analyses import AsyncAnalysisClient

        self._client = client
        self._async = AsyncAnalysisClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def create(
        self,
        measurement_id: str,
        name: str,
        analysis_type: str,
        data: Any,
        *,
        columns: builtins.list[dict[str, Any]] | None = None,
        plots: builtins.list[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
        notes: str | None = None,
    ) -> Analysis:
        """Attach an analysis (a table and metadata) to a measurement.

        Parameters
        ----------
        measurement_id : str
            The measurement analysed.
        name : str
            The analysis' name.
        analysis_type : str
            What it is (:class:`AnalysisType` names the well-known ones).
        data : DataFrame or dict
            Its table.
        columns : list of dict, optional
            Its columns' names, units and types.
        plots : list of dict, optional
            Plot presets over its columns.
        metadata : dict, optional
            Loose metadata.
        notes : str, optional
            Free text.

        Returns
        -------
        Analysis
            The new analysis.
        """
        return run(
            self._async.create(
                measurement_id,
                name,
                analysis_type,
                data,
                columns=columns,
                plots=plots,
                metadata=metadata,
                notes=notes,
            )
        )

    def get(
        self,
        analysis_id: str,
    ) -> Analysis:
        """Get an analysis' record.

        Parameters
        ----------
        analysis_id : str
            The analysis' id.

        Returns
        -------
        Analysis
            The record.
        """
        return run(
            self._async.get(
                analysis_id,
            )
        )

    def list(
        self,
        measurement_id: str | None = None,
        *,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> PaginatedList[Analysis]:
        """List the analyses of a measurement, or of a project: one page.

        Parameters
        ----------
        measurement_id : str, optional
            The measurement (exactly one of it and ``project_id``).
        project_id : str, optional
            The project.
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of Analysis
            The page, with ``total``.

        Raises
        ------
        ValueError
            When not exactly one of ``measurement_id`` and ``project_id`` is given.
        """
        return run(
            self._async.list(
                measurement_id,
                project_id=project_id,
                limit=limit,
                offset=offset,
            )
        )

    def find_one(
        self,
        measurement_id: str,
        *,
        analysis_id: str | None = None,
        analysis_type: str | None = None,
        name: str | None = None,
    ) -> Analysis:
        """Return the one analysis of a measurement that matches every given field.

        Parameters
        ----------
        measurement_id : str
            The measurement.
        analysis_id, analysis_type, name : str, optional
            What it must match (at least one).

        Returns
        -------
        Analysis
            The analysis.

        Raises
        ------
        ValueError
            When nothing to match is given.
        IonworksError
            When none matches, more than one does, or ``analysis_id`` names an
            analysis of another measurement.
        """
        return run(
            self._async.find_one(
                measurement_id,
                analysis_id=analysis_id,
                analysis_type=analysis_type,
                name=name,
            )
        )

    def update(
        self,
        analysis_id: str,
        data: dict[str, Any],
    ) -> Analysis:
        """Update fields of an analysis (its name, metadata, notes, ...).

        Parameters
        ----------
        analysis_id : str
            The analysis' id.
        data : dict
            The fields to change.

        Returns
        -------
        Analysis
            The updated record.
        """
        return run(
            self._async.update(
                analysis_id,
                data,
            )
        )

    def delete(
        self,
        analysis_id: str,
    ) -> None:
        """Delete an analysis.

        Parameters
        ----------
        analysis_id : str
            The analysis' id.
        """
        return run(
            self._async.delete(
                analysis_id,
            )
        )

    def get_download_url(
        self,
        analysis_id: str,
    ) -> str:
        """Return a signed URL of the analysis' table (parquet).

        Parameters
        ----------
        analysis_id : str
            The analysis' id.

        Returns
        -------
        str
            The URL.
        """
        return run(
            self._async.get_download_url(
                analysis_id,
            )
        )

    def get_data(
        self,
        analysis_id: str,
    ) -> Any:
        """Return the analysis' table, as a frame of the client's backend.

        Parameters
        ----------
        analysis_id : str
            The analysis' id.

        Returns
        -------
        Frame
            The table.
        """
        return run(
            self._async.get_data(
                analysis_id,
            )
        )


class ModelClient:
    """Client for models (the public client's ``client.model``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.modelling.models import AsyncModelClient

        self._client = client
        self._async = AsyncModelClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        model_id: str,
    ) -> Model:
        """Get a model (its config and simulation settings).

        Parameters
        ----------
        model_id : str
            The model's id.

        Returns
        -------
        Model
            The model.
        """
        return run(
            self._async.get(
                model_id,
            )
        )

    def get_simulation_settings(
        self,
        model_id: str,
    ) -> dict[str, Any]:
        """Return a model's simulation settings (empty: the defaults).

        Parameters
        ----------
        model_id : str
            The model's id.

        Returns
        -------
        dict
            Its mesh and solver settings.
        """
        return run(
            self._async.get_simulation_settings(
                model_id,
            )
        )

    def list(
        self,
        limit: int | None = None,
        offset: int | None = None,
        *,
        project_id: str | None = None,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Model]:
        """List a project's models: one page.

        Parameters
        ----------
        limit, offset : int, optional
            The page.
        project_id : str, optional
            The project (default: the client's).
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the model was created or updated.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Model
            The page, with ``total``.
        """
        return run(
            self._async.list(
                limit,
                offset,
                project_id=project_id,
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
            )
        )

    def create(
        self,
        data: dict[str, Any] | None = None,
    ) -> Model:
        """Create a model of a project from a built-in PyBaMM model's config.

        Parameters
        ----------
        data : dict
            Its fields: ``name``, ``config`` (``{"type": "SPMe", "options":
            {...}}``, or a PyBaMM model of :mod:`pybamm.lithium_ion`),
            ``simulation_settings``, ``project_id`` (default: the client's).

        Returns
        -------
        Model
            The new model.
        """
        return run(
            self._async.create(
                data,
            )
        )

    def upload_custom(
        self,
        model: Any,
        *,
        name: str,
        chemistry: ModelChemistry = "lithium_ion",
        description: str | None = None,
        project_id: str | None = None,
    ) -> Model:
        """Upload a custom PyBaMM model (an object, or its serialised JSON file).

        Parameters
        ----------
        model : pybamm.BaseModel, str, PathLike or binary file
            The model, or PyBaMM's JSON of it.
        name : str
            The model's name.
        chemistry : str, optional
            ``"lithium_ion"`` (the default), ``"lithium_sulfur"``, ``"ecm"`` or
            ``"generic"``.
        description : str, optional
            Free text.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        Model
            The new model.
        """
        return run(
            self._async.upload_custom(
                model,
                name=name,
                chemistry=chemistry,
                description=description,
                project_id=project_id,
            )
        )

    def create_from_zoo(
        self,
        name: str,
        *,
        cell_spec_id: str | None = None,
        options: dict[str, Any] | None = None,
        model_kwargs: dict[str, Any] | None = None,
        parameter_values: Any = None,
        model_name: str | None = None,
        parameterized_model_name: str | None = None,
        description: str | None = None,
        chemistry: ModelChemistry = "lithium_ion",
        project_id: str | None = None,
    ) -> ZooImport:
        """Import a model of the PyBaMM model zoo, with its parameter values.

        Parameters
        ----------
        name : str
            The zoo's name of the model.
        cell_spec_id : str, optional
            The specification the parameterized model is of.
        options, model_kwargs : dict, optional
            The model's options and other arguments.
        parameter_values : dict, ParameterValues or str, optional
            Its parameters (default: the model's own).
        model_name, parameterized_model_name : str, optional
            The names given (default: the zoo's name).
        description : str, optional
            Free text (default: the zoo's summary).
        chemistry : str, optional
            The model's chemistry. Defaults to ``"lithium_ion"``.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        ZooImport
            The model and its parameterized model.
        """
        return run(
            self._async.create_from_zoo(
                name,
                cell_spec_id=cell_spec_id,
                options=options,
                model_kwargs=model_kwargs,
                parameter_values=parameter_values,
                model_name=model_name,
                parameterized_model_name=parameterized_model_name,
                description=description,
                chemistry=chemistry,
                project_id=project_id,
            )
        )

    def serialize(
        self,
        name: str,
        *,
        options: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Return one of Ionworks' models, serialised as PyBaMM's JSON.

        Parameters
        ----------
        name : str
            The model's name.
        options : dict, optional
            Its options.

        Returns
        -------
        dict
            The serialised model.
        """
        return run(
            self._async.serialize(
                name,
                options=options,
            )
        )

    def download(
        self,
        name: str,
        *,
        options: dict[str, Any] | None = None,
        path: PathInput | None = None,
    ) -> Any:
        """Return one of Ionworks' models as a PyBaMM model (and save its JSON).

        Parameters
        ----------
        name : str
            The model's name.
        options : dict, optional
            Its options.
        path : str or PathLike, optional
            Where to write its JSON too.

        Returns
        -------
        pybamm.BaseModel
            The model (``pip install pybamm``).
        """
        return run(
            self._async.download(
                name,
                options=options,
                path=path,
            )
        )

    def update(
        self,
        model_id: str,
        data: dict[str, Any] | None = None,
    ) -> Model:
        """Update fields of a model.

        Parameters
        ----------
        model_id : str
            The model's id.
        data : dict
            The fields to change.

        Returns
        -------
        Model
            The updated model.
        """
        return run(
            self._async.update(
                model_id,
                data,
            )
        )

    def delete(
        self,
        model_id: str,
    ) -> None:
        """Delete a model.

        Parameters
        ----------
        model_id : str
            The model's id.
        """
        return run(
            self._async.delete(
                model_id,
            )
        )

    def add_custom_variable(
        self,
        model_id: str,
        data: dict[str, Any] | None = None,
    ) -> Model:
        """Add a variable (an expression of the model's) to a model's outputs.

        Parameters
        ----------
        model_id : str
            The model's id.
        data : dict
            The variable: its ``name`` and ``expression``.

        Returns
        -------
        Model
            The updated model.
        """
        return run(
            self._async.add_custom_variable(
                model_id,
                data,
            )
        )


class ParameterizedModelClient:
    """Client for parameterized models (``client.parameterized_model``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.modelling.parameterized import (
            AsyncParameterizedModelClient,
        )

        self._client = client
        self._async = AsyncParameterizedModelClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def get(
        self,
        parameterized_model_id: str,
    ) -> ParameterizedModel:
        """Get a parameterized model.

        Parameters
        ----------
        parameterized_model_id : str
            Its id.

        Returns
        -------
        ParameterizedModel
            The record.
        """
        return run(
            self._async.get(
                parameterized_model_id,
            )
        )

    def list_by_cell_specification(
        self,
        cell_spec_id: str,
        limit: int | None = None,
        offset: int | None = None,
    ) -> PaginatedList[ParameterizedModel]:
        """List a cell specification's parameterized models: one page.

        Parameters
        ----------
        cell_spec_id : str
            The specification.
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of ParameterizedModel
            The page, with ``total``.
        """
        return run(
            self._async.list_by_cell_specification(
                cell_spec_id,
                limit,
                offset,
            )
        )

    def list_by_project(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        *,
        cell_spec_id: str | None = None,
        summary: bool = False,
    ) -> PaginatedList[ParameterizedModel]:
        """List a project's parameterized models: one page.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.
        cell_spec_id : str, optional
            Only those of this specification.
        summary : bool, optional
            Leave the parameter values out (lighter).

        Returns
        -------
        PaginatedList of ParameterizedModel
            The page, with ``total``.
        """
        return run(
            self._async.list_by_project(
                project_id,
                limit,
                offset,
                cell_spec_id=cell_spec_id,
                summary=summary,
            )
        )

    def create(
        self,
        cell_spec_id: str | None,
        data: dict[str, Any],
    ) -> ParameterizedModel:
        """Create a parameterized model of a cell specification, or of a project.

        Parameters
        ----------
        cell_spec_id : str or None
            The specification; ``None`` files it in the body's ``project_id``
            (default: the client's project).
        data : dict
            Its fields: ``name``, ``model_id``, ``parameters`` (a dict, a PyBaMM
            ``ParameterValues`` or a parameter set's name), ...

        Returns
        -------
        ParameterizedModel
            The new record.
        """
        return run(
            self._async.create(
                cell_spec_id,
                data,
            )
        )

    def create_or_get(
        self,
        cell_spec_id: str,
        data: dict[str, Any],
    ) -> ParameterizedModel:
        """Create a parameterized model, or get the specification's one of that name.

        Parameters
        ----------
        cell_spec_id : str
            The specification.
        data : dict
            Its fields, as :meth:`create` takes them.

        Returns
        -------
        ParameterizedModel
            The new record, or the existing one.

        Raises
        ------
        IonworksError
            When the API reports a conflict but none of the name is found.
        """
        return run(
            self._async.create_or_get(
                cell_spec_id,
                data,
            )
        )

    def update(
        self,
        cell_spec_id: str | None,
        parameterized_model_id: str,
        data: dict[str, Any],
    ) -> ParameterizedModel:
        """Update fields of a parameterized model.

        Parameters
        ----------
        cell_spec_id : str or None
            Its specification (``None``: one of a project).
        parameterized_model_id : str
            Its id.
        data : dict
            The fields to change.

        Returns
        -------
        ParameterizedModel
            The updated record.
        """
        return run(
            self._async.update(
                cell_spec_id,
                parameterized_model_id,
                data,
            )
        )

    def delete(
        self,
        cell_spec_id: str | None,
        parameterized_model_id: str,
    ) -> None:
        """Delete a parameterized model.

        Parameters
        ----------
        cell_spec_id : str or None
            Its specification (``None``: one of a project).
        parameterized_model_id : str
            Its id.
        """
        return run(
            self._async.delete(
                cell_spec_id,
                parameterized_model_id,
            )
        )

    def get_parameter_values(
        self,
        parameterized_model_id: str,
    ) -> dict[str, Any]:
        """Return a parameterized model's parameter values.

        Parameters
        ----------
        parameterized_model_id : str
            Its id.

        Returns
        -------
        dict
            Parameter name to value.
        """
        return run(
            self._async.get_parameter_values(
                parameterized_model_id,
            )
        )

    def get_variable_names(
        self,
        parameterized_model_id: str,
    ) -> builtins.list[str]:
        """Return the names of the variables a simulation of the model can output.

        Parameters
        ----------
        parameterized_model_id : str
            Its id.

        Returns
        -------
        list of str
            The variables' names.
        """
        return run(
            self._async.get_variable_names(
                parameterized_model_id,
            )
        )


class OptimizationClient:
    """Client for optimizations (the public client's ``client.optimization``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.modelling.optimization import (
            AsyncOptimizationClient,
        )

        self._client = client
        self._async = AsyncOptimizationClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def run(
        self,
        data: dict[str, Any],
    ) -> Optimization:
        """Submit an optimization.

        Parameters
        ----------
        data : dict
            Its configuration; ``project_id`` defaults to the client's.

        Returns
        -------
        Optimization
            The submitted optimization (its ``job_id``).
        """
        return run(
            self._async.run(
                data,
            )
        )

    def get(
        self,
        optimization_id: str,
    ) -> dict[str, Any]:
        """Return an optimization: its status and, once done, its result.

        Parameters
        ----------
        optimization_id : str
            Its id.

        Returns
        -------
        dict
            The API's record.
        """
        return run(
            self._async.get(
                optimization_id,
            )
        )

    def list(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> dict[str, Any]:
        """List optimizations (a project's, or all yours): one page.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's, else every one).
        limit, offset : int, optional
            The page.

        Returns
        -------
        dict
            The page, as the API answers it.
        """
        return run(
            self._async.list(
                project_id,
                limit,
                offset,
            )
        )

    def update(
        self,
        optimization_id: str,
        data: dict[str, Any],
    ) -> Optimization:
        """Update fields of an optimization (its name, ...).

        Parameters
        ----------
        optimization_id : str
            Its id.
        data : dict
            The fields to change.

        Returns
        -------
        Optimization
            The updated record.
        """
        return run(
            self._async.update(
                optimization_id,
                data,
            )
        )

    def cancel(
        self,
        optimization_id: str,
    ) -> dict[str, Any]:
        """Cancel an optimization.

        Parameters
        ----------
        optimization_id : str
            Its id.

        Returns
        -------
        dict
            The API's answer.
        """
        return run(
            self._async.cancel(
                optimization_id,
            )
        )

    def wait_for_completion(
        self,
        optimization_id: str,
        timeout: int = 600,
        poll_interval: int = 3,
        verbose: bool = True,
        raise_on_failure: bool = True,
    ) -> dict[str, Any]:
        """Wait until an optimization succeeds, fails or is cancelled.

        Polls under the deadline, waiting longer between polls (from
        ``poll_interval`` up to four times it); cancelling the call stops it.

        Parameters
        ----------
        optimization_id : str
            Its id.
        timeout : float, optional
            Seconds to wait in all. Defaults to 600.
        poll_interval : float, optional
            Seconds before the second poll. Defaults to 3.
        verbose : bool, optional
            Log each status (``logging``, at INFO).
        raise_on_failure : bool, optional
            Raise when it ends other than ``"succeeded"``. Defaults to True.

        Returns
        -------
        dict
            The finished optimization.

        Raises
        ------
        IonworksError
            When it failed or was cancelled (``error_code`` ``JOB_FAILED``).
        TimeoutError
            When it has not ended by the deadline.
        """
        return run(
            self._async.wait_for_completion(
                optimization_id,
                timeout,
                poll_interval,
                verbose,
                raise_on_failure,
            )
        )


class SimulationClient:
    """Client for simulations (the public client's ``client.simulation``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.modelling.simulation import AsyncSimulationClient

        self._client = client
        self._async = AsyncSimulationClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def protocol(
        self,
        config: dict[str, Any],
    ) -> SimulationResponse:
        """Run one simulation of a protocol.

        Parameters
        ----------
        config : dict
            As :meth:`protocol_batch` takes it, without ``conditions``; its
            ``design_parameters`` (a dict of values) set the one run's model
            parameters.

        Returns
        -------
        SimulationResponse
            The simulation's and its job's ids.

        Raises
        ------
        ValueError
            For a config of more than one run, or one that is not valid.
        """
        return run(
            self._async.protocol(
                config,
            )
        )

    def protocol_batch(
        self,
        config: dict[str, Any],
    ) -> builtins.list[SimulationResponse]:
        """Run simulations of a protocol: a design of experiments, or listed runs.

        Parameters
        ----------
        config : dict
            ``parameterized_model`` (an id, ``{"model_id", "parameters"}``, or a
            quick model ``{"capacity", "chemistry"}``); exactly one of
            ``protocol_experiment`` (``{"protocol": UCP YAML, "name"}``) and
            ``protocol_id``; optionally ``design_parameters_doe`` or
            ``conditions``, ``experiment_parameters``, ``max_backward_jumps``,
            ``study_id``, ``project_id``, ``extra_variables``.

        Returns
        -------
        list of SimulationResponse
            One a simulation.

        Raises
        ------
        ValueError
            For a config that is not valid (naming each problem).
        """
        return run(
            self._async.protocol_batch(
                config,
            )
        )

    def list(
        self,
        parameterized_model_id: str | None = None,
        study_id: str | None = None,
        *,
        protocol_id: str | None = None,
        state: SimulationState | None = None,
        summary: bool = False,
        limit: int | None = None,
        offset: int | None = None,
    ) -> builtins.list[dict[str, Any]] | PaginatedList[dict[str, Any]]:
        """List the simulations of a parameterized model, a study or a protocol.

        Parameters
        ----------
        parameterized_model_id, study_id : str, optional
            At most one of them.
        protocol_id : str, optional
            A saved protocol (with either, or alone).
        state : str, optional
            ``"queued"``, ``"running"``, ``"completed"`` or ``"failed"``.
        summary : bool, optional
            Leave the heavy fields out.
        limit, offset : int, optional
            The page: with either, a page (with ``total``); without, a list.

        Returns
        -------
        list of dict, or PaginatedList of dict
            The simulations.

        Raises
        ------
        ValueError
            When neither (or both) of the model and the study is given, and no
            protocol.
        """
        return run(
            self._async.list(
                parameterized_model_id,
                study_id,
                protocol_id=protocol_id,
                state=state,
                summary=summary,
                limit=limit,
                offset=offset,
            )
        )

    def get(
        self,
        simulation_id: str,
    ) -> dict[str, Any]:
        """Return a simulation, with its model, protocol and (once done) data.

        Parameters
        ----------
        simulation_id : str
            Its id.

        Returns
        -------
        dict
            The simulation.
        """
        return run(
            self._async.get(
                simulation_id,
            )
        )

    def delete(
        self,
        simulation_id: str,
    ) -> None:
        """Delete a simulation.

        Parameters
        ----------
        simulation_id : str
            Its id.
        """
        return run(
            self._async.delete(
                simulation_id,
            )
        )

    def get_statuses(
        self,
        simulation_ids: builtins.list[str],
    ) -> builtins.list[dict[str, Any]]:
        """Return the statuses of many simulations (1,000 a request, sent at once).

        Parameters
        ----------
        simulation_ids : list of str
            Their ids.

        Returns
        -------
        list of dict
            One status a simulation, in order.
        """
        return run(
            self._async.get_statuses(
                simulation_ids,
            )
        )

    def get_result(
        self,
        simulation_id: str,
    ) -> SimulationResult:
        """Return a finished simulation's time series, steps and metrics.

        Parameters
        ----------
        simulation_id : str
            Its id.

        Returns
        -------
        SimulationResult
            Frames of the client's backend (with the capacity columns the
            public client derives) and the metrics.
        """
        return run(
            self._async.get_result(
                simulation_id,
            )
        )

    def wait_for_completion(
        self,
        simulation_id: str | builtins.list[str],
        timeout: int = 60,
        poll_interval: int = 2,
        verbose: bool = True,
        raise_on_failure: bool = True,
    ) -> dict[str, Any] | builtins.list[dict[str, Any]]:
        """Wait until simulations complete (or their jobs fail).

        Parameters
        ----------
        simulation_id : str or list of str
            One simulation, or many.
        timeout : float, optional
            Seconds to wait in all. Defaults to 60.
        poll_interval : float, optional
            Seconds before the second poll (later waits grow). Defaults to 2.
        verbose : bool, optional
            Print the progress, as the public client does. Defaults to True.
        raise_on_failure : bool, optional
            Raise when one failed. Defaults to True.

        Returns
        -------
        dict or list of dict
            The completed simulation, or those of the list that completed.

        Raises
        ------
        IonworksError
            When one failed (with ``raise_on_failure``).
        TimeoutError
            When none (or the one) ended by the deadline.
        """
        return run(
            self._async.wait_for_completion(
                simulation_id,
                timeout,
                poll_interval,
                verbose,
                raise_on_failure,
            )
        )


class ModelBuilderClient:
    """Client for model builders (the public client's ``client.model_builder``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.modelling.builders import AsyncModelBuilderClient

        self._client = client
        self._async = AsyncModelBuilderClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def list(
        self,
        model_id: str | None = None,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> PaginatedList[ModelBuilder]:
        """List a project's model builders (of one model): one page.

        Parameters
        ----------
        model_id : str, optional
            Only this model's builders.
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of ModelBuilder
            The page, with ``total``.
        """
        return run(
            self._async.list(
                model_id,
                project_id,
                limit,
                offset,
            )
        )

    def get(
        self,
        model_builder_id: str,
    ) -> ModelBuilder:
        """Get a model builder.

        Parameters
        ----------
        model_builder_id : str
            Its id.

        Returns
        -------
        ModelBuilder
            The builder.
        """
        return run(
            self._async.get(
                model_builder_id,
            )
        )

    def create(
        self,
        model_id: str,
        name: str,
        config: Any,
        description: str | None = None,
        project_id: str | None = None,
    ) -> ModelBuilder:
        """Create a model builder for a model.

        Parameters
        ----------
        model_id : str
            The model it builds parameters for.
        name : str
            Its name.
        config : ionworks_schema.Pipeline or dict
            The recipe.
        description : str, optional
            Free text.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        ModelBuilder
            The new builder.
        """
        return run(
            self._async.create(
                model_id,
                name,
                config,
                description,
                project_id,
            )
        )

    def update(
        self,
        model_builder_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        config: Any = None,
    ) -> ModelBuilder:
        """Change a model builder's name, description or recipe.

        Parameters
        ----------
        model_builder_id : str
            Its id.
        name, description : str, optional
            New values.
        config : ionworks_schema.Pipeline or dict, optional
            A new recipe.

        Returns
        -------
        ModelBuilder
            The updated builder.
        """
        return run(
            self._async.update(
                model_builder_id,
                name=name,
                description=description,
                config=config,
            )
        )

    def delete(
        self,
        model_builder_id: str,
    ) -> None:
        """Delete a model builder.

        Parameters
        ----------
        model_builder_id : str
            Its id.
        """
        return run(
            self._async.delete(
                model_builder_id,
            )
        )

    def check(
        self,
        model_builder_id: str,
        cell_spec_id: str,
    ) -> ReadinessReport:
        """Report whether a builder can build for a cell specification.

        Parameters
        ----------
        model_builder_id : str
            The builder.
        cell_spec_id : str
            The specification.

        Returns
        -------
        ReadinessReport
            Ready or not, and why.
        """
        return run(
            self._async.check(
                model_builder_id,
                cell_spec_id,
            )
        )

    def build(
        self,
        model_builder_id: str,
        cell_spec_id: str,
        *,
        save: bool = False,
        name: str | None = None,
        description: str | None = None,
        set_as_default: bool = False,
    ) -> BuildResult:
        """Build a cell specification's parameter values (and save them).

        Parameters
        ----------
        model_builder_id : str
            The builder.
        cell_spec_id : str
            The specification.
        save : bool, optional
            Save a parameterized model of them.
        name, description : str, optional
            The saved model's name and description.
        set_as_default : bool, optional
            Make it the specification's default.

        Returns
        -------
        BuildResult
            The parameter values, what is missing, and the saved model's id.
        """
        return run(
            self._async.build(
                model_builder_id,
                cell_spec_id,
                save=save,
                name=name,
                description=description,
                set_as_default=set_as_default,
            )
        )

    def dry_run(
        self,
        model_id: str,
        config: Any,
        cell_spec_id: str,
    ) -> dict[str, Any]:
        """Try a recipe on a cell specification without saving a builder.

        Parameters
        ----------
        model_id : str
            The model.
        config : ionworks_schema.Pipeline or dict
            The recipe.
        cell_spec_id : str
            The specification.

        Returns
        -------
        dict
            What the build would give.
        """
        return run(
            self._async.dry_run(
                model_id,
                config,
                cell_spec_id,
            )
        )

    def preview_mapping(
        self,
        cell_spec_id: str,
        mapping: dict[str, str],
    ) -> dict[str, dict[str, Any]]:
        """Preview which values a mapping of parameters to a cell's fields reads.

        Parameters
        ----------
        cell_spec_id : str
            The specification.
        mapping : dict of str to str
            Parameter name to the specification's field path.

        Returns
        -------
        dict
            Each parameter's value and where it came from.
        """
        return run(
            self._async.preview_mapping(
                cell_spec_id,
                mapping,
            )
        )

    def calculations_producing(
        self,
        parameter: str,
    ) -> builtins.list[dict[str, Any]]:
        """List the calculations that produce a parameter.

        Parameters
        ----------
        parameter : str
            The parameter's name.

        Returns
        -------
        list of dict
            The calculations.
        """
        return run(
            self._async.calculations_producing(
                parameter,
            )
        )

    def resolved_cell_spec(
        self,
        cell_spec_id: str,
    ) -> dict[str, Any]:
        """Return a cell specification with its materials' values resolved.

        Parameters
        ----------
        cell_spec_id : str
            The specification.

        Returns
        -------
        dict
            The resolved specification.
        """
        return run(
            self._async.resolved_cell_spec(
                cell_spec_id,
            )
        )

    def readiness(
        self,
        cell_spec_id: str,
        model_id: str | None = None,
    ) -> builtins.list[BuilderReadiness]:
        """Report each builder's readiness for a cell specification.

        Parameters
        ----------
        cell_spec_id : str
            The specification.
        model_id : str, optional
            Only the builders of this model.

        Returns
        -------
        list of BuilderReadiness
            One a builder.
        """
        return run(
            self._async.readiness(
                cell_spec_id,
                model_id,
            )
        )


class ECMClient:
    """Client for ECM fitting (the public client's ``client.ecm``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.modelling.ecm import AsyncECMClient

        self._client = client
        self._async = AsyncECMClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def list_examples(
        self,
    ) -> builtins.list[dict[str, Any]]:
        """List the example datasets a fit can be tried on.

        Returns
        -------
        list of dict
            The examples.
        """
        return run(self._async.list_examples())

    def get_example_data(
        self,
        example_id: str,
    ) -> dict[str, Any]:
        """Return an example's data.

        Parameters
        ----------
        example_id : str
            The example.

        Returns
        -------
        dict
            Its columns.
        """
        return run(
            self._async.get_example_data(
                example_id,
            )
        )

    def fit_from_example(
        self,
        example_id: str,
        num_rcs: int = 2,
        fit_ocv: bool = True,
        initial_soc: float | None = None,
        capacity: float | None = None,
    ) -> FitResults:
        """Fit an ECM to an example dataset (at once: no job to wait for).

        Parameters
        ----------
        example_id : str
            The example.
        num_rcs : int, optional
            RC pairs (0 to 5). Defaults to 2.
        fit_ocv : bool, optional
            Fit the OCV curve too. Defaults to True.
        initial_soc : float, optional
            The state of charge at the start (0 to 1).
        capacity : float, optional
            The cell's capacity (A.h).

        Returns
        -------
        FitResults
            The fit.
        """
        return run(
            self._async.fit_from_example(
                example_id,
                num_rcs,
                fit_ocv,
                initial_soc,
                capacity,
            )
        )

    def fit_from_measurements(
        self,
        config: dict[str, Any],
    ) -> EcmFitJob:
        """Start an ECM fit of measurements, fitted jointly (a background job).

        Parameters
        ----------
        config : dict
            ``measurements`` (each ``{"id", "start_step", "end_step",
            "initial_soc", "capacity"}``) and ``ecm_options`` (``num_rcs``,
            ``fit_ocv``, ``capacity``, ``ocv_soc_curve``, ``bounds_capacity``,
            ``num_knots``, ``knot_schedule``, ``regularization``, ...).

        Returns
        -------
        EcmFitJob
            The job (:meth:`wait_for_completion` waits for its result).

        Raises
        ------
        ValueError
            For a config that is not valid, naming each problem.
        """
        return run(
            self._async.fit_from_measurements(
                config,
            )
        )

    def fit_from_file(
        self,
        file: str | Path | IO[bytes],
        num_rcs: int = 2,
        fit_ocv: bool = True,
        initial_soc: float | None = None,
        capacity: float | None = None,
        regularization: float = 0.0,
        filename: str | None = None,
    ) -> EcmFitJob:
        """Start an ECM fit of a data file (a background job).

        Parameters
        ----------
        file : str, Path or binary file
            The data (a cycler's export, a CSV).
        num_rcs : int, optional
            RC pairs. Defaults to 2.
        fit_ocv : bool, optional
            Fit the OCV curve too. Defaults to True.
        initial_soc : float, optional
            The state of charge at the start.
        capacity : float, optional
            The cell's capacity (A.h).
        regularization : float, optional
            The smoothness prior's strength (0: none).
        filename : str, optional
            The name sent (default: the file's).

        Returns
        -------
        EcmFitJob
            The job.
        """
        return run(
            self._async.fit_from_file(
                file,
                num_rcs,
                fit_ocv,
                initial_soc,
                capacity,
                regularization,
                filename,
            )
        )

    def detect_and_read(
        self,
        file: str | Path | IO[bytes],
        filename: str | None = None,
    ) -> dict[str, Any]:
        """Let the service read a data file: its format and columns.

        Parameters
        ----------
        file : str, Path or binary file
            The file.
        filename : str, optional
            The name sent (default: the file's).

        Returns
        -------
        dict
            What the service found.
        """
        return run(
            self._async.detect_and_read(
                file,
                filename,
            )
        )

    def wait_for_completion(
        self,
        job: EcmFitJob | str,
        timeout: int = 300,
        poll_interval: int = 2,
        verbose: bool = True,
        raise_on_failure: bool = True,
    ) -> FitResults | None:
        """Wait for an ECM fit's job; return its result.

        Parameters
        ----------
        job : EcmFitJob or str
            The job, or its id.
        timeout : float, optional
            Seconds to wait in all. Defaults to 300.
        poll_interval : float, optional
            Seconds before the second poll (at least 1; later waits grow).
        verbose : bool, optional
            Print the progress, as the public client does.
        raise_on_failure : bool, optional
            Raise when the fit failed (else return ``None``).

        Returns
        -------
        FitResults or None
            The fit, or ``None`` for a failed one.

        Raises
        ------
        IonworksError
            When it failed (with ``raise_on_failure``), or ended without a result.
        TimeoutError
            When it has not ended by the deadline.
        """
        return run(
            self._async.wait_for_completion(
                job,
                timeout,
                poll_interval,
                verbose,
                raise_on_failure,
            )
        )

    def save_to_project(
        self,
        name: str,
        cell_spec_id: str,
        fit_results: FitResults | dict[str, Any],
        description: str = "",
        num_rcs: int | None = None,
    ) -> SaveToProjectResponse:
        """Save a fit as a model and a parameterized model of a specification.

        Parameters
        ----------
        name : str
            The name given.
        cell_spec_id : str
            The specification.
        fit_results : FitResults or dict
            The fit.
        description : str, optional
            Free text.
        num_rcs : int, optional
            RC pairs (default: the fit's).

        Returns
        -------
        SaveToProjectResponse
            The new model's and parameterized model's ids.
        """
        return run(
            self._async.save_to_project(
                name,
                cell_spec_id,
                fit_results,
                description,
                num_rcs,
            )
        )

    def validate(
        self,
        *,
        measurement_id: str | None = None,
        example_id: str | None = None,
        fit_results: FitResults | dict[str, Any] | None = None,
        parameterized_model_id: str | None = None,
        start_step: int | None = None,
        end_step: int | None = None,
        initial_soc: float | None = None,
        capacity: float | None = None,
    ) -> ValidationResults:
        """Re-simulate an ECM on a held-out trace and compare.

        Parameters
        ----------
        measurement_id, example_id : str, optional
            The trace: a measurement, or an example.
        fit_results : FitResults or dict, optional
            The fit to validate (or ``parameterized_model_id``).
        parameterized_model_id : str, optional
            A saved ECM to validate.
        start_step, end_step : int, optional
            The steps of the trace to use.
        initial_soc : float, optional
            The state of charge at its start.
        capacity : float, optional
            The capacity used (A.h).

        Returns
        -------
        ValidationResults
            The errors and the traces.
        """
        return run(
            self._async.validate(
                measurement_id=measurement_id,
                example_id=example_id,
                fit_results=fit_results,
                parameterized_model_id=parameterized_model_id,
                start_step=start_step,
                end_step=end_step,
                initial_soc=initial_soc,
                capacity=capacity,
            )
        )


class PipelineClient:
    """Client for pipelines (the public client's ``client.pipeline``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.modelling.pipeline import AsyncPipelineClient

        self._client = client
        self._async = AsyncPipelineClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def create(
        self,
        config: Any,
        *,
        project_id: str | None = None,
        name: str | None = None,
        description: str | None = None,
        options: dict[str, Any] | None = None,
    ) -> PipelineSubmissionResponse:
        """Submit a pipeline to run.

        Parameters
        ----------
        config : ionworks_schema.Pipeline or dict
            Its elements; a dict may also hold ``project_id``, ``options``,
            ``name`` and ``description`` (the arguments win).
        project_id : str, optional
            The project (default: the client's).
        name, description : str, optional
            Its name and description (default: the config's).
        options : dict, optional
            Runtime options (``{"live_progress_updates": True}``).

        Returns
        -------
        PipelineSubmissionResponse
            The submitted pipeline (its ``id`` and ``status``).

        Raises
        ------
        ValueError
            For a config that is not valid, a project id that is not a UUID, or
            a project the key cannot reach.
        """
        return run(
            self._async.create(
                config,
                project_id=project_id,
                name=name,
                description=description,
                options=options,
            )
        )

    def update(
        self,
        pipeline_id: str,
        name: str | None = None,
        description: str | None = None,
    ) -> PipelineSubmissionResponse:
        """Rename a pipeline, or change its description.

        Parameters
        ----------
        pipeline_id : str
            Its id.
        name, description : str, optional
            The new values (at least one).

        Returns
        -------
        PipelineSubmissionResponse
            The updated pipeline.
        """
        return run(
            self._async.update(
                pipeline_id,
                name,
                description,
            )
        )

    def list(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        id: str | None = None,
        name: str | None = None,
        description: str | None = None,
        status: str | None = None,
        created_by_email: str | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
        created_at_gt: str | None = None,
        created_at_lt: str | None = None,
        updated_at_gt: str | None = None,
        updated_at_lt: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[PipelineSubmissionResponse]:
        """List a project's pipelines: one page, the filters as the API takes them.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.
        id, name, description, status, created_by_email : str, optional
            Filters, in the API's words (``"eq.x"``, ``"ilike.%x%"``).
        created_at, updated_at : str, optional
            Times to match.
        created_at_gt, created_at_lt, updated_at_gt, updated_at_lt : str, optional
            Times to follow or precede.
        order_by, order : str, optional
            The order.

        Returns
        -------
        PaginatedList of PipelineSubmissionResponse
            The page.
        """
        return run(
            self._async.list(
                project_id,
                limit,
                offset,
                id,
                name,
                description,
                status,
                created_by_email,
                created_at,
                updated_at,
                created_at_gt,
                created_at_lt,
                updated_at_gt,
                updated_at_lt,
                order_by,
                order,
            )
        )

    def get(
        self,
        job_id: str,
    ) -> PipelineSubmissionResponse:
        """Return a pipeline's state.

        Parameters
        ----------
        job_id : str
            The pipeline's id.

        Returns
        -------
        PipelineSubmissionResponse
            Its state.
        """
        return run(
            self._async.get(
                job_id,
            )
        )

    def result(
        self,
        job_id: str,
    ) -> PipelineResponse:
        """Return a finished pipeline's result.

        Parameters
        ----------
        job_id : str
            The pipeline's id.

        Returns
        -------
        PipelineResponse
            Its result and each element's (``element(name)``, ``results``).
        """
        return run(
            self._async.result(
                job_id,
            )
        )

    def cancel(
        self,
        pipeline_id: str,
    ) -> PipelineSubmissionResponse:
        """Cancel a pipeline.

        Parameters
        ----------
        pipeline_id : str
            Its id.

        Returns
        -------
        PipelineSubmissionResponse
            Its state.
        """
        return run(
            self._async.cancel(
                pipeline_id,
            )
        )

    def delete(
        self,
        pipeline_id: str,
    ) -> None:
        """Delete a pipeline.

        Parameters
        ----------
        pipeline_id : str
            Its id.
        """
        return run(
            self._async.delete(
                pipeline_id,
            )
        )

    def get_element_metadata(
        self,
        pipeline_id: str,
        element_name: str,
        elements: builtins.list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Return the metadata of an element's job.

        Parameters
        ----------
        pipeline_id : str
            The pipeline.
        element_name : str
            The element.
        elements : list of dict, optional
            The pipeline's elements, if already read (saves a request).

        Returns
        -------
        dict
            The job's metadata.
        """
        return run(
            self._async.get_element_metadata(
                pipeline_id,
                element_name,
                elements,
            )
        )

    def get_element_series_channels(
        self,
        pipeline_id: str,
        element_name: str,
        elements: builtins.list[dict[str, Any]] | None = None,
    ) -> dict[str, dict[str, builtins.list[str]]]:
        """Return the series an element's job holds: objective, source, columns.

        Parameters
        ----------
        pipeline_id : str
            The pipeline.
        element_name : str
            The element.
        elements : list of dict, optional
            The pipeline's elements, if already read.

        Returns
        -------
        dict
            Objective to source to column names.
        """
        return run(
            self._async.get_element_series_channels(
                pipeline_id,
                element_name,
                elements,
            )
        )

    def get_element_series(
        self,
        pipeline_id: str,
        element_name: str,
        objective: str,
        elements: builtins.list[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> dict[str, builtins.list[Any]]:
        """Return columns of one of an element's series.

        Parameters
        ----------
        pipeline_id : str
            The pipeline.
        element_name : str
            The element.
        objective : str
            The objective.
        elements : list of dict, optional
            The pipeline's elements, if already read.
        **kwargs
            As ``client.job.get_series`` takes them (``source``, ``columns``,
            ``x_column``, ``max_points``, ``x_min``, ``x_max``).

        Returns
        -------
        dict
            Column name to values.
        """
        return run(
            self._async.get_element_series(
                pipeline_id,
                element_name,
                objective,
                elements,
                **kwargs,
            )
        )

    def wait_for_completion(
        self,
        pipeline_id: str,
        timeout: int = 600,
        poll_interval: int = 2,
        verbose: bool = True,
        raise_on_failure: bool = True,
    ) -> PipelineSubmissionResponse:
        """Wait until a pipeline ends.

        Polls under the deadline, waiting longer between polls (from
        ``poll_interval`` up to four times it); cancelling the call stops it.

        Parameters
        ----------
        pipeline_id : str
            Its id.
        timeout : float, optional
            Seconds to wait in all. Defaults to 600.
        poll_interval : float, optional
            Seconds before the second poll. Defaults to 2.
        verbose : bool, optional
            Log each status (``logging``, at INFO).
        raise_on_failure : bool, optional
            Raise when it failed. Defaults to True.

        Returns
        -------
        PipelineSubmissionResponse
            Its final state.

        Raises
        ------
        IonworksError
            When it failed (``error_code`` ``JOB_FAILED``).
        TimeoutError
            When it has not ended by the deadline.
        """
        return run(
            self._async.wait_for_completion(
                pipeline_id,
                timeout,
                poll_interval,
                verbose,
                raise_on_failure,
            )
        )


class SimplePipelineClient:
    """Client for simple pipelines (the public client's ``client.simple_pipeline``).

    Deprecated there and here: use ``client.pipeline``.

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.modelling.simple_pipeline import (
            AsyncSimplePipelineClient,
        )

        self._client = client
        self._async = AsyncSimplePipelineClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def create(
        self,
        config: Any,
        project_id: str | None = None,
        name: str | None = None,
        description: str | None = None,
        options: dict[str, Any] | None = None,
    ) -> SimplePipelineSubmissionResponse:
        """Submit a simple pipeline (deprecated: ``client.pipeline.create``).

        Parameters
        ----------
        config : ionworks_schema.SimplePipeline or dict
            Its elements; a dict may also hold ``project_id``, ``options``,
            ``name`` and ``description`` (the arguments win).
        project_id : str, optional
            The project (default: the client's).
        name, description : str, optional
            Its name and description.
        options : dict, optional
            Runtime options.

        Returns
        -------
        SimplePipelineSubmissionResponse
            The submitted pipeline.
        """
        return run(
            self._async.create(
                config,
                project_id,
                name,
                description,
                options,
            )
        )

    def update(
        self,
        simple_pipeline_id: str,
        name: str | None = None,
        description: str | None = None,
    ) -> SimplePipelineSubmissionResponse:
        """Rename a simple pipeline, or change its description (deprecated).

        Parameters
        ----------
        simple_pipeline_id : str
            Its id.
        name, description : str, optional
            The new values (at least one).

        Returns
        -------
        SimplePipelineSubmissionResponse
            The updated pipeline.
        """
        return run(
            self._async.update(
                simple_pipeline_id,
                name,
                description,
            )
        )

    def get(
        self,
        simple_pipeline_id: str,
    ) -> SimplePipelineSubmissionResponse:
        """Return a simple pipeline's state and result (deprecated).

        Parameters
        ----------
        simple_pipeline_id : str
            Its id.

        Returns
        -------
        SimplePipelineSubmissionResponse
            Its state.
        """
        return run(
            self._async.get(
                simple_pipeline_id,
            )
        )

    def list(
        self,
        project_id: str | None = None,
        limit: int = 10,
        offset: int = 0,
        name: str | None = None,
        description: str | None = None,
        status: str | None = None,
        created_by_email: str | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
        created_at_gt: str | None = None,
        created_at_lt: str | None = None,
        updated_at_gt: str | None = None,
        updated_at_lt: str | None = None,
        order_by: str = "created_at",
        order: str = "desc",
    ) -> PaginatedList[SimplePipelineSubmissionResponse]:
        """List a project's simple pipelines: one page (deprecated).

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page. Default to 10 and 0.
        name, description, status, created_by_email : str, optional
            Filters, in the API's words.
        created_at, updated_at : str, optional
            Times to match.
        created_at_gt, created_at_lt, updated_at_gt, updated_at_lt : str, optional
            Times to follow or precede.
        order_by, order : str, optional
            The order. Default to ``"created_at"``, ``"desc"``.

        Returns
        -------
        PaginatedList of SimplePipelineSubmissionResponse
            The page.
        """
        return run(
            self._async.list(
                project_id,
                limit,
                offset,
                name,
                description,
                status,
                created_by_email,
                created_at,
                updated_at,
                created_at_gt,
                created_at_lt,
                updated_at_gt,
                updated_at_lt,
                order_by,
                order,
            )
        )

    def cancel(
        self,
        simple_pipeline_id: str,
    ) -> SimplePipelineSubmissionResponse:
        """Cancel a simple pipeline (deprecated).

        Parameters
        ----------
        simple_pipeline_id : str
            Its id.

        Returns
        -------
        SimplePipelineSubmissionResponse
            Its state.
        """
        return run(
            self._async.cancel(
                simple_pipeline_id,
            )
        )

    def delete(
        self,
        simple_pipeline_id: str,
    ) -> None:
        """Delete a simple pipeline (deprecated).

        Parameters
        ----------
        simple_pipeline_id : str
            Its id.
        """
        return run(
            self._async.delete(
                simple_pipeline_id,
            )
        )

    def wait_for_completion(
        self,
        simple_pipeline_id: str,
        timeout: int = 600,
        poll_interval: int = 2,
        verbose: bool = True,
        raise_on_failure: bool = True,
    ) -> SimplePipelineSubmissionResponse:
        """Wait until a simple pipeline ends (deprecated).

        Polls under the deadline, backing off as ``client.pipeline``'s does.

        Parameters
        ----------
        simple_pipeline_id : str
            Its id.
        timeout : float, optional
            Seconds to wait in all. Defaults to 600.
        poll_interval : float, optional
            Seconds before the second poll. Defaults to 2.
        verbose : bool, optional
            Log each status (``logging``, at INFO).
        raise_on_failure : bool, optional
            Raise when it failed. Defaults to True.

        Returns
        -------
        SimplePipelineSubmissionResponse
            Its final state.
        """
        return run(
            self._async.wait_for_completion(
                simple_pipeline_id,
                timeout,
                poll_interval,
                verbose,
                raise_on_failure,
            )
        )


class ElectrolyteClient:
    """Client for electrolytes (the public client's ``client.electrolyte``).

    Parameters
    ----------
    client : Ionworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Ionworks) -> None:
        from ionworks_async.resources.materials.electrolyte import (
            AsyncElectrolyteClient,
        )

        self._client = client
        self._async = AsyncElectrolyteClient(client._async)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def transport_from_dataset(
        self,
        dataset_id: str,
        forms: Mapping[str, str] | None = None,
        columns: Mapping[str, str] | None = None,
        concentration_column: str = "Electrolyte concentration",
    ) -> Any:
        """Return an electrolyte's transport properties as PyBaMM parameters.

        Parameters
        ----------
        dataset_id : str
            The material property dataset holding them.
        forms : dict of str to str, optional
            A parameter's form: ``"interpolant"`` (the default) or
            ``"landesfeind"`` (a fit; see the module).
        columns : dict of str to str, optional
            PyBaMM's parameter name to the dataset's column (default:
            :data:`DEFAULT_COLUMNS`).
        concentration_column : str, optional
            The concentration column [mol.m-3].

        Returns
        -------
        pybamm.ParameterValues
            One function of ``(c_e, T)`` a parameter.

        Raises
        ------
        MissingDependencyError
            When PyBaMM is not installed.
        ValueError
            For a form of a parameter not built, or an unknown form.
        KeyError
            For a column the dataset lacks, naming those it has.
        """
        return run(
            self._async.transport_from_dataset(
                dataset_id,
                forms,
                columns,
                concentration_column,
            )
        )


class Ionworks:
    """Blocking client for the Ionworks battery-data API.

    Each setting resolves from its argument, else the environment, else a
    ``.env`` file in the working directory, else its default. The HTTP
    session is created lazily on the event loop of the first request; a
    client belongs to that loop.

    Parameters
    ----------
    api_key : str, optional
        API key (``IONWORKS_API_KEY``).
    api_url : str, optional
        Base URL (``IONWORKS_API_URL``, default ``https://api.ionworks.com``).
    project_id : str, optional
        The default project (``IONWORKS_PROJECT_ID``; the older
        ``PROJECT_ID`` is read with a ``DeprecationWarning``): specifications
        created without a ``project_id`` are filed in it, and name lookups of
        specifications are scoped to it. Without one, lookups span the
        organisation.
    dataframe_backend : {"polars", "pandas", "arrow", "table"}, optional
        What ``steps``, ``cycles``, ``time_series``, ``steps_and_cycles`` and
        ``detail()`` return. Without it, the client follows the process's
        setting at each call (:func:`ionworks.set_dataframe_backend`, else
        ``IONWORKS_DATAFRAME_BACKEND``, else ``"polars"``, as the public
        client; ``"table"``, a lazily decoded :class:`Table`, when polars is
        not installed). Frames are converted in a worker thread.
    timeout : float, optional
        Seconds for one attempt of a JSON request. Defaults to 10.
    max_retries : int, optional
        Retries of a failed request where safe; 0 means one attempt. Defaults to 5.
    token : str, optional
        Bearer token (``IONWORKS_API_TOKEN``), instead of or beside the key.
    organization_id : str, optional
        Organisation to act in (``IONWORKS_ORGANIZATION_ID``).
    download_timeout : float, optional
        Seconds between two reads of a download or upload. Defaults to 300.
    max_download_bytes : int, optional
        The most one download (a measurement's data, a file) may bring: a
        larger one, or one that never ends, raises
        :class:`ResponseValidationError` there. Past 32 MiB a download waits
        on disk (the temporary folder), not in memory, until it is whole.
        Defaults to 8 GiB.
    retry_deadline : float, optional
        Seconds from a call's first attempt after which it is not retried
        again, whatever ``max_retries`` allows. Defaults to 60.
    max_concurrency : int, optional
        API requests in flight at once across this client. Defaults to 64,
        the smallest that fetches a 24-measurement ``detail()`` in one wave
        (see ``benchmarks/``).
    storage_concurrency : int, optional
        Requests to signed storage URLs (data downloads and uploads) in
        flight at once. Storage is another origin (object storage on the
        hosted service), so these do not count against ``max_concurrency``.
        Defaults to 64.
    verify : bool, str, PathLike or ssl.SSLContext, optional
        How to verify the server's TLS certificate: ``True`` (the default)
        against the system's CA store; a path to a CA bundle (for a proxy that
        inspects TLS); an ``ssl.SSLContext``; or ``False``, for a test server
        with a self-signed certificate only (a warning is logged).
    proxy : str, optional
        A proxy URL for every request. By default ``HTTPS_PROXY``,
        ``HTTP_PROXY`` and ``NO_PROXY`` are followed.
    cache_dir : str, PathLike or False, optional
        Where ``detail()`` keeps the data of processed measurements, to read
        it again while the measurement is unchanged (checked against its
        ``updated_at`` and ``processing_status``, never by age). Defaults to
        ``IONWORKS_CACHE_DIR``, else the platform's cache folder
        (``~/.cache/ionworks-async`` on Linux). The folder also keeps what
        the client learns of the API's connections (where its storage links
        point, how many requests a ``detail()`` sends), so that a new
        process opens them while its first request is in flight. ``False``,
        or ``IONWORKS_CACHE_DIR=off``, keeps nothing.
    cache_max_bytes : int, optional
        The cache's bound; the entries used least recently go first. Defaults
        to 2 GiB.

    Raises
    ------
    ValueError
        When neither an API key nor a token is found, a credential holds a
        control character, a setting is out of range, or the dataframe
        backend is unknown.

    Attributes
    ----------
    cell_spec
        Cell specifications.
    cell_batch
        Cell batches: manufacturing lots of a specification.
    cell_instance
        Cell instances.
    cell_measurement
        Cell measurements.
    measurement
        Alias of :attr:`cell_measurement`.
    raw_data
        Raw data: original files kept as uploaded, linked to measurements.
    project
        Projects of the organisation.
    site
        Sites: the lab's locations, owning cyclers.
    cycler
        Cyclers: test equipment, with channels.
    channel
        Channels of cyclers, and their outages.
    lab
        The lab view: channels and who is on them.
    planned_measurement
        Planned measurements: tests to schedule.
    protocol
        Protocols: saved test procedures.
    organization
        The organisation: its members, their roles, and its usage.
    search
        Search over the names of every record.
    urls
        Links to records in the web app.
    material
        Materials of a project.
    study
        Studies: simulations and data gathered.
    job
        Jobs of the hosted service, and results.
    material_property_dataset
        Tables of a material's measured properties.
    analysis
        Analyses: features extracted from a measurement.
    model
        Models: PyBaMM models of a project.
    parameterized_model
        Parameterized models: a model with its parameter values.
    optimization
        Optimizations run by the hosted service.
    simulation
        Simulations of protocols on parameterized models.
    model_builder
        Model builders: a model's parameters built from a cell's data.
    ecm
        Equivalent-circuit (ECM) fits.
    pipeline
        Pipelines: a cell model parameterised element by element.
    simple_pipeline
        Simple pipelines (deprecated: use pipeline).
    electrolyte
        Electrolyte transport properties as PyBaMM parameters.
    """

    cell_spec = SubClientOf(CellSpecificationClient)
    cell_batch = SubClientOf(CellBatchClient)
    cell_instance = SubClientOf(CellInstanceClient)
    cell_measurement = SubClientOf(CellMeasurementClient)
    measurement = SubClientOf(CellMeasurementClient)
    raw_data = SubClientOf(RawDataClient)
    project = SubClientOf(ProjectClient)
    site = SubClientOf(SiteClient)
    cycler = SubClientOf(CyclerClient)
    channel = SubClientOf(ChannelClient)
    lab = SubClientOf(LabClient)
    planned_measurement = SubClientOf(PlannedMeasurementClient)
    protocol = SubClientOf(ProtocolClient)
    organization = SubClientOf(OrganizationClient)
    search = SubClientOf(SearchClient)
    urls = SubClientOf(UrlsClient)
    material = SubClientOf(MaterialClient)
    study = SubClientOf(StudyClient)
    job = SubClientOf(JobClient)
    material_property_dataset = SubClientOf(MaterialPropertyDatasetClient)
    analysis = SubClientOf(AnalysisClient)
    model = SubClientOf(ModelClient)
    parameterized_model = SubClientOf(ParameterizedModelClient)
    optimization = SubClientOf(OptimizationClient)
    simulation = SubClientOf(SimulationClient)
    model_builder = SubClientOf(ModelBuilderClient)
    ecm = SubClientOf(ECMClient)
    pipeline = SubClientOf(PipelineClient)
    simple_pipeline = SubClientOf(SimplePipelineClient)
    electrolyte = SubClientOf(ElectrolyteClient)

    def __init__(
        self,
        api_key: str | None = None,
        api_url: str | None = None,
        project_id: str | None = None,
        dataframe_backend: DataFrameBackend | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        token: str | None = None,
        organization_id: str | None = None,
        *,
        download_timeout: float = 300.0,
        max_download_bytes: int = 8589934592,
        retry_deadline: float = 60.0,
        max_concurrency: int = 64,
        storage_concurrency: int = 64,
        verify: Verify = True,
        proxy: str | None = None,
        cache_dir: CacheDir = None,
        cache_max_bytes: int = 2147483648,
    ) -> None:
        self._async = AsyncIonworks(
            api_key,
            api_url,
            project_id,
            dataframe_backend,
            timeout,
            max_retries,
            token,
            organization_id,
            download_timeout=download_timeout,
            max_download_bytes=max_download_bytes,
            retry_deadline=retry_deadline,
            max_concurrency=max_concurrency,
            storage_concurrency=storage_concurrency,
            verify=verify,
            proxy=proxy,
            cache_dir=cache_dir,
            cache_max_bytes=cache_max_bytes,
        )
        register_client(self._async)
        vars(self)["cell_spec"] = CellSpecificationClient(self)
        vars(self)["cell_batch"] = CellBatchClient(self)
        vars(self)["cell_instance"] = CellInstanceClient(self)
        vars(self)["cell_measurement"] = CellMeasurementClient(self)
        vars(self)["measurement"] = self.cell_measurement
        vars(self)["raw_data"] = RawDataClient(self)
        vars(self)["project"] = ProjectClient(self)
        vars(self)["site"] = SiteClient(self)
        vars(self)["cycler"] = CyclerClient(self)
        vars(self)["channel"] = ChannelClient(self)
        vars(self)["lab"] = LabClient(self)
        vars(self)["planned_measurement"] = PlannedMeasurementClient(self)
        vars(self)["protocol"] = ProtocolClient(self)
        vars(self)["organization"] = OrganizationClient(self)
        vars(self)["search"] = SearchClient(self)
        vars(self)["urls"] = UrlsClient(self)
        vars(self)["material"] = MaterialClient(self)
        vars(self)["study"] = StudyClient(self)
        vars(self)["job"] = JobClient(self)
        vars(self)["material_property_dataset"] = MaterialPropertyDatasetClient(self)
        vars(self)["analysis"] = AnalysisClient(self)
        vars(self)["model"] = ModelClient(self)
        vars(self)["parameterized_model"] = ParameterizedModelClient(self)
        vars(self)["optimization"] = OptimizationClient(self)
        vars(self)["simulation"] = SimulationClient(self)
        vars(self)["model_builder"] = ModelBuilderClient(self)
        vars(self)["ecm"] = ECMClient(self)
        vars(self)["pipeline"] = PipelineClient(self)
        vars(self)["simple_pipeline"] = SimplePipelineClient(self)
        vars(self)["electrolyte"] = ElectrolyteClient(self)

    @property
    def api_url(self) -> str:
        """The base URL requests go to."""
        return self._async.api_url

    @property
    def project_id(self) -> str | None:
        """The default project, or ``None``; assign it to change it.

        Every sub-client reads it at each call, as the public client's
        ``client.project_id = ...`` is read.
        """
        return self._async.project_id

    @project_id.setter
    def project_id(self, value: str | None) -> None:
        self._async.project_id = value

    @property
    def dataframe_backend(self) -> DataFrameBackend:
        """The kind of frame data methods return now.

        For a client built without a ``dataframe_backend`` argument it follows
        :func:`ionworks.set_dataframe_backend`.
        """
        return self._async.dataframe_backend

    @property
    def cache_dir(self) -> Path | None:
        """The folder of the on-disk data cache, or ``None`` when it is off."""
        return self._async.cache_dir

    @property
    def max_concurrency(self) -> int:
        """How many requests this client keeps in flight at most."""
        return self._async.max_concurrency

    @property
    def storage_concurrency(self) -> int:
        """How many storage requests this client keeps in flight at most."""
        return self._async.storage_concurrency

    @property
    def closed(self) -> bool:
        """Whether the client was closed."""
        return self._async.closed

    def __repr__(self) -> str:
        return f"Ionworks(api_url={self.api_url!r})"

    def __enter__(self) -> Ionworks:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def request(
        self,
        method: str,
        endpoint: str,
        json_payload: dict[str, Any] | None = None,
    ) -> Any:
        """Send a request to any API route and return its answer.

        Parameters
        ----------
        method : str
            The HTTP method (``"GET"``, ``"POST"``, ...).
        endpoint : str
            The API path, from ``/`` (a query string may follow).
        json_payload : dict, optional
            A JSON body (gzip-compressed from 512 KiB, as the public client's).

        Returns
        -------
        Any
            The decoded JSON for a ``Content-Type: application/json`` answer;
            ``None`` for DELETE; else a :class:`RawResponse`.

        Raises
        ------
        IonworksError
            The typed error of a failed request (after the retries allowed).
        ValueError
            For an endpoint that is not a path of the API.
        """
        return run(
            self._async.request(
                method,
                endpoint,
                json_payload,
            )
        )

    def request_raw(
        self,
        method: str,
        endpoint: str,
        timeout: tuple[int, int] | int | None = None,
    ) -> bytes:
        """Send a request and return the answer's bytes, following it to storage.

        For routes that answer binary data or redirect to a signed storage
        URL; the credentials do not follow the redirect.

        Parameters
        ----------
        method : str
            The HTTP method.
        endpoint : str
            The API path.
        timeout : int or (int, int), optional
            Seconds the whole call may take (a pair: connect and read, added).
            By default the client's ``timeout`` to connect and its
            ``download_timeout`` between two reads.

        Returns
        -------
        bytes
            The body (bounded by the client's ``max_download_bytes``).
        """
        return run(
            self._async.request_raw(
                method,
                endpoint,
                timeout,
            )
        )

    def redirect_url(
        self,
        endpoint: str,
    ) -> str:
        """Return the storage URL a redirecting route points at, without following it.

        Parameters
        ----------
        endpoint : str
            An API path that answers with a redirect (a download route).

        Returns
        -------
        str
            The absolute URL of the storage object (for range requests).

        Raises
        ------
        ResponseValidationError
            When the route answers something other than a redirect.
        """
        return run(
            self._async.redirect_url(
                endpoint,
            )
        )

    def get(
        self,
        endpoint: str,
    ) -> Any:
        """Send a GET to an API route (see :meth:`request`)."""
        return run(
            self._async.get(
                endpoint,
            )
        )

    def post(
        self,
        endpoint: str,
        json_payload: dict[str, Any],
    ) -> Any:
        """Send a POST with a JSON body to an API route (see :meth:`request`)."""
        return run(
            self._async.post(
                endpoint,
                json_payload,
            )
        )

    def post_multipart(
        self,
        endpoint: str,
        files: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        """POST files as ``multipart/form-data``, or only query parameters.

        Parameters
        ----------
        endpoint : str
            The API path.
        files : dict, optional
            Files as ``requests`` takes them (``{"file": (name, content,
            content_type)}``); none sends a plain POST without a body.
        params : dict, optional
            Query parameters.

        Returns
        -------
        Any
            The decoded JSON, or a :class:`RawResponse`.
        """
        return run(
            self._async.post_multipart(
                endpoint,
                files,
                params,
            )
        )

    def patch(
        self,
        endpoint: str,
        json_payload: dict[str, Any],
    ) -> Any:
        """Send a PATCH with a JSON body to an API route (see :meth:`request`)."""
        return run(
            self._async.patch(
                endpoint,
                json_payload,
            )
        )

    def delete(
        self,
        endpoint: str,
    ) -> None:
        """Send a DELETE to an API route."""
        return run(
            self._async.delete(
                endpoint,
            )
        )

    def upload_multipart(
        self,
        endpoint: str,
        *,
        data: dict[str, Any] | None = None,
        files: dict[str, Any] | None = None,
        method: str = "POST",
    ) -> Any:
        """Send form fields and files as one ``multipart/form-data`` request.

        Parameters
        ----------
        endpoint : str
            The API path (``"/models/upload-custom"``, say).
        data : dict, optional
            Form fields.
        files : dict, optional
            Files as ``requests`` takes them.
        method : str, optional
            ``"POST"`` (the default), or ``"PATCH"`` to replace a file.

        Returns
        -------
        Any
            The decoded JSON, or a :class:`RawResponse`.
        """
        return run(
            self._async.upload_multipart(
                endpoint,
                data=data,
                files=files,
                method=method,
            )
        )

    def capabilities(
        self,
    ) -> dict[str, Any]:
        """Fetch what the platform offers: its domain, schemas and authentication.

        Returns
        -------
        dict
            ``domain_context``, ``schemas``, ``openapi_spec`` and
            ``authentication``.
        """
        return run(self._async.capabilities())

    def schema(
        self,
        name: str,
    ) -> dict[str, Any]:
        """Fetch a discovery schema by name.

        Parameters
        ----------
        name : {"data", "protocol"}
            The cell data hierarchy, or the Universal Cycler Protocol.

        Returns
        -------
        dict
            The JSON Schema.

        Raises
        ------
        ValueError
            For a name that is not a known schema.
        """
        return run(
            self._async.schema(
                name,
            )
        )

    def pybamm_models(
        self,
    ) -> dict[str, Any]:
        """List the PyBaMM and Ionworks model classes and their option values.

        Returns
        -------
        dict
            ``pybamm_models``, ``ionworks_models``, ``options`` and
            ``pybamm_version``.
        """
        return run(self._async.pybamm_models())

    def validate_pybamm_model_config(
        self,
        pybamm_model: str,
        options: dict[str, Any] | None = None,
        module: str = "lithium_ion",
    ) -> dict[str, Any]:
        """Ask whether a model and options can be built (nothing is kept).

        Parameters
        ----------
        pybamm_model : str
            A class name listed by :meth:`pybamm_models` (``"DFN"``, ``"SPM"``).
        options : dict, optional
            The model's options.
        module : str, optional
            The PyBaMM submodule, ``"lithium_ion"`` (the default) or
            ``"lead_acid"``.

        Returns
        -------
        dict
            ``{"valid": True}``, or ``valid`` false with ``error`` and
            ``error_type``.
        """
        return run(
            self._async.validate_pybamm_model_config(
                pybamm_model,
                options,
                module,
            )
        )

    def health_check(
        self,
    ) -> dict[str, Any]:
        """Return what the API's health route says (``GET /healthz``).

        Returns
        -------
        dict
            The server's answer (``{"status": "ok", ...}``).
        """
        return run(self._async.health_check())

    def whoami(
        self,
    ) -> dict[str, Any]:
        """Return the user the credentials act for (``GET /users/me``).

        The recommended way to debug a key: ``authorized_organization`` is
        the organisation the key was issued for.

        Returns
        -------
        dict
            ``id``, ``email``, ``authorized_organization`` (``{"id",
            "name"}`` or None) and ``organizations``.

        Raises
        ------
        AuthenticationError
            When the key is missing, wrong or expired (401).
        """
        return run(self._async.whoami())

    def resolve_measurement(
        self,
        cell_specification: str,
        cell_instance: str,
        measurement: str,
        *,
        project_id: str | None = None,
    ) -> CellMeasurement:
        """Find a measurement by the names of its specification, cell and itself.

        Parameters
        ----------
        cell_specification : str
            The specification's exact name.
        cell_instance : str
            The cell's exact name, within that specification.
        measurement : str
            The measurement's exact name, within that cell.
        project_id : str, optional
            The project of the specification (default: the client's project;
            without one, every project's specifications are looked at).

        Returns
        -------
        CellMeasurement
            The measurement.

        Raises
        ------
        NotFoundError
            When a level has no match (``status_code`` 404).
        ConflictError
            When a name is shared within its parent (409): resolve by id.
        """
        return run(
            self._async.resolve_measurement(
                cell_specification,
                cell_instance,
                measurement,
                project_id=project_id,
            )
        )

    def cycle_table(
        self,
        cell_specification_id: str | None = None,
        *,
        batch_id: str | None = None,
        cell_instance_ids: Sequence[str] | None = None,
        cells_at_once: int | None = None,
    ) -> Frame:
        """Return every cycle of a fleet of cells, with its metrics, in one frame.

        For a specification's cells, a lot's, or a list of cells: each cell's
        ``detail()`` (steps only), a few cells at a time and through the data
        cache (a repeat over unchanged measurements is one round trip a cell),
        then each measurement's cycle metrics, computed here
        (:func:`ionworks_async.analysis.cycle_metrics`).

        Parameters
        ----------
        cell_specification_id : str, optional
            Every cell of this specification.
        batch_id : str, optional
            Every cell of this lot.
        cell_instance_ids : list of str, optional
            These cells. Give exactly one of the three.
        cells_at_once : int, optional
            Cells fetched at once (default: a quarter of ``max_concurrency``;
            each cell's measurements are fetched at once within it).

        Returns
        -------
        Frame
            A row a cycle: ``Specification``, ``Lot``, ``Cell``, ``Cell id``,
            ``Measurement``, ``Measurement id``, ``Cell cycle`` (counted across
            the cell's measurements, in the order they started), the 21 cycle
            metrics, and ``Cell capacity retention`` (discharge capacity over
            the cell's first cycle's), in the client's dataframe backend.

        Raises
        ------
        ValueError
            When not exactly one of the three is given.
        NotFoundError
            When the specification, lot or a cell does not exist.
        """
        return run(
            self._async.cycle_table(
                cell_specification_id,
                batch_id=batch_id,
                cell_instance_ids=cell_instance_ids,
                cells_at_once=cells_at_once,
            )
        )

    def clear_cache(
        self,
    ) -> int:
        """Delete every entry of the on-disk data cache.

        Returns
        -------
        int
            How many entries were deleted (0 when the cache is off).
        """
        return run(self._async.clear_cache())

    def close(
        self,
    ) -> None:
        """Close the HTTP session; calling it again does nothing.

        Also waits for the data cache's background writes to reach the disk.
        """
        return run(self._async.aclose())


class Navigator:
    """A cached, name-ordered walk of one project's cell hierarchy.

    Each listing and each table is fetched at most once for the life of the
    navigator; listings are sorted by name, so a walk visits them in the
    same order every run. :meth:`clear` forgets everything, and
    :meth:`invalidate` a spec's, an instance's or a measurement's part.

    Parameters
    ----------
    client : Ionworks
        The client to walk with. Blocking: optional, one is made from the
        environment when none is given, as the public client's navigator
        does. Async: required, since an async client is its owner's to
        close.
    page_size : int, optional
        Records a page when listing, in the public client's signature; our
        ``list()`` walks every page at the size it chooses. Must be at
        least 1.
    project_id : str, optional
        The project whose specs are walked by name. Defaults to the client's.
        Only the name-keyed calls (:meth:`specs`, :meth:`spec`,
        :meth:`instances`) need one.

    Examples
    --------
    >>> navigator = Navigator(client)  # doctest: +SKIP
    >>> for name in navigator.specs():  # doctest: +SKIP
    ...     for cell in navigator.instances(name):
    ...         for measurement in navigator.measurements(cell.id):
    ...             series = navigator.time_series(measurement.id)
    """

    def __init__(
        self,
        client: Ionworks | None = None,
        page_size: int = 200,
        *,
        project_id: str | None = None,
    ) -> None:
        self.client = Ionworks() if client is None else client
        self._async = AsyncNavigator(
            self.client._async,
            page_size,
            project_id=project_id,
        )

    @property
    def page_size(self) -> int:
        """As given to the constructor (see the class)."""
        return self._async.page_size

    @property
    def project_id(self) -> str | None:
        """As given to the constructor (see the class)."""
        return self._async.project_id

    def __repr__(self) -> str:
        return repr(self._async).replace("AsyncNavigator", "Navigator")

    def specs(
        self,
    ) -> dict[str, CellSpecification]:
        """Return the project's cell specifications, by name (fetched once).

        Returns
        -------
        dict of str to CellSpecification
            Every specification of :attr:`project_id`, by name, in name order.

        Raises
        ------
        ValueError
            When the navigator has no project.
        """
        return run(self._async.specs())

    def spec(
        self,
        name: str,
    ) -> CellSpecification:
        """Return the cell specification of this name.

        Parameters
        ----------
        name : str
            The specification's exact name.

        Returns
        -------
        CellSpecification
            The specification.

        Raises
        ------
        KeyError
            When the project has none of this name (the names it has are
            listed).
        """
        return run(
            self._async.spec(
                name,
            )
        )

    def instances(
        self,
        spec_name: str,
    ) -> list[CellInstance]:
        """Return a specification's cells, in name order (fetched once).

        Parameters
        ----------
        spec_name : str
            The specification's exact name.

        Returns
        -------
        list of CellInstance
            Every cell of the specification.
        """
        return run(
            self._async.instances(
                spec_name,
            )
        )

    def measurements(
        self,
        instance_id: str,
    ) -> list[CellMeasurement]:
        """Return a cell's measurements, in name order (fetched once).

        Parameters
        ----------
        instance_id : str
            The cell instance's ID.

        Returns
        -------
        list of CellMeasurement
            Every measurement of the cell.
        """
        return run(
            self._async.measurements(
                instance_id,
            )
        )

    def steps(
        self,
        measurement_id: str,
    ) -> Frame:
        """Return a measurement's steps table (fetched once; a copy each call).

        Parameters
        ----------
        measurement_id : str
            The measurement's ID.

        Returns
        -------
        Frame
            The steps, in the process's frame backend.
        """
        return run(
            self._async.steps(
                measurement_id,
            )
        )

    def time_series(
        self,
        measurement_id: str,
    ) -> Frame:
        """Return a measurement's time series (fetched once; a copy each call).

        Parameters
        ----------
        measurement_id : str
            The measurement's ID.

        Returns
        -------
        Frame
            The time series, in the process's frame backend.
        """
        return run(
            self._async.time_series(
                measurement_id,
            )
        )

    def clear(
        self,
    ) -> None:
        """Forget everything fetched: the next calls fetch afresh."""
        return self._async.clear()

    def invalidate(
        self,
        *,
        spec_name: str | None = None,
        instance_id: str | None = None,
        measurement_id: str | None = None,
    ) -> None:
        """Forget one part of what was fetched, and what lies below it.

        With no argument, forgets everything (:meth:`clear`).

        Parameters
        ----------
        spec_name : str, optional
            The specifications' listing, this one's cells and their
            measurements and tables.
        instance_id : str, optional
            Its specification's listing of cells, and this cell's
            measurements and their tables.
        measurement_id : str, optional
            This measurement's tables and its cell's listing of measurements
            (so a new sibling shows up).
        """
        return self._async.invalidate(
            spec_name=spec_name,
            instance_id=instance_id,
            measurement_id=measurement_id,
        )
