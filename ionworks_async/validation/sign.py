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

from ..analysis.kernels import Steps, float_array, passed, quantile
from ._chunk import Chunk
from .issues import IssueCode, ValidationIssue

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
    largest: float = 0.0
    """The largest |current| seen (A)."""

    def add(self, chunk: Chunk) -> None:
        """Add the votes of a chunk's steps (not the head row's step)."""
        table = chunk.table
        if any(not chunk.has(name) for name in NEEDED) or table.num_rows < 2:
            return
        time, voltage, current, step = (_floats(chunk, name) for name in NEEDED)
        steps = Steps(step)
        charge = passed(time, current, steps)
        self.add_steps(voltage, current, charge, steps.starts, head=chunk.head)

    def add_steps(
        self,
        voltage: Any,
        current: Any,
        increments: Any,
        starts: Any,
        *,
        head: bool = False,
    ) -> None:
        """Add the votes of rows whose steps are known (numpy arrays).

        Parameters
        ----------
        voltage, current : numpy.ndarray
            V and A (positive discharging), NaN where missing.
        increments : numpy.ndarray
            The charge passed since the row before (A.s), finite, 0 on each
            step's first row (:func:`~ionworks_async.analysis.kernels.passed`).
        starts : numpy.ndarray
            The index of each step's first row (the first is 0).
        head : bool
            Whether the first step was counted before (it does not vote).
        """
        import numpy as np

        magnitude = np.abs(current[np.isfinite(current)])
        if len(magnitude):
            self.largest = max(self.largest, float(magnitude.max()))
        if len(current) < 2:
            return
        charge = np.cumsum(increments)
        moved = np.abs(increments)
        typical = quantile(magnitude, 0.95)
        rest = min(REST_CURRENT, max(0.02 * typical, 1e-12))
        if (current < -rest).any():
            self.negative_current = True
        finite = np.isfinite(charge) & np.isfinite(voltage)
        kept_q = np.where(finite, charge, 0.0)
        kept_v = np.where(finite, voltage, 0.0)
        # Every per-step sum in one call: one row a quantity, NaN/inf as 0.
        rows = np.empty((8, len(kept_q)))
        rows[0], rows[1], rows[2] = finite, kept_q, kept_v
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            np.multiply(kept_q, kept_q, out=rows[3])
            np.multiply(kept_v, kept_v, out=rows[4])
            np.multiply(kept_q, kept_v, out=rows[5])
            rows[6] = np.where(finite, moved, 0.0)
            rows[7] = np.where(finite, current, 0.0)
            rows[~np.isfinite(rows)] = 0.0
            n, q, v, qq, vv, qv, weight, flow = np.add.reduceat(rows, starts, axis=1)
            var_q = qq - q * q / n
            var_v = vv - v * v / n
            cov = qv - q * v / n
            voting = (
                (n >= 2)
                & (np.abs(flow / n) >= rest)
                & (weight > 0)
                & (var_q > 0)
                & (var_v > 0)
            )
            if head:
                voting[0] = False  # the head row's step was counted before
            fit = np.minimum(np.abs(cov) / np.sqrt(var_q * var_v), 1.0)
            votes = np.where(voting, fit * weight, 0.0)
        charging = cov > 0
        self.charge += float(votes[charging].sum())
        self.discharge += float(votes[~charging].sum())

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


def _floats(chunk: Chunk, name: str) -> Any:
    """Return a column as float64 numpy (missing values NaN)."""
    return float_array(chunk.column(name))
