"""What became of each file of a lab folder: FileOutcome and LabReport."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Literal

import attrs

from ..display import shown

__all__ = ["STATUSES", "FileOutcome", "FolderReport", "LabReport", "Status"]

Status = Literal["ingested", "extended", "existing", "failed", "skipped"]
STATUSES: tuple[Status, ...] = ("ingested", "extended", "existing", "failed", "skipped")


@attrs.frozen
class FileOutcome:
    """One file's end.

    Attributes
    ----------
    path : Path
        The file.
    status : {"ingested", "extended", "existing", "failed", "skipped"}
        Uploaded as a new measurement; its new rows appended to the
        measurement it made before; found unchanged; failed; or not a data
        file of this folder.
    reason : str or None
        Why it failed or was skipped (with a failure: what it is in the file).
    fix : str or None
        With a failure: what to do about it.
    cell, measurement : str or None
        The cell and measurement names it was planned as.
    measurement_id : str or None
        The measurement it made or matched.
    rows : int or None
        Its rows, when it was read.
    warnings : tuple of str
        What its reading or its checks warned of, when it ended with a record
        (a run stopped early, a last line cut, a check's warning).
    """

    path: Path
    status: Status
    reason: str | None = None
    fix: str | None = None
    cell: str | None = None
    measurement: str | None = None
    measurement_id: str | None = None
    rows: int | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the outcome as JSON-ready values."""
        values = attrs.asdict(self)
        values["path"] = str(self.path)
        values["warnings"] = list(self.warnings)
        return {key: value for key, value in values.items() if value not in (None, [])}


@attrs.frozen
class LabReport:
    """Every file of a folder, each with its end.

    Attributes
    ----------
    root : Path
        The folder.
    outcomes : tuple of FileOutcome
        One a file, in the order of the plan (skipped files last).
    created : dict of str to int
        Records created: ``specifications`` and ``cells``.
    seconds : float
        How long the run took.
    """

    root: Path
    outcomes: tuple[FileOutcome, ...]
    created: dict[str, int] = attrs.field(factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether no file failed."""
        return not self.of("failed")

    def of(self, status: Status) -> list[FileOutcome]:
        """Return the outcomes of one status."""
        return [outcome for outcome in self.outcomes if outcome.status == status]

    def counts(self) -> dict[str, int]:
        """Return the number of files of each status."""
        counted = Counter(outcome.status for outcome in self.outcomes)
        return {status: counted.get(status, 0) for status in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready values (what ``--json`` prints)."""
        return {
            "root": str(self.root),
            "ok": self.ok,
            "counts": self.counts(),
            "created": dict(self.created),
            "seconds": round(self.seconds, 3),
            "files": [outcome.to_dict() for outcome in self.outcomes],
        }

    def summary(self) -> str:
        """Return the one-line count of every status."""
        counts = self.counts()
        return f"{len(self.outcomes)} files in {self.seconds:.1f} s: " + ", ".join(
            f"{counts[status]} {status}" for status in STATUSES
        )

    def __str__(self) -> str:
        lines = [self.summary()]
        failed, skipped = self.of("failed"), self.of("skipped")
        warned = [o for o in self.outcomes if o.warnings]
        if warned:
            lines.append("warned (read and kept; see what was read around):")
            lines += [
                f"  {shown(o.path)}: {shown(warning)}"
                for o in warned
                for warning in o.warnings
            ]
        if failed:
            lines.append("failed (fix them and run the same command again):")
            lines += [
                f"  {shown(o.path)}: {shown(o.reason)}\n    fix: {shown(o.fix)}"
                for o in failed
            ]
        if skipped:
            lines.append("skipped:")
            lines += [f"  {shown(o.path)}: {shown(o.reason)}" for o in skipped]
        return "\n".join(lines)


FolderReport = LabReport
"""The report's earlier name."""
