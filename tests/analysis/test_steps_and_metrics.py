"""The step table and the cycle metrics: their rules, on runs built to test them."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pytest

from ionworks_async import analysis
from ionworks_async.analysis import summary
from ionworks_async.analysis.summary import STEP_COLUMNS, Summarizer, summarize_arrow
from ionworks_async.tables import backends, set_dataframe_backend

from ..support.cycler import cycler_run


def _step(kind: str, rows: int = 40) -> dict[str, np.ndarray[Any, Any]]:
    """One step of a given kind: current, voltage and power as it holds them."""
    k = np.arange(rows, dtype=float)
    if kind == "cc":
        current, voltage = np.full(rows, 2.0), 4.0 - 0.01 * k
    elif kind == "cv":
        current, voltage = -2.0 * np.exp(-k / 10), np.full(rows, 4.2)
    elif kind == "cp":
        voltage = 3.0 + 0.02 * k
        current = -6.0 / voltage  # 6 W charging
    elif kind == "rest":
        current, voltage = np.zeros(rows), np.full(rows, 3.7)
    else:
        current, voltage = 0.5 * np.sin(k), 3.7 + 0.2 * np.cos(k)
    return {"Current [A]": current, "Voltage [V]": voltage}


def _run(kinds: list[str]) -> pl.DataFrame:
    parts = [_step(kind) for kind in kinds]
    rows = sum(len(part["Current [A]"]) for part in parts)
    return pl.DataFrame(
        {
            "Time [s]": np.arange(rows, dtype=float) * 10,
            "Voltage [V]": np.concatenate([p["Voltage [V]"] for p in parts]),
            "Current [A]": np.concatenate([p["Current [A]"] for p in parts]),
            "Step count": np.repeat(np.arange(len(parts)), 40),
        }
    )


def test_each_step_is_typed_by_what_it_held() -> None:
    steps = analysis.summarize(_run(["cc", "rest", "cv", "cp", "wobble"]))
    assert isinstance(steps, pl.DataFrame) and steps.columns == list(STEP_COLUMNS)
    assert steps["Step type"].to_list() == [
        "Constant current discharge",
        "Rest",
        "Constant voltage charge",
        "Constant power charge",
        "Unknown step type",
    ]
    first = steps.row(0, named=True)
    assert (first["Start index"], first["End index"]) == (0, 39)
    assert first["Duration [s]"] == 390.0 and first["Mean current [A]"] == 2.0
    assert first["Std current [A]"] == 0.0  # a constant step's spread is exactly 0
    # No capacity columns: integrated from the current (2 A for 390 s).
    assert first["Discharge capacity [A.h]"] == pytest.approx(2.0 * 390 / 3600)
    assert first["Charge capacity [A.h]"] == 0.0


def test_a_rated_capacity_tightens_the_rest_and_constant_current_tolerances() -> None:
    run = _run(["cc", "rest"]).with_columns(
        pl.when(pl.col("Step count") == 1)
        .then(pl.lit(5e-4))  # 0.5 mA: a rest for a 21700, a step for a coin cell
        .otherwise(pl.col("Current [A]"))
        .alias("Current [A]")
    )
    assert analysis.summarize(run)["Step type"][1] == "Rest"
    coin = {"ratings": {"capacity": {"value": 0.2, "unit": "A.h"}}}
    kinds = analysis.summarize(run, cell_spec=coin)["Step type"]
    assert kinds[1] == "Constant current discharge"


def test_the_cyclers_cycle_numbers_are_counted_and_its_columns_kept() -> None:
    run = _run(["cc", "rest", "cc", "rest"]).with_columns(
        pl.Series("Cycle from cycler", np.repeat([7, 7, 9, 9], 40)),
        pl.Series("Step from cycler", np.repeat([3, 4, 3, 4], 40)),
    )
    steps = analysis.summarize(run)
    assert steps["Cycle count"].to_list() == [0, 0, 1, 1]
    assert steps["Cycle from cycler"].to_list() == [7, 7, 9, 9]
    assert steps["Step from cycler"].to_list() == [3, 4, 3, 4]
    totals = steps["Cycle discharge capacity [A.h]"].to_list()
    assert totals[0] == totals[1] == pytest.approx(2 * 390 / 3600)


def test_blocks_of_any_size_give_the_same_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = pa.table(cycler_run(cycles=3, points=50))
    whole = summarize_arrow(run)
    for block in (1, 30, 200):  # rows gathered before a block is reduced
        monkeypatch.setattr(summary, "BLOCK_ROWS", block)
        for size in (1, 7, 64):
            summarizer = Summarizer()
            for batch in run.to_batches(max_chunksize=size):
                summarizer.feed(batch)
            assert summarizer.table().equals(whole), (block, size)
    # A step longer than many blocks is held whole until it ends.
    long = pa.table(
        {
            "Time [s]": np.arange(1000.0),
            "Voltage [V]": np.full(1000, 3.7),
            "Current [A]": np.ones(1000),
            "Step count": np.repeat([0, 1], [990, 10]),
        }
    )
    summarizer = Summarizer()
    for batch in long.to_batches(max_chunksize=16):
        summarizer.feed(batch)
    assert summarizer.table().column("End index").to_pylist() == [989, 999]


def test_cycle_metrics_are_the_cycles_sums_ratios_and_retention() -> None:
    steps = pl.DataFrame(
        {
            "Cycle count": [0, 0, 1, 1],
            "Discharge capacity [A.h]": [2.0, 0.0, 1.8, 0.0],
            "Charge capacity [A.h]": [0.0, 2.1, 0.0, 1.9],
            "Discharge energy [W.h]": [7.0, 0.0, 6.0, 0.0],
            "Charge energy [W.h]": [0.0, 8.0, 0.0, 7.5],
            "Mean current [A]": [1.0, -0.5, 1.0, -0.5],
            "Duration [s]": [7200.0, 3600.0, 6480.0, 3600.0],
            "Min voltage [V]": [2.7, 3.0, 2.8, 3.0],
            "Max voltage [V]": [4.1, 4.2, 4.1, 4.2],
            "Start time [s]": [0.0, 7200.0, 10800.0, 17280.0],
        }
    )
    metrics = analysis.cycle_metrics(steps)
    assert metrics.height == 2 and len(metrics.columns) == 21
    second = metrics.row(1, named=True)
    assert second["Coulombic efficiency"] == pytest.approx(1.8 / 1.9)
    assert second["Capacity retention"] == pytest.approx(0.9)
    assert second["Capacity fade"] == pytest.approx(0.1)
    assert second["Energy retention"] == pytest.approx(6 / 7)
    assert second["Capacity throughput [A.h]"] == pytest.approx(2.0 + 2.1 + 1.8 + 1.9)
    assert second["Mean charge current [A]"] == -0.5
    assert second["Start time [s]"] == 10800.0
    with pytest.raises(ValueError, match="'current units' must be"):
        analysis.cycle_metrics(steps, {"current units": "per cell"})


def test_answers_come_in_the_active_backend_and_bad_input_is_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(backends, "_chosen", None)  # restored after the test
    set_dataframe_backend("pandas")
    steps = analysis.summarize(_run(["cc"]))
    assert type(steps).__module__.startswith("pandas")
    no_steps = {"Time [s]": [0.0], "Voltage [V]": [3.0], "Current [A]": [1]}
    with pytest.raises(analysis.SeriesError, match="no 'Step count' column"):
        analysis.summarize(no_steps)
    with pytest.raises(ValueError, match="no rows"):
        analysis.summarize(_run(["cc"]).head(0))
    texts = _run(["cc"]).with_columns(pl.col("Voltage [V]").cast(pl.String))
    with pytest.raises(
        analysis.SeriesError, match=r"'Voltage \[V\]' holds .*string"
    ) as caught:
        analysis.summarize(texts)
    assert len(caught.traceback) <= 3  # the caller's line, not numpy's insides


def test_select_keeps_the_cycles_steps_and_step_types_asked_for() -> None:
    run = _run(["cc", "rest", "cv", "cp"]).with_columns(
        pl.Series("Cycle count", np.repeat([0, 0, 1, 1], 40))
    )
    assert analysis.select(run, cycles=1)["Step count"].unique().to_list() == [2, 3]
    assert analysis.select(run, steps=[0, 3]).height == 80
    charging = analysis.select(run, step_types="charge")  # not "discharge"
    assert charging["Step count"].unique().to_list() == [2, 3]
    held = analysis.select(run, step_types=["constant voltage", "Rest"])
    assert held["Step count"].unique().to_list() == [1, 2]


def test_specific_scales_by_the_mass_and_area_given_or_found() -> None:
    steps = analysis.summarize(_run(["cc"]))
    cell = {"properties": {"active_mass": {"value": 12.5, "unit": "mg"}, "area": 1.5}}
    scaled = analysis.specific(steps, cell=cell)
    per_gram = scaled["Discharge capacity [mA.h.g-1]"][0]
    assert per_gram == pytest.approx(
        steps["Discharge capacity [A.h]"][0] * 1e3 / 0.0125
    )
    per_area = scaled["Discharge capacity [mA.h.cm-2]"][0]
    assert per_area == pytest.approx(steps["Discharge capacity [A.h]"][0] * 1e3 / 1.5)
    assert scaled["Mean current [mA.cm-2]"][0] == pytest.approx(2000 / 1.5)
    density = analysis.cycle_metrics(scaled, {"current units": "density"})
    assert "Capacity throughput [mA.h.cm-2]" in density.columns
    assert "Discharge capacity [mA.h.g-1]" in analysis.specific(steps, mass=2.0).columns
    with pytest.raises(ValueError, match="give a mass"):
        analysis.specific(steps, cell={"properties": {"colour": "blue"}})


def test_the_strict_checks_judge_the_step_table_made_from_the_series() -> None:
    from ionworks_async import IssueCode, validate_time_series

    run = pa.table(cycler_run(cycles=2, points=120))
    assert validate_time_series(run, strict=True) == []
    swapped = run.rename_columns(
        [
            {
                "Discharge capacity [A.h]": "Charge capacity [A.h]",
                "Charge capacity [A.h]": "Discharge capacity [A.h]",
            }.get(name, name)
            for name in run.column_names
        ]
    )
    codes = {issue.code for issue in validate_time_series(swapped, strict=True)}
    assert IssueCode.CHARGE_DISCHARGE_CAPACITY_COLUMNS_SWAPPED in codes
    # Without strict, the step table is not made and the check does not run.
    lenient = {issue.code for issue in validate_time_series(swapped)}
    assert IssueCode.CHARGE_DISCHARGE_CAPACITY_COLUMNS_SWAPPED not in lenient
