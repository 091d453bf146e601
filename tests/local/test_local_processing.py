"""ionworks-local's processing: steps and cycles derived from a time series.

The derivation is vectorized; these tests hold it to a plain loop over the
rows (the definition, ionworksdata's: runs of equal step numbers, trapezoidal
integrals of the current where the series has no capacity columns, the spread
of each step less its first and last samples, the step type by tolerance) on
real-looking and on random runs, and check every failure's message.
"""

from __future__ import annotations

import io
import math
import statistics
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ionworks_async.local.processing import ProcessingFailed, derive_steps_and_cycles

from ..support.cycler import cycler_run


def _parquet(columns: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    return buffer.getvalue()


def _read(data: bytes) -> dict[str, list[Any]]:
    table: dict[str, list[Any]] = pq.read_table(pa.BufferReader(data)).to_pydict()
    return table


def reference_steps(run: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Each step's row, computed one sample at a time."""
    times, currents = run["Time [s]"], run["Current [A]"]
    numbers = run["Step count"]
    cycles = run.get("Cycle count", [0] * len(times))
    steps: list[dict[str, Any]] = []
    first = 0
    for row in range(1, len(times) + 1):
        if row < len(times) and numbers[row] == numbers[first]:
            continue
        last = row - 1
        out = back = net = 0.0
        for k in range(first, last):
            passed = (currents[k] + currents[k + 1]) / 2 * (times[k + 1] - times[k])
            net += passed
            out += max(passed, 0.0)
            back -= min(passed, 0.0)
        duration = times[last] - times[first]
        samples = currents[first : last + 1]
        mean = sum(samples) / len(samples)
        trimmed = samples[
            1 if len(samples) > 2 else 0 : len(samples) - (len(samples) > 3)
        ]
        spread = statistics.stdev(trimmed) if len(trimmed) > 1 else 0.0
        steps.append(
            {
                "Step count": int(numbers[first]),
                "Cycle count": int(cycles[first]),
                "Mean current [A]": mean,
                "Min current [A]": min(samples),
                "Max current [A]": max(samples),
                "Std current [A]": spread,
                "Duration [s]": duration,
                "Start voltage [V]": run["Voltage [V]"][first],
                "End voltage [V]": run["Voltage [V]"][last],
                "Discharge capacity [A.h]": out / 3600,
                "Charge capacity [A.h]": back / 3600,
            }
        )
        first = row
    return steps


def _check_against_reference(run: dict[str, list[Any]]) -> None:
    steps_bytes, cycles_bytes = derive_steps_and_cycles(_parquet(run))
    steps, cycles = _read(steps_bytes), _read(cycles_bytes)
    expected = reference_steps(run)
    assert len(steps["Step count"]) == len(expected)
    for index, want in enumerate(expected):
        for name, value in want.items():
            assert steps[name][index] == pytest.approx(value, rel=1e-9, abs=1e-12), (
                name,
                index,
            )
        mean, spread = want["Mean current [A]"], want["Std current [A]"]
        largest = max(abs(value) for value in run["Current [A]"])
        rest = min(1e-3, largest / 100) if largest else 1e-3
        constant = min(1e-2, largest / 100) if largest else 1e-2
        kind = steps["Step type"][index]
        way = "discharge" if mean > 0 else "charge"
        if abs(mean) < rest:
            assert kind == "Rest", (index, mean)
        elif spread < constant:
            assert kind == f"Constant current {way}", (index, mean, spread)
        else:
            assert kind.endswith((way, "Unknown step type")), (index, kind)
    totals: dict[int, list[float]] = {}
    for want in expected:  # consecutive steps of one cycle
        totals.setdefault(want["Cycle count"], [0.0, 0.0])
        totals[want["Cycle count"]][0] += want["Discharge capacity [A.h]"]
        totals[want["Cycle count"]][1] += want["Charge capacity [A.h]"]
    for index, cycle in enumerate(cycles["Cycle count"]):
        out, back = totals[cycle]
        assert cycles["Discharge capacity [A.h]"][index] == pytest.approx(out)
        efficiency = cycles["Coulombic efficiency"][index]
        assert efficiency == (pytest.approx(out / back) if back > 0 else None)


def test_a_cycler_run_gives_its_steps_and_cycles() -> None:
    run = cycler_run(cycles=3, points=50)
    _check_against_reference(run)
    steps = _read(derive_steps_and_cycles(_parquet(run))[0])
    assert steps["Step type"][:3] == [
        "Constant current discharge",
        "Rest",
        "Constant current charge",
    ]
    assert steps["Cycle count"] == sorted(steps["Cycle count"])


@st.composite
def random_runs(draw: st.DrawFn) -> dict[str, list[Any]]:
    rows = draw(st.integers(1, 60))
    spans = draw(
        st.lists(
            st.sampled_from([0.0, 0.5, 1.0, 7.25]), min_size=rows - 1, max_size=rows - 1
        )
    )
    times = [0.0]
    for span in spans:
        times.append(times[-1] + span)
    currents = draw(
        st.lists(
            st.sampled_from([0.0, 0.0, 1.5, -2.0, 1e-3, -0.25]),
            min_size=rows,
            max_size=rows,
        )
    )
    steps = draw(st.lists(st.integers(0, 3), min_size=rows, max_size=rows))
    run: dict[str, list[Any]] = {
        "Time [s]": times,
        "Voltage [V]": [3.0 + 0.01 * k for k in range(rows)],
        "Current [A]": currents,
        "Step count": steps,  # ints, repeated and revisited
    }
    if draw(st.booleans()):
        run["Cycle count"] = [float(k // 10) for k in range(rows)]
    return run


@settings(max_examples=80, deadline=None)
@given(random_runs())
def test_random_runs_match_the_sample_by_sample_definition(
    run: dict[str, list[Any]],
) -> None:
    _check_against_reference(run)


def test_a_rest_of_exact_zeros_stays_a_rest_after_a_long_charge() -> None:
    rows = 20_000
    run = {
        "Time [s]": [float(k) for k in range(rows + 3)],
        "Voltage [V]": [3.5] * (rows + 3),
        "Current [A]": [3.7] * rows + [0.0] * 3,
        "Step count": [0] * rows + [1] * 3,
    }
    steps = _read(derive_steps_and_cycles(_parquet(run))[0])
    assert steps["Step type"] == ["Constant current discharge", "Rest"]
    assert steps["Mean current [A]"][1] == 0.0
    assert steps["Discharge capacity [A.h]"][1] == 0.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"Time [s]": [0.0, 2.0, 1.0]}, "'Time [s]' decreases at row 2"),
        (
            {"Current [A]": [1.0, math.nan, 1.0]},
            "'Current [A]' has a non-numeric value at row 1",
        ),
        (
            {"Voltage [V]": [3.0, 3.1, None]},
            "'Voltage [V]' has a non-numeric value at row 2",
        ),
        (
            {"Step count": ["a", "b", "c"]},
            "'Step count' has a non-numeric value at row 0",
        ),
        (
            {"Step count": [True, False, True]},
            "'Step count' has a non-numeric value at row 0",
        ),
        (
            {"Cycle count": [0.0, math.inf, 1.0]},
            "'Cycle count' has a non-numeric value at row 1",
        ),
    ],
)
def test_bad_values_fail_with_the_column_and_row(
    change: dict[str, list[Any]], message: str
) -> None:
    run: dict[str, list[Any]] = {
        "Time [s]": [0.0, 1.0, 2.0],
        "Voltage [V]": [3.0, 3.1, 3.2],
        "Current [A]": [1.0, 1.0, 1.0],
        "Step count": [0, 0, 1],
        **change,
    }
    with pytest.raises(ProcessingFailed) as caught:
        derive_steps_and_cycles(_parquet(run))
    assert str(caught.value) == message


def test_missing_columns_no_rows_and_unreadable_bytes_fail_clearly() -> None:
    with pytest.raises(ProcessingFailed, match="has no 'Current \\[A\\]' column"):
        derive_steps_and_cycles(
            _parquet({"Time [s]": [0.0], "Voltage [V]": [3.0], "Step count": [0]})
        )
    empty = {
        name: pa.array([], pa.float64())
        for name in ("Time [s]", "Voltage [V]", "Current [A]", "Step count")
    }
    with pytest.raises(ProcessingFailed, match="has no rows"):
        derive_steps_and_cycles(_parquet(empty))
    with pytest.raises(ProcessingFailed, match="not readable parquet"):
        derive_steps_and_cycles(b"PAR1 not really PAR1")


def test_fractional_step_numbers_are_truncated_as_int_does() -> None:
    run = {
        "Time [s]": [0.0, 1.0, 2.0, 3.0],
        "Voltage [V]": [3.0] * 4,
        "Current [A]": [1.0] * 4,
        "Step count": [1.5, 1.5, 2.75, 2.75],
    }
    steps = _read(derive_steps_and_cycles(_parquet(run))[0])
    assert steps["Step count"] == [1, 2]
