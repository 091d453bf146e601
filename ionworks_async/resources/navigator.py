"""``AsyncNavigator``: specs → instances → measurements → data, each fetched once.

The public client's ``Navigator`` walks the cell hierarchy by name and keeps
what it fetched for the life of the navigator; scripts iterate over it in a
stable order (every listing sorted by name). This is ours, on the async
core: the listings come from ``list()`` (every page), the data from the
data calls (with the validated on-disk cache behind them), and
:meth:`AsyncNavigator.invalidate` drops a subtree when something new was
uploaded.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Protocol

from .._arguments.query import segment
from ..models import CellInstance, CellMeasurement, CellSpecification
from ..types import Frame

if TYPE_CHECKING:
    from .cell_instance import AsyncCellInstanceClient
    from .cell_measurement import AsyncCellMeasurementClient
    from .cell_specification import AsyncCellSpecificationClient

__all__ = ["AsyncNavigator", "Navigable"]


class Navigable(Protocol):
    """What a navigator walks with: ``AsyncIonworks`` is one."""

    @property
    def cell_spec(self) -> AsyncCellSpecificationClient:
        """The cell specification client."""
        ...

    @property
    def cell_instance(self) -> AsyncCellInstanceClient:
        """The cell instance client."""
        ...

    @property
    def cell_measurement(self) -> AsyncCellMeasurementClient:
        """The cell measurement client."""
        ...

    @property
    def project_id(self) -> str | None:
        """The client's default project."""
        ...


def _copy(frame: Frame) -> Frame:
    """Return a copy the caller may change without changing the kept frame."""
    method = getattr(frame, "copy", None)  # pandas: a deep copy
    return method() if callable(method) else copy.copy(frame)


class AsyncNavigator:
    """A cached, name-ordered walk of one project's cell hierarchy.

    Each listing and each table is fetched at most once for the life of the
    navigator; listings are sorted by name, so a walk visits them in the
    same order every run. :meth:`clear` forgets everything, and
    :meth:`invalidate` a spec's, an instance's or a measurement's part.

    Parameters
    ----------
    client : AsyncIonworks
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
    >>> navigator = AsyncNavigator(client)  # doctest: +SKIP
    >>> for name in await navigator.specs():  # doctest: +SKIP
    ...     for cell in await navigator.instances(name):
    ...         for measurement in await navigator.measurements(cell.id):
    ...             series = await navigator.time_series(measurement.id)
    """

    def __init__(
        self,
        client: Navigable,
        page_size: int = 200,
        *,
        project_id: str | None = None,
    ) -> None:
        if isinstance(page_size, bool) or not isinstance(page_size, int):
            raise TypeError("page_size must be an integer")
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.client = client
        self.page_size = page_size
        self.project_id = project_id or client.project_id
        self._specs: dict[str, CellSpecification] | None = None
        self._instances: dict[str, list[CellInstance]] = {}
        self._measurements: dict[str, list[CellMeasurement]] = {}
        self._tables: dict[tuple[str, str], Frame] = {}
        self._spec_of: dict[str, str] = {}  # instance id -> spec name
        self._instance_of: dict[str, str] = {}  # measurement id -> instance id

    def __repr__(self) -> str:
        return f"AsyncNavigator(project_id={self.project_id!r})"

    def _project(self) -> str:
        if not self.project_id:
            raise ValueError(
                "project_id is required to look up specs by name: pass "
                "project_id= to the navigator, give the client one, or set "
                "IONWORKS_PROJECT_ID. Walking by id (measurements, steps, "
                "time_series) needs no project."
            )
        return self.project_id

    async def specs(self) -> dict[str, CellSpecification]:
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
        if self._specs is None:
            found = await self.client.cell_spec.list(project_id=self._project())
            self._specs = {spec.name: spec for spec in sorted(found, key=_name)}
        return self._specs

    async def spec(self, name: str) -> CellSpecification:
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
        specs = await self.specs()
        if name not in specs:
            raise KeyError(
                f"No cell specification named {name!r} in project "
                f"{self.project_id!r}. Available: {sorted(specs)}"
            )
        return specs[name]

    async def instances(self, spec_name: str) -> list[CellInstance]:
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
        if spec_name not in self._instances:
            spec = await self.spec(spec_name)
            found = await self.client.cell_instance.list(spec.id)
            cells = sorted(found, key=_name)
            self._instances[spec_name] = cells
            self._spec_of.update((cell.id, spec_name) for cell in cells)
        return self._instances[spec_name]

    async def measurements(self, instance_id: str) -> list[CellMeasurement]:
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
        segment(instance_id, "instance_id")
        if instance_id not in self._measurements:
            found = await self.client.cell_measurement.list(instance_id)
            measurements = sorted(found, key=_name)
            self._measurements[instance_id] = measurements
            self._instance_of.update((m.id, instance_id) for m in measurements)
        return self._measurements[instance_id]

    async def steps(self, measurement_id: str) -> Frame:
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
        return await self._table(measurement_id, "steps")

    async def time_series(self, measurement_id: str) -> Frame:
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
        return await self._table(measurement_id, "time_series")

    async def _table(self, measurement_id: str, kind: str) -> Frame:
        segment(measurement_id, "measurement_id")
        key = (measurement_id, kind)
        if key not in self._tables:
            fetch: Any = getattr(self.client.cell_measurement, kind)
            self._tables[key] = await fetch(measurement_id)
        return _copy(self._tables[key])

    def clear(self) -> None:
        """Forget everything fetched: the next calls fetch afresh."""
        self._specs = None
        for kept in (
            self._instances,
            self._measurements,
            self._tables,
            self._spec_of,
            self._instance_of,
        ):
            kept.clear()

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
        if spec_name is None and instance_id is None and measurement_id is None:
            self.clear()
            return
        if spec_name is not None:
            self._specs = None
            for cell in self._instances.pop(spec_name, []):
                self._forget_cell(cell.id)
        if instance_id is not None:
            parent = self._spec_of.get(instance_id)
            if parent is not None:
                self._instances.pop(parent, None)
            self._forget_cell(instance_id)
        if measurement_id is not None:
            self._forget_tables(measurement_id)
            cell_id = self._instance_of.pop(measurement_id, None)
            if cell_id is not None:
                self._measurements.pop(cell_id, None)

    def _forget_cell(self, instance_id: str) -> None:
        for measurement in self._measurements.pop(instance_id, []):
            self._forget_tables(measurement.id)
            self._instance_of.pop(measurement.id, None)
        self._spec_of.pop(instance_id, None)

    def _forget_tables(self, measurement_id: str) -> None:
        for kind in ("steps", "time_series"):
            self._tables.pop((measurement_id, kind), None)


def _name(record: Any) -> str:
    return str(record.name)
