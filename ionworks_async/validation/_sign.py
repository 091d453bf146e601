"""The always-on check of the current's sign: a vote of the steps.

In each non-rest step the voltage is fitted linearly against the charge
passed (∫I dt): with positive current discharging, the voltage falls as the
charge grows. A step votes with the sign of that slope, weighted by the
charge it passed (∫|I| dt) times how well the line fits (|r|). Votes add up
over the chunks of a series; :meth:`SignVote.issues` gives the verdict.
"""

from __future__ import annotations

from typing import Any

import attrs

from ._arrays import Chunk, run_ends
from ._issues import IssueCode, ValidationIssue

__all__ = ["REVERSED_SHARE", "SignVote"]

REST_CURRENT = 1e-3
"""Steps whose mean current is below this (in A, or 2 % of the typical
current when that is smaller) are rests, which do not vote on the sign."""
REVERSED_SHARE = 0.75
"""The share of the vote that says "positive current charges" from which the
sign is reversed; from 1 - REVERSED_SHARE up to it, the vote is undecided."""
NEEDED = ("Time [s]", "Voltage [V]", "Current [A]", "Step count")


@attrs.define
class SignVote:
    """The running vote: weights for "positive charges" and "discharges"."""

    charge: float = 0.0
    discharge: float = 0.0
    negative_current: bool = False

    def add(self, chunk: Chunk) -> None:
        """Add the votes of a chunk's steps (not the head row's step)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        table = chunk.table
        if any(not chunk.has(name) for name in NEEDED) or table.num_rows < 2:
            return
        time, voltage = chunk.column("Time [s]"), chunk.column("Voltage [V]")
        current, step = chunk.column("Current [A]"), chunk.column("Step count")
        span = pc.subtract(time[1:], time[:-1])
        middle = pc.divide(pc.add(current[1:], current[:-1]), 2.0)
        inside = pc.equal(step[1:], step[:-1])
        passed = pc.multiply(middle, span)
        # A gap in the data (null, NaN) passes no charge, rather than
        # poisoning the running sum of every later row.
        usable = pc.and_(inside, pc.is_finite(passed)).fill_null(False)
        passed = pc.if_else(usable, passed, 0.0)
        charge = pa.concat_arrays([pa.array([0.0]), pc.cumulative_sum(passed)])
        moved = pa.concat_arrays([pa.array([0.0]), pc.abs(passed).fill_null(0.0)])
        typical = pc.quantile(pc.abs(current), q=0.95).to_pylist()[0] or 0.0
        rest = min(REST_CURRENT, max(0.02 * typical, 1e-12))
        if pc.any(pc.less(current, -rest)).as_py():
            self.negative_current = True
        finite = pc.and_(pc.is_finite(charge), pc.is_finite(voltage)).fill_null(False)
        ends = run_ends(step)

        def per_step(values: Any) -> list[float]:
            # Per-step sums: differences of running sums at each run's end.
            ok = pc.and_(finite, pc.is_finite(values)).fill_null(False)
            kept = pc.if_else(ok, values, 0.0)
            at_ends = pc.take(pc.cumulative_sum(kept), ends)
            before = pa.concat_arrays([pa.array([0.0]), at_ends[:-1]])
            result: list[float] = pc.subtract(at_ends, before).to_pylist()
            return result

        n = per_step(pc.if_else(finite, 1.0, 0.0))
        total = {
            "i": per_step(current),
            "q": per_step(charge),
            "v": per_step(voltage),
            "qq": per_step(pc.multiply(charge, charge)),
            "vv": per_step(pc.multiply(voltage, voltage)),
            "qv": per_step(pc.multiply(charge, voltage)),
            "moved": per_step(moved),
        }
        for k in range(1 if chunk.head else 0, len(n)):
            if n[k] < 2 or abs(total["i"][k] / n[k]) < rest or total["moved"][k] <= 0:
                continue
            var_q = total["qq"][k] - total["q"][k] ** 2 / n[k]
            var_v = total["vv"][k] - total["v"][k] ** 2 / n[k]
            cov = total["qv"][k] - total["q"][k] * total["v"][k] / n[k]
            if var_q <= 0 or var_v <= 0:
                continue
            fit = min(abs(cov) / (var_q * var_v) ** 0.5, 1.0)
            if cov > 0:
                self.charge += fit * total["moved"][k]
            else:
                self.discharge += fit * total["moved"][k]

    def issues(self) -> list[ValidationIssue]:
        """Return the verdict of the whole vote."""
        weight = self.charge + self.discharge
        if weight <= 0:
            return []
        share = self.charge / weight
        payload = {"charge_fraction": share}
        if share >= REVERSED_SHARE:
            return [
                ValidationIssue(
                    IssueCode.CURRENT_SIGN_REVERSED,
                    "Positive current appears to charge the cell (its voltage "
                    "rises with it): flip the sign of 'Current [A]' so that "
                    "positive current is discharge",
                    payload=payload,
                )
            ]
        if share <= 1 - REVERSED_SHARE:
            return []
        if not self.negative_current:
            return [
                ValidationIssue(
                    IssueCode.CURRENT_SIGN_UNSIGNED,
                    "'Current [A]' is never negative, yet the voltage rises in "
                    "some steps and falls in others: the current looks unsigned. "
                    "Make charge current negative",
                    payload=payload,
                )
            ]
        return [
            ValidationIssue(
                IssueCode.CURRENT_SIGN_INDETERMINATE,
                "Whether positive current is discharge cannot be told from the "
                f"data (the steps are split {share:.0%} charge to "
                f"{1 - share:.0%} discharge)",
                payload=payload,
            )
        ]
