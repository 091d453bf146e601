"""Bulk jobs: the batch runner, its result, progress, and folder ingestion.

:mod:`._runner` runs items with bounded concurrency and a breaker;
:mod:`.result` is what every ``create_many`` returns; :mod:`._progress`
reports as it goes; :mod:`.folder` ingests a lab's folder: :mod:`.plan`
decides what each file becomes, :mod:`.lab` does it, :mod:`.outcome` reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .result import BatchResult, ItemFailure, Success, Unknown

if TYPE_CHECKING:
    from .folder import FolderReport, ingest_folder
    from .outcome import FileOutcome, LabReport
    from .plan import Plan, plan_folder

__all__ = [
    "BatchResult",
    "FileOutcome",
    "FolderReport",
    "ItemFailure",
    "LabReport",
    "Plan",
    "Success",
    "Unknown",
    "ingest_folder",
    "plan_folder",
]

_LAZY = {
    "FolderReport": "folder",
    "ingest_folder": "folder",
    "FileOutcome": "outcome",
    "LabReport": "outcome",
    "Plan": "plan",
    "plan_folder": "plan",
}


def __getattr__(name: str) -> Any:
    # The folder job knows the whole client: loaded on first use, so that the
    # resources (which use the runner) never import it.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
