"""What a plan holds: specifications, cells and their files, and the files left out."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import attrs

from .._arguments.query import nfc
from ..display import shown

__all__ = [
    "Plan",
    "PlannedCell",
    "PlannedFile",
    "PlannedSpec",
    "Refused",
    "Skipped",
]


@attrs.frozen
class PlannedSpec:
    """A cell specification, from a ``spec.json`` (or named without one).

    ``how`` says where a specification without a ``spec.json`` got its name
    (``"--spec"``, ``"the folder's name"``); its ``source`` is then where
    that file would be.
    """

    source: Path
    fields: dict[str, Any]
    how: str = ""

    @property
    def name(self) -> str:
        """The specification's name (NFC)."""
        return str(self.fields["name"])


@attrs.frozen
class PlannedFile:
    """A data file and the measurement it becomes."""

    path: Path
    reader: str
    measurement: str
    fields: dict[str, Any]
    """The measurement's fields from its ``.json`` sidecar (``name`` set)."""


@attrs.frozen
class PlannedCell:
    """A cell instance: its specification, name, fields and files."""

    spec: PlannedSpec
    name: str
    fields: dict[str, Any]
    how: str
    """How the cell was found (its folder, or the pattern on file names)."""
    files: tuple[PlannedFile, ...]


@attrs.frozen
class Skipped:
    """A file that is not ingested, and why."""

    path: Path
    reason: str


@attrs.frozen
class Refused:
    """A file that should have been ingested but cannot be: why, and the fix."""

    path: Path
    reason: str
    fix: str


@attrs.frozen
class Plan:
    """Everything ``ingest`` will do with a folder, in order."""

    root: Path
    specs: tuple[PlannedSpec, ...]
    cells: tuple[PlannedCell, ...]
    skipped: tuple[Skipped, ...]
    refused: tuple[Refused, ...]

    @property
    def files(self) -> int:
        """The number of data files to ingest."""
        return sum(len(cell.files) for cell in self.cells)

    def shard(self, index: int, count: int) -> Plan:
        """Return the part of the plan that shard ``index`` of ``count`` does.

        Cells are dealt out by a hash of their specification's and their own
        names (the same on every machine and every run, whatever the file
        order), skipped and refused files by their path below the root: run
        ``count`` jobs, ``index`` from 0 to ``count - 1`` (a Kubernetes
        completion index, a Slurm array task id from 0), and every file is
        done by exactly one of them.

        Raises
        ------
        ValueError
            When ``index`` is not in ``0..count-1``.
        """
        if count < 1 or not 0 <= index < count:
            raise ValueError(
                f"--shard {index}/{count}: the shard must be K/N with 0 <= K < N"
            )

        def mine(*parts: str) -> bool:
            digest = hashlib.sha256("\x00".join(parts).encode()).digest()
            return int.from_bytes(digest[:8], "big") % count == index

        def relative(path: Path) -> str:
            return nfc(str(path.relative_to(self.root)))

        return Plan(
            self.root,
            self.specs,
            tuple(c for c in self.cells if mine(c.spec.name, c.name)),
            tuple(s for s in self.skipped if mine(relative(s.path))),
            tuple(r for r in self.refused if mine(relative(r.path))),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the plan as JSON-ready values."""
        return {
            "root": str(self.root),
            "specifications": [
                {"name": spec.name, "from": spec.how or str(spec.source)}
                for spec in self.specs
            ],
            "cells": [
                {
                    "specification": cell.spec.name,
                    "name": cell.name,
                    "found": cell.how,
                    "measurements": [
                        {
                            "name": planned.measurement,
                            "file": str(planned.path),
                            "reader": planned.reader,
                        }
                        for planned in cell.files
                    ],
                }
                for cell in self.cells
            ],
            "skipped": [
                {"file": str(s.path), "reason": s.reason} for s in self.skipped
            ],
            "refused": [
                {"file": str(r.path), "reason": r.reason, "fix": r.fix}
                for r in self.refused
            ],
        }

    def __str__(self) -> str:
        # every name from the file system shown escaped: no control reaches
        # the terminal (see display.shown)
        lines = [f"plan for {shown(self.root)}:"]
        for spec in self.specs:
            cells = [cell for cell in self.cells if cell.spec is spec]
            origin = spec.how or shown(spec.source)
            lines.append(f"specification {spec.name!r} (from {origin})")
            for cell in cells:
                lines.append(f"  cell {cell.name!r} ({shown(cell.how)})")
                for planned in cell.files:
                    lines.append(
                        f"    measurement {planned.measurement!r} <- "
                        f"{shown(planned.path)} [{planned.reader}]"
                    )
        if self.refused:
            lines.append(f"refused ({len(self.refused)}):")
            lines += [
                f"  {shown(r.path)}: {shown(r.reason)}; {shown(r.fix)}"
                for r in self.refused
            ]
        if self.skipped:
            lines.append(f"skipped ({len(self.skipped)}):")
            lines += [f"  {shown(s.path)}: {shown(s.reason)}" for s in self.skipped]
        lines.append(
            f"{len(self.specs)} specifications, {len(self.cells)} cells, "
            f"{self.files} measurements, {len(self.refused)} refused, "
            f"{len(self.skipped)} skipped"
        )
        return "\n".join(lines)
