"""A lab's folder of cycler files, ingested: the job behind ``ionworks ingest``.

:mod:`.plan` decides what each file becomes (specification, cell,
measurement) before anything is sent; :mod:`.job` does it with a client,
each file read and checked once (:mod:`ionworks_async.pipeline`), resumable;
:mod:`.settle` decides what a checked file becomes against what the server
holds; :mod:`.report` reports each file, and :mod:`.on_dask` runs the cells
on a Dask cluster.
"""

from .job import ingest_folder, ingest_plan
from .plan import Plan, plan_folder
from .report import FileOutcome, FolderReport, LabReport

__all__ = [
    "FileOutcome",
    "FolderReport",
    "LabReport",
    "Plan",
    "ingest_folder",
    "ingest_plan",
    "plan_folder",
]
