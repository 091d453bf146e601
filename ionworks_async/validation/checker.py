"""Checking a time series batch by batch, in bounded memory.

:class:`TimeSeriesChecker` takes the series in record batches (a streamed
CSV, a parquet file's row groups, slices of a frame), keeps only the checked
columns as float64, and runs the checks over chunks of whole steps: about
:data:`CHUNK_ROWS` rows at a time plus the longest step. Each chunk after the
first starts with the previous chunk's last row, so checks that compare
neighbouring rows see every pair once. The verdict is the same as checking
the whole series at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._always import CUMULATIVE_COLUMNS, cumulative_issues, step_issues, time_issues
from ._chunk import Chunk
from ._data_types import EIS_COLUMNS, eis_column_issues, eis_strict_issues, ocp_issues
from ._step_table import (
    column_direction_issues,
    full_step_issues,
    step_capacity_issues,
)
from ._strict import Integrals, VoltageJumps, cycle_issues, points_issues
from ._timing import timing_issues
from .issues import IssueCode, ValidationIssue
from .options import CheckOptions
from .sign import SignVote

if TYPE_CHECKING:  # numpy's import waits for a strict check
    from ..analysis.summary import Summarizer

__all__ = ["CHUNK_ROWS", "CheckOptions", "TimeSeriesChecker"]

CHUNK_ROWS = 1 << 18
"""Rows checked at a time (plus the rest of the step in progress)."""
CHECKED = (
    "Time [s]",
    "Voltage [V]",
    "Current [A]",
    "Step count",
    "Cycle count",
    "Power [W]",
    *CUMULATIVE_COLUMNS,
    *EIS_COLUMNS,
)
"""The columns the checks read."""
_ORDER = {code: rank for rank, code in enumerate(IssueCode)}


class TimeSeriesChecker:
    """Check a time series fed batch by batch; :meth:`finish` gives the issues.

    Parameters
    ----------
    options : CheckOptions
        What to check.
    chunk_rows : int, optional
        Rows checked at a time (tests set it small to cross chunk edges).
    continuation : bool, optional
        The rows continue a stored series (an extend): time and step count
        need not start at 0, and the first step may have begun before them.

    Raises
    ------
    ValueError
        From :meth:`feed`, when a checked column is not numeric.
    """

    def __init__(
        self,
        options: CheckOptions,
        chunk_rows: int = CHUNK_ROWS,
        *,
        continuation: bool = False,
    ) -> None:
        self.options = options
        self.continuation = continuation
        self.chunk_rows = chunk_rows
        self.names: list[str] | None = None
        self.pending: list[Any] = []
        self.pending_rows = 0
        self.context: Any = None  # the last row already checked
        self.offset = 0  # the series row of the next chunk's first row
        self.found: list[ValidationIssue] = []
        self.vote = SignVote()
        self.integrals = Integrals()
        window = options.voltage_window
        self.jumps = (
            VoltageJumps(window)
            if window and options.runs("voltage_continuity")
            else None
        )
        self.low: float | None = None
        self.high: float | None = None
        # The strict checks of the steps judge the hosted API's step table:
        # made here, as the rows pass, when the caller gives none.
        self.summarizer: Summarizer | None = None
        if options.strict and self.cycler:
            from ..analysis.summary import StepTolerances, Summarizer

            self.summarizer = Summarizer(StepTolerances(options.rated_capacity))

    @property
    def cycler(self) -> bool:
        """Whether the data is cycler data (no ``data_type``)."""
        return self.options.data_type is None

    def feed(self, batch: Any) -> None:
        """Add a pyarrow record batch or table of the series (in row order)."""
        import pyarrow as pa

        if self.summarizer is not None:
            try:
                self.summarizer.feed(batch)
            except (KeyError, ValueError, TypeError):
                self.summarizer = None  # no step table to judge: the checks say so

        if self.names is None:
            self.names = list(batch.schema.names)
        kept = [name for name in CHECKED if name in batch.schema.names]
        try:
            columns = [batch.column(name).cast(pa.float64()) for name in kept]
        except (pa.ArrowException, OverflowError) as error:
            raise ValueError(f"A checked column is not numeric ({error})") from None
        table = pa.Table.from_arrays(columns, names=kept)
        for start in range(0, max(table.num_rows, 1), self.chunk_rows):
            part = table.slice(start, self.chunk_rows)
            self.pending.append(part)
            self.pending_rows += part.num_rows
            if self.pending_rows >= self.chunk_rows and self.cycler:
                self._check(final=False)

    def finish(
        self,
        steps: Any = None,
        *,
        start_time: object = None,
        end_time: object = None,
    ) -> list[ValidationIssue]:
        """Check what is left and return every issue (warnings included).

        Parameters
        ----------
        steps : pyarrow.Table, optional
            The steps table, for its strict checks.
        start_time, end_time : datetime, str or None
            The measurement's times, for the timing warnings.
        """
        options = self.options
        names = self.names or []
        if self.cycler:
            self._check(final=True)
            self.found += self.vote.issues()
            if options.runs("capacity_energy_from_current_power"):
                self.found += self.integrals.issues()
            if self.jumps is not None:
                self.found += self.jumps.issues()
            if steps is None and self.summarizer is not None:
                steps = self._summary()
            if steps is not None:
                self.found += self._steps_issues(steps)
        else:
            self._check_kind(names)
        span = None if self.low is None or self.high is None else self.high - self.low
        self.found += timing_issues(start_time, end_time, span)
        skipped = options.skip_checks
        return [i for i in _first_of_each(self.found) if i.code not in skipped]

    def _summary(self) -> Any:
        assert self.summarizer is not None
        try:
            return self.summarizer.table()
        except ValueError:  # no rows
            return None

    def _steps_issues(self, steps: Any) -> list[ValidationIssue]:
        options, rated = self.options, self.options.rated_capacity
        issues = []
        if options.runs("charge_discharge_column_direction"):
            issues += column_direction_issues(steps)
        if rated is not None and options.runs("consecutive_same_direction_full_steps"):
            issues += full_step_issues(steps, rated)
        if rated is not None and options.runs("step_capacity_within_rated"):
            issues += step_capacity_issues(steps, rated)
        return issues

    def _check_kind(self, names: list[str]) -> None:
        """OCP and EIS data: small, checked whole."""
        import pyarrow as pa

        table = pa.concat_tables(self.pending) if self.pending else pa.table({})
        self._span(table)
        if self.options.data_type == "ocp":
            self.found += ocp_issues(names)
            if "Step count" in names:
                self.found += step_issues(Chunk(table))
            else:
                self.found += step_issues(Chunk(pa.table({})))
            return
        missing = eis_column_issues(names)
        self.found += missing
        if not missing and self.options.strict:
            self.found += eis_strict_issues(
                table, self.options.skip_checks, self.options.rated_capacity
            )

    def _span(self, table: Any) -> None:
        import pyarrow.compute as pc

        if "Time [s]" not in table.column_names:
            return
        low, high = pc.min_max(table.column("Time [s]")).values()
        if low.as_py() is not None:
            self.low = low.as_py() if self.low is None else min(self.low, low.as_py())
            self.high = (
                high.as_py() if self.high is None else max(self.high, high.as_py())
            )

    def _check(self, *, final: bool) -> None:
        """Check the pending rows up to the last step start (all when final)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        # Rows that continue a stored series (an extend) start mid-step: their
        # first row is treated as the end of a step already checked.
        from ..tables.bridge import arrow_scalar

        head = self.context is not None or (self.continuation and self.offset == 0)
        parts = ([] if self.context is None else [self.context]) + self.pending
        if not parts:
            return
        table = pa.concat_tables(parts).combine_chunks()
        cut = table.num_rows
        if not final and "Step count" in table.column_names and cut:
            step = table.column("Step count").chunk(0)
            changes = pc.indices_nonzero(
                pc.not_equal(step[1:], step[:-1]).fill_null(arrow_scalar(True))
            )
            cut = changes[-1].as_py() + 1 if len(changes) else 0
            if cut <= (1 if head else 0):
                return  # one step fills the buffer: wait for its end
        chunk = Chunk(table.slice(0, cut), self.offset, head)
        self._run(chunk)
        self.context = table.slice(cut - 1, 1) if cut else None
        self.offset += cut - 1 if cut else 0
        rest = table.slice(cut)
        self.pending = [rest] if rest.num_rows else []
        self.pending_rows = rest.num_rows

    def _run(self, chunk: Chunk) -> None:
        options = self.options
        self._span(chunk.table)
        issues = time_issues(chunk, strict=options.runs("time_gaps"))
        issues += step_issues(chunk)
        if chunk.has("Step count") and chunk.table.num_rows:
            issues += cumulative_issues(chunk)
            self.vote.add(chunk)
            if options.runs("minimum_points_per_step"):
                issues += points_issues(chunk)
            if options.runs("cycle_constant_within_step"):
                issues += cycle_issues(chunk)
            if options.runs("capacity_energy_from_current_power"):
                self.integrals.add(chunk)
        if self.jumps is not None:
            self.jumps.add(chunk)
        self.found += issues


def _first_of_each(issues: list[ValidationIssue]) -> list[ValidationIssue]:
    """Keep the first issue of each code and column, in the checks' order."""
    seen: set[tuple[IssueCode, object]] = set()
    kept = []
    for issue in issues:
        key = (issue.code, issue.payload.get("column"))
        if key not in seen:
            seen.add(key)
            kept.append(issue)
    return sorted(kept, key=lambda issue: _ORDER[issue.code])
