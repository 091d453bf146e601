"""Cell instances: individual physical cells, each under a cell specification."""

from __future__ import annotations

from typing import Any

import attrs

from .._arguments.query import check_data, segment
from .._runtime.tasks import gather_pair
from ..models import CellInstanceDetail
from ._generated import PlainCellInstances
from ._plain import BodyMaker
from .cell_batch import AsyncCellBatchClient, LotNames
from .cell_measurement.data_tables import DataKinds
from .cell_measurement.detail import MeasurementDetails

__all__ = ["AsyncCellInstanceClient"]


class AsyncCellInstanceClient(PlainCellInstances):
    """Client for managing cell instances.

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    def _lots(self) -> LotNames:
        return LotNames(AsyncCellBatchClient(self._context))

    def _bodies(self, parent_id: str | None) -> BodyMaker:
        """Replace a lot's name by its id (one lookup a name, for the batch)."""
        lots = self._lots()

        async def with_lot_id(data: object) -> dict[str, Any]:
            return await lots.translate(parent_id, check_data(data))

        return with_lot_id

    async def _update_body(self, record_id: str, data: object) -> dict[str, Any]:
        """Resolve a lot named ``batch`` among the cell's specification's lots."""
        body = check_data(data)
        spec_id = None
        if LotNames.name_in(body) is not None:
            spec_id = (await self.get(record_id)).cell_specification_id
        return await self._lots().translate(spec_id, body)

    async def detail(
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
        >>> detail = await client.cell_instance.detail(cell.id)
        >>> [(md.name, md.processing_status) for md in detail.measurements]
        [('C/1 discharge', 'ready')]
        >>> md = detail.measurements[0]
        >>> md.time_series.height, md.steps["Step type"].to_list()  # polars frames
        (90, ['Constant current discharge', 'Rest'])
        """
        kinds = DataKinds.chosen(
            include_steps, include_cycles, include_time_series, include_files, cache
        )
        segment(cell_instance_id, "cell_instance_id")
        # The data trip's connections open while the first trip is in flight.
        self._context.transport.preconnect("detail")
        instance, measurements = await gather_pair(
            self.get(cell_instance_id),
            MeasurementDetails.of_context(self._context).of_instance(
                cell_instance_id, kinds
            ),
        )
        spec_id = instance.cell_specification_id
        return CellInstanceDetail(
            instance=instance,
            specification_id=spec_id,
            measurements=[
                attrs.evolve(
                    detail,
                    instance_id=detail.instance_id or instance.id,
                    specification_id=spec_id,
                )
                for detail in measurements
            ],
        )
