"""Cost to load: import time of ``ionworks``, installed size of the dependencies."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
from importlib import metadata
from pathlib import Path

__all__ = ["import_milliseconds", "required_size_bytes"]


def import_milliseconds(statement: str = "import ionworks", runs: int = 7) -> float:
    """Median over runs of the import time ``-X importtime`` reports, in ms."""
    totals = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", statement],
            capture_output=True,
            text=True,
            check=True,
        )
        self_times = re.findall(r"import time:\s+(\d+) \|", result.stderr)
        totals.append(sum(int(value) for value in self_times) / 1000)
    return statistics.median(totals)


def _requirements(name: str) -> list[str]:
    """Names a distribution requires, leaving out its extras' requirements.

    A requirement for another Python version is simply not installed, and so
    skipped when it is looked up.
    """
    names = []
    for text in metadata.requires(name) or []:
        requirement, _, marker = text.partition(";")
        if "extra" in marker:
            continue
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        if match:
            names.append(match.group(1))
    return names


def required_size_bytes(distribution: str = "ionworks-async") -> dict[str, int]:
    """Installed size of every required dependency (transitively), by name."""
    sizes: dict[str, int] = {}
    pending = _requirements(distribution)
    while pending:
        name = pending.pop()
        key = name.lower().replace("_", "-")
        if key in sizes:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        total = 0
        for file in dist.files or []:
            path = Path(str(dist.locate_file(file)))
            if path.is_file():
                total += path.stat().st_size
        sizes[key] = total
        pending.extend(_requirements(name))
    return sizes
