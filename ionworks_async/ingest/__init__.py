"""Bulk jobs: the batch runner, its result, progress, and folder ingestion.

:mod:`._runner` runs items with bounded concurrency and a breaker;
:mod:`.result` is what every ``create_many`` returns; :mod:`._progress`
reports as it goes; :mod:`.folder` ingests a folder laid out by cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .result import BatchResult, ItemFailure, Success, Unknown

if TYPE_CHECKING:
    from .folder import FolderReport, ingest_folder, read_layout

__all__ = [
    "BatchResult",
    "FolderReport",
    "ItemFailure",
    "Success",
    "Unknown",
    "ingest_folder",
    "read_layout",
]

_FOLDER = frozenset({"FolderReport", "ingest_folder", "read_layout"})


def __getattr__(name: str) -> Any:
    # The folder job knows the whole client: loaded on first use, so that the
    # resources (which use the runner) never import it.
    if name in _FOLDER:
        from . import folder

        return getattr(folder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
