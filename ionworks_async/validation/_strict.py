"""The strict checks of the time series (``validate_strict=True``).

``minimum_points_per_step`` and ``cycle_constant_within_step`` look at one
chunk; ``capacity_energy_from_current_power`` and ``voltage_continuity``
gather figures over the chunks (:class:`Integrals`, :class:`VoltageJumps`)
and judge the whole series. ``time_gaps`` runs with the time checks.
"""

from __future__ import annotations

import attrs

from ..analysis.kernels import run_ends, run_starts
from ._always import timed_rows
from ._chunk import Chunk, first_true, numbers
from .issues import IssueCode, ValidationIssue

__all__ = [
    "INTEGRAL_TOLERANCE",
    "Integrals",
    "VoltageJumps",
    "cycle_issues",
    "points_issues",
]

INTEGRAL_TOLERANCE = 0.10
"""Largest relative gap between a cumulative column and its integral."""
JUMP_SHARE = 0.80
"""A jump between two rows larger than this share of the voltage window..."""
MAX_JUMPS = 0.05
"""...in more than this share of the row pairs fails voltage continuity."""


def points_issues(chunk: Chunk) -> list[ValidationIssue]:
    """Every step has at least two samples."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..tables.bridge import arrow_array, arrow_scalar

    step = chunk.column("Step count")
    ends = run_ends(step).cast(pa.int64())
    starts = pa.concat_arrays([arrow_array(np.array([-1])), ends[:-1]])
    sizes = pc.subtract(ends, starts)
    if chunk.head:
        sizes, ends = sizes[1:], ends[1:]
    k = first_true(pc.less(sizes, arrow_scalar(2)))
    if k < 0:
        return []
    row = ends[k].as_py()
    value = step[row].as_py()
    return [
        ValidationIssue(
            IssueCode.STEP_TOO_FEW_POINTS,
            f"Step {value!r} (row {chunk.offset + row}) has a single sample; "
            "each step needs at least 2",
            payload={"step": value, "row": chunk.offset + row, "minimum": 2},
        )
    ]


def cycle_issues(chunk: Chunk) -> list[ValidationIssue]:
    """``Cycle count`` does not change within a step."""
    import pyarrow.compute as pc

    from ..tables.bridge import arrow_scalar

    if not chunk.has("Cycle count"):
        return []
    step, cycle = chunk.column("Step count"), chunk.column("Cycle count")
    same_step = pc.equal(step[1:], step[:-1]).fill_null(arrow_scalar(False))
    changed = pc.not_equal(cycle[1:], cycle[:-1]).fill_null(arrow_scalar(False))
    k = first_true(pc.and_(same_step, changed))
    if k < 0:
        return []
    row = chunk.offset + k + 1
    return [
        ValidationIssue(
            IssueCode.CYCLE_CHANGES_WITHIN_STEP,
            f"'Cycle count' changes within step {step[k].as_py()!r} at row {row}",
            payload={"row": row, "step": step[k].as_py()},
        )
    ]


_INTEGRALS = (
    ("Discharge capacity [A.h]", "current", 1.0),
    ("Charge capacity [A.h]", "current", -1.0),
    ("Discharge energy [W.h]", "power", 1.0),
    ("Charge energy [W.h]", "power", -1.0),
)
"""Each cumulative column, what it integrates, and the sign of the part."""
_MISMATCH = {
    "Discharge capacity [A.h]": IssueCode.DISCHARGE_CAPACITY_INTEGRAL_MISMATCH,
    "Charge capacity [A.h]": IssueCode.CHARGE_CAPACITY_INTEGRAL_MISMATCH,
    "Discharge energy [W.h]": IssueCode.DISCHARGE_ENERGY_INTEGRAL_MISMATCH,
    "Charge energy [W.h]": IssueCode.CHARGE_ENERGY_INTEGRAL_MISMATCH,
}


@attrs.define
class _Worst:
    """The largest gap between a column and its integral seen so far."""

    gap: float = -1.0
    row: int = 0
    reported: float = 0.0
    integrated: float = 0.0
    scale: float = 0.0


@attrs.define
class Integrals:
    """Cumulative capacity and energy columns against ∫I dt and ∫P dt.

    Within each step, the reported column is compared, row by row, with the
    trapezoidal integral of the positive part of the current (discharge) or
    of its negative part (charge), or of the power (``Power [W]``, else
    voltage times current). A column fails when its largest gap exceeds
    10 % of the largest value either reaches.
    """

    worst: dict[str, _Worst] = attrs.field(factory=dict)

    def add(self, chunk: Chunk) -> None:
        """Compare the columns of a chunk's steps (not the head row's)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        from ..tables.bridge import arrow_array, arrow_scalar

        if not chunk.has("Time [s]") or not chunk.has("Current [A]"):
            return
        index, time = timed_rows(chunk)
        if len(time) < 2:
            return
        table = chunk.table.take(index)
        sources = {"current": pc.take(chunk.column("Current [A]"), index)}
        if chunk.has("Power [W]"):
            sources["power"] = pc.take(chunk.column("Power [W]"), index)
        elif chunk.has("Voltage [V]"):
            voltage = pc.take(chunk.column("Voltage [V]"), index)
            sources["power"] = pc.multiply(voltage, sources["current"])
        step = pc.take(chunk.column("Step count"), index)
        starts = run_starts(step, head=False)
        inside = pc.invert(starts[1:])
        run = pc.subtract(pc.cumulative_sum(starts.cast(pa.int64())), arrow_scalar(1))
        # The head row is the end of a step already compared.
        counted = (
            pc.greater(run, arrow_scalar(0))
            if chunk.head and index[0].as_py() == 0
            else None
        )
        span = pc.divide(pc.subtract(time[1:], time[:-1]), arrow_scalar(3600.0))
        for name, source, sign in _INTEGRALS:
            if name not in table.column_names or source not in sources:
                continue
            signed = pc.max_element_wise(
                pc.multiply(sources[source], arrow_scalar(float(sign))),
                arrow_scalar(0.0),
            )
            signed = pc.if_else(
                pc.is_finite(signed).fill_null(arrow_scalar(False)),
                signed,
                arrow_scalar(0.0),
            )
            area = pc.multiply(
                pc.divide(pc.add(signed[1:], signed[:-1]), arrow_scalar(2.0)), span
            )
            area = pc.if_else(inside, area, arrow_scalar(0.0)).fill_null(
                arrow_scalar(0.0)
            )
            total = pa.concat_arrays(
                [arrow_array(np.zeros(1)), pc.cumulative_sum(area)]
            )
            integrated = pc.subtract(total, pc.take(pc.filter(total, starts), run))
            reported = numbers(table, name)
            gap = pc.abs(pc.subtract(reported, integrated))
            ok = pc.is_finite(gap).fill_null(arrow_scalar(False))
            if counted is not None:
                ok = pc.and_(ok, counted)
            if not pc.any(ok).as_py():
                continue
            gap = pc.if_else(ok, gap, arrow_scalar(-1.0))
            largest = pc.max(gap).as_py()
            scale = max(
                pc.max(pc.if_else(ok, pc.abs(reported), arrow_scalar(0.0))).as_py()
                or 0.0,
                pc.max(pc.if_else(ok, pc.abs(integrated), arrow_scalar(0.0))).as_py()
                or 0.0,
            )
            worst = self.worst.setdefault(name, _Worst())
            worst.scale = max(worst.scale, scale)
            if largest > worst.gap:
                k = pc.index(gap, arrow_scalar(float(largest))).as_py()
                worst.gap, worst.row = largest, chunk.offset + index[k].as_py()
                worst.reported = reported[k].as_py()
                worst.integrated = integrated[k].as_py()

    def issues(self) -> list[ValidationIssue]:
        """Return one issue for each column off by more than the tolerance."""
        issues = []
        for name, code in _MISMATCH.items():
            worst = self.worst.get(name)
            if worst is None or worst.scale <= 0:
                continue
            relative = worst.gap / worst.scale
            if relative <= INTEGRAL_TOLERANCE:
                continue
            issues.append(
                ValidationIssue(
                    code,
                    f"'{name}' differs from the integral of the "
                    f"{'current' if 'capacity' in name else 'power'} by up to "
                    f"{relative:.1%} of its range (more than "
                    f"{INTEGRAL_TOLERANCE:.0%}); worst at row {worst.row}: "
                    f"{worst.reported:.4g} reported, {worst.integrated:.4g} "
                    "integrated",
                    payload={
                        "column": name,
                        "row": worst.row,
                        "reported": worst.reported,
                        "integrated": worst.integrated,
                        "relative_error": relative,
                        "tolerance": INTEGRAL_TOLERANCE,
                    },
                )
            )
        return issues


@attrs.define
class VoltageJumps:
    """Rows out of order: too many jumps of most of the voltage window."""

    window: tuple[float, float]
    jumps: int = 0
    pairs: int = 0
    first_row: int = -1

    def add(self, chunk: Chunk) -> None:
        """Count the chunk's row pairs and jumps (head row included)."""
        import pyarrow.compute as pc

        from ..tables.bridge import arrow_scalar

        if not chunk.has("Voltage [V]") or chunk.table.num_rows < 2:
            return
        voltage = chunk.column("Voltage [V]")
        limit = JUMP_SHARE * (self.window[1] - self.window[0])
        jumps = pc.greater(
            pc.abs(pc.subtract(voltage[1:], voltage[:-1])), arrow_scalar(float(limit))
        )
        jumps = jumps.fill_null(arrow_scalar(False))
        self.pairs += len(jumps)
        count = pc.sum(jumps).as_py() or 0
        if count and self.first_row < 0:
            self.first_row = chunk.offset + first_true(jumps) + 1
        self.jumps += count

    def issues(self) -> list[ValidationIssue]:
        """Return the issue when too many row pairs jump."""
        if not self.pairs or self.jumps / self.pairs <= MAX_JUMPS:
            return []
        share = self.jumps / self.pairs
        return [
            ValidationIssue(
                IssueCode.VOLTAGE_CONTINUITY,
                f"The voltage jumps by more than {JUMP_SHARE:.0%} of the window "
                f"{self.window} between {self.jumps} of {self.pairs} row pairs "
                f"({share:.1%}; first at row {self.first_row}): the rows look out "
                "of time order (a group-by or partition that reordered them?)",
                payload={
                    "bad_count": self.jumps,
                    "total_pairs": self.pairs,
                    "bad_fraction": share,
                    "row": self.first_row,
                    "voltage_window": list(self.window),
                },
            )
        ]
