"""Small helpers the benchmarks share: percentiles and markdown tables."""

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
