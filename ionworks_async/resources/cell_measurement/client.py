"""``AsyncCellMeasurementClient``: the flat public class, built from its parts.

``client.cell_measurement.create_file(...)`` stays flat, as the public client
has it; each method is implemented by one part, a collaborator named in the
constructor (:class:`~.._base.Delegate` binds the part's method, with its
signature and docstring). Which file holds which methods:

===================  ============================================================
``records.py``       ``list``, ``iter_all``, ``get``, ``update``, ``delete``,
                     ``list_by_project``, ``watch``, ``unwatch``
``detail.py``        ``detail`` (and the instance's fan-out)
``data_tables.py``   ``steps``, ``cycles``, ``time_series``, ``steps_and_cycles``
``create.py``        ``create``, ``create_or_get``, ``create_many`` (the
                     transfer itself: ``transfer.py``; the arguments:
                     ``arguments.py``; the data, read and checked:
                     :mod:`ionworks_async.pipeline`)
``properties.py``    ``create_properties``
``extend.py``        ``extend``
``files.py``         ``create_file``, ``list_files``, ``get_file``,
                     ``download_files``
``tags.py``          ``list_tags``, ``add_tags``, ``remove_tags``
``processing.py``    ``wait_for_processing``
``raw_links.py``     ``attach_raw_data``, ``detach_raw_data``, ``list_raw_data``
===================  ============================================================
"""

from __future__ import annotations

from ..._runtime.threads import run_in_thread
from .._base import Delegate, HasContext, ResourceClient, ResourceContext
from .create import MeasurementCreation
from .data_tables import MeasurementData
from .detail import MeasurementDetails
from .extend import MeasurementExtend
from .files import MeasurementFiles
from .processing import MeasurementProcessing
from .properties import MeasurementProperties
from .raw_links import MeasurementRawData
from .records import MeasurementRecords
from .tags import MeasurementTags

__all__ = ["AsyncCellMeasurementClient"]


class AsyncCellMeasurementClient(ResourceClient):
    """Client for cell measurements and their data.

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: HasContext | ResourceContext) -> None:
        super().__init__(client)
        # Load anyio's thread support now, in the caller's thread, rather
        # than on the event loop at the first upload.
        run_in_thread()
        context = self._context
        self._records = MeasurementRecords(context)
        self._data = MeasurementData(context)
        self._files = MeasurementFiles(context)
        self._details = MeasurementDetails(
            self._records,
            self._data,
            self._files,
            context.data_cache,
            context.transport,
        )
        self._creation = MeasurementCreation(context, self._records)
        self._properties = MeasurementProperties(context, self._records)
        self._extension = MeasurementExtend(context)
        self._tags = MeasurementTags(context)
        self._processing = MeasurementProcessing(context)
        self._raw = MeasurementRawData(context)

    list = Delegate("_records", MeasurementRecords.list)
    iter_all = Delegate("_records", MeasurementRecords.iter_all)
    get = Delegate("_records", MeasurementRecords.get)
    update = Delegate("_records", MeasurementRecords.update)
    delete = Delegate("_records", MeasurementRecords.delete)
    list_by_project = Delegate("_records", MeasurementRecords.list_by_project)
    watch = Delegate("_records", MeasurementRecords.watch)
    unwatch = Delegate("_records", MeasurementRecords.unwatch)
    detail = Delegate("_details", MeasurementDetails.detail)
    steps = Delegate("_data", MeasurementData.steps)
    cycles = Delegate("_data", MeasurementData.cycles)
    time_series = Delegate("_data", MeasurementData.time_series)
    steps_and_cycles = Delegate("_data", MeasurementData.steps_and_cycles)
    create = Delegate("_creation", MeasurementCreation.create)
    create_or_get = Delegate("_creation", MeasurementCreation.create_or_get)
    create_properties = Delegate("_properties", MeasurementProperties.create_properties)
    create_many = Delegate("_creation", MeasurementCreation.create_many)
    extend = Delegate("_extension", MeasurementExtend.extend)
    create_file = Delegate("_files", MeasurementFiles.create_file)
    list_files = Delegate("_files", MeasurementFiles.list_files)
    get_file = Delegate("_files", MeasurementFiles.get_file)
    download_files = Delegate("_files", MeasurementFiles.download_files)
    list_tags = Delegate("_tags", MeasurementTags.list_tags)
    add_tags = Delegate("_tags", MeasurementTags.add_tags)
    remove_tags = Delegate("_tags", MeasurementTags.remove_tags)
    wait_for_processing = Delegate(
        "_processing", MeasurementProcessing.wait_for_processing
    )
    attach_raw_data = Delegate("_raw", MeasurementRawData.attach_raw_data)
    detach_raw_data = Delegate("_raw", MeasurementRawData.detach_raw_data)
    list_raw_data = Delegate("_raw", MeasurementRawData.list_raw_data)
