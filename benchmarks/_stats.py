"""Small helpers the benchmarks share: percentiles, tables, peak memory."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], fraction: float) -> float:
    """Return the value at ``fraction`` (0..1) of the sorted values, interpolated."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values: Sequence[float]) -> tuple[float, float, float]:
    """Return (median, p10, p90)."""
    return statistics.median(values), percentile(values, 0.1), percentile(values, 0.9)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Render a markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


PEAK_RSS_MB = """
def peak_rss_mb():
    # VmHWM: this process's own peak. ru_maxrss is not, on Linux: a child
    # started by fork and exec keeps its parent's peak at the fork.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource, sys
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)
"""
"""Source of ``peak_rss_mb()`` for the child scripts that measure memory."""
