"""How a file of a lab folder ended, told: its outcome, the reason and the fix.

The fix is what to do next where the report is read, ``ionworks ingest``'s
terms (``ionworks inspect FILE``, ``--skip-check``, ``--replace-failed``).
"""

from __future__ import annotations

from typing import Any

from ..errors import APIConnectionError, IonworksError, MeasurementProcessingError
from ..read import CyclerFileError
from ..validation import STRICT_CHECK_NAMES, MeasurementValidationError
from .plan import PlannedCell, PlannedFile
from .report import FileOutcome

__all__ = ["failed", "settled"]


def settled(
    planned: PlannedFile,
    cell: PlannedCell,
    status: Any,
    record: Any,
    source: dict[str, Any],
    reason: str | None = None,
) -> FileOutcome:
    """Return the outcome of a file that ended with a record."""
    return FileOutcome(
        planned.path,
        status,
        reason,
        None,
        cell.name,
        planned.measurement,
        record.id,
        source.get("rows"),
    )


def failed(planned: PlannedFile, cell: PlannedCell, error: Exception) -> FileOutcome:
    """Return the outcome of a file that failed, with the reason and the fix."""
    text = error.message if isinstance(error, IonworksError) else str(error)
    message = text.removeprefix(f"{planned.path}: ")
    if isinstance(error, MeasurementValidationError) and error.errors:
        message = "; ".join(
            f"[{issue.code}] {issue.message}{_where(planned, issue.payload)}"
            for issue in error.errors
        )
    if isinstance(error, MeasurementProcessingError):
        fix = (
            "the server's processing refused it: fix the file, then run again "
            "with --replace-failed to replace the failed measurement"
        )
    elif isinstance(error, MeasurementValidationError):
        fix = _skip_advice({issue.code for issue in error.errors})
    elif isinstance(error, CyclerFileError):
        fix = (
            "check that it is a whole export of its cycler (ionworks inspect "
            "FILE shows how it reads)"
        )
    elif isinstance(error, OSError):
        fix = "make the file readable"
    elif isinstance(error, APIConnectionError):
        fix = "the server could not be reached: run the same command again"
    else:
        fix = "run the same command again; if it fails again, see the message"
    return FileOutcome(
        planned.path, "failed", message, fix, cell.name, planned.measurement
    )


def _skip_advice(codes: set[str]) -> str:
    """How to get past failed checks: skip them only if they are strict ones.

    An always-on check fails for data the server refuses too: skipping it
    here would only leave a measurement whose processing failed.
    """
    advice = "fix the data (ionworks inspect FILE shows how it reads)"
    if codes and codes <= STRICT_CHECK_NAMES:
        flags = " ".join(f"--skip-check {code}" for code in sorted(codes))
        return f"{advice}, or skip what is strict with {flags}"
    return f"{advice}: the server checks this too, and would refuse it"


def _where(planned: PlannedFile, payload: dict[str, Any]) -> str:
    """Where in the file an issue's row is, counted from 1 (as editors count)."""
    row = payload.get("row")
    if type(row) is not int:
        return ""
    if planned.reader == "csv" and planned.path.suffix.lower() == ".csv":
        return f" (line {row + 2} of the file)"  # the API's columns: a header line
    return f" (data row {row + 1})"
