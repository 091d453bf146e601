"""``ingest_folder``: a lab folder planned (:mod:`.plan`) and ingested (:mod:`.lab`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..validation._options import check_options
from .lab import OnOutcome, ingest_plan
from .outcome import LabReport
from .plan import plan_folder

if TYPE_CHECKING:
    from .._client import AsyncIonworks

__all__ = ["FolderReport", "ingest_folder"]

FolderReport = LabReport
"""The report's earlier name."""


async def ingest_folder(
    client: AsyncIonworks,
    folder: Path,
    *,
    cell_pattern: str | None = None,
    concurrency: int | None = None,
    strict: bool = False,
    skip_checks: Iterable[str] | None = None,
    replace_failed: bool = False,
    on_outcome: OnOutcome | None = None,
    keep_raw: bool = True,
) -> LabReport:
    """Ingest a lab folder: each file ingested, existing, extended, failed, skipped.

    Parameters
    ----------
    client : AsyncIonworks
        The client to use.
    folder : Path
        The folder, laid out as :mod:`ionworks_async.ingest.plan` describes.
    cell_pattern : str, optional
        A regular expression naming the cells of files in no cell folder.
    concurrency : int, optional
        Files uploading at once (default: the client's ``max_concurrency``).
    strict : bool, optional
        Run the strict data checks on every file (``validate_strict``).
    skip_checks : iterable of str, optional
        Strict checks to skip, by name.
    replace_failed : bool, optional
        Replace a measurement whose server processing failed.
    on_outcome : callable, optional
        Called with each file's :class:`~.outcome.FileOutcome` as it ends.
    keep_raw : bool, optional
        Keep each original file as raw data linked to its measurement.

    Returns
    -------
    LabReport
        Each file of the folder with its end.

    Raises
    ------
    ValueError
        When the folder cannot be planned (no such folder, no ``spec.json``,
        a bad ``--cell-pattern``) or an option is wrong.
    ServerUnavailable
        When the server cannot be reached or refuses the credentials.
    """
    options = check_options(strict, None, None, skip_checks)
    plan = plan_folder(Path(folder), cell_pattern)
    return await ingest_plan(
        client,
        plan,
        options=options,
        concurrency=concurrency,
        replace_failed=replace_failed,
        on_outcome=on_outcome,
        keep_raw=keep_raw,
    )
