"""The normalisation's rules, held on synthetic runs of any shape (hypothesis)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from ionworks_async.read._columns import CyclerColumns
from ionworks_async.read._units import numbers_of, seconds
from ionworks_async.read.normalise import normalise

# A step: direction (+1 discharge, -1 charge, 0 rest), current (A), rows, dt (s).
steps_strategy = st.lists(
    st.tuples(
        st.sampled_from([1, -1, 0]),
        st.floats(0.01, 10.0),
        st.integers(1, 12),
        st.floats(0.1, 30.0),
        st.booleans(),  # a new cycle starts at this step
    ),
    min_size=1,
    max_size=12,
)


def _run(steps: list[tuple[int, float, int, float, bool]]) -> dict[str, list[Any]]:
    """The rows of a run, signed as the API signs them, with expected counts."""
    time, current, step_index, cycle_index, state = [], [], [], [], []
    expected_step, expected_cycle = [], []
    now, cycle = 100.0, 1
    for number, (direction, amps, rows, dt, new_cycle) in enumerate(steps):
        if new_cycle and number:
            cycle += 1
        for _ in range(rows):
            time.append(now)
            current.append(direction * amps)
            step_index.append(number % 3 + 1)  # indices repeat, as cyclers' do
            cycle_index.append(cycle)
            state.append({1: "D", -1: "C", 0: "R"}[direction])
            expected_step.append(number)
            expected_cycle.append(cycle - 1)
            now += dt
    return {
        "time": time,
        "current": current,
        "step": step_index,
        "cycle": cycle_index,
        "state": state,
        "expected_step": expected_step,
        "expected_cycle": expected_cycle,
    }


def _raw(run: dict[str, list[Any]], sign: str, **extra: Any) -> CyclerColumns:
    current = run["current"]
    if sign == "charge_positive":
        current = [-value for value in current]
    elif sign == "state":
        current = [abs(value) for value in current]
    return CyclerColumns(
        time=pa.array(run["time"], pa.float64()),
        current=pa.array(current, pa.float64()),
        voltage=pa.array([3.7] * len(current), pa.float64()),
        current_sign=sign,  # type: ignore[arg-type]
        state=pa.array(run["state"]),
        step=pa.array(run["step"]),
        cycle=pa.array(run["cycle"]),
        **extra,
    )


@settings(max_examples=60, deadline=None)
@given(
    steps_strategy, st.sampled_from(["charge_positive", "discharge_positive", "state"])
)
def test_sign_steps_and_cycles_follow_the_api_rules(
    steps: list[tuple[int, float, int, float, bool]], sign: str
) -> None:
    run = _run(steps)
    table = normalise(_raw(run, sign))
    assert table.column("Time [s]")[0].as_py() == 0.0
    assert table.column("Current [A]").to_pylist() == [
        value + 0.0 for value in run["current"]
    ]
    # A repeated step index in a new step (same index, other cycle) still counts.
    steps_seen = table.column("Step count").to_pylist()
    expected = _merged(run["expected_step"], run["step"], run["cycle"])
    assert steps_seen == expected
    assert table.column("Cycle count").to_pylist() == run["expected_cycle"]


def _merged(expected: list[int], index: list[int], cycle: list[int]) -> list[int]:
    """Consecutive steps with the same index and cycle are one step to a reader."""
    out, count = [], 0
    for row in range(len(expected)):
        if row and (index[row] != index[row - 1] or cycle[row] != cycle[row - 1]):
            count += 1
        out.append(count)
    return out


@settings(max_examples=60, deadline=None)
@given(steps_strategy)
def test_integrated_capacity_restarts_at_each_step_and_never_falls(
    steps: list[tuple[int, float, int, float, bool]],
) -> None:
    run = _run(steps)
    table = normalise(_raw(run, "discharge_positive"))
    step = table.column("Step count").to_pylist()
    time = table.column("Time [s]").to_pylist()
    current = table.column("Current [A]").to_pylist()
    for name, direction in (
        ("Discharge capacity [A.h]", 1),
        ("Charge capacity [A.h]", -1),
    ):
        values = table.column(name).to_pylist()
        for row in range(len(values)):
            if row == 0 or step[row] != step[row - 1]:
                assert values[row] == 0.0
            else:
                assert values[row] >= values[row - 1] - 1e-12
                passed = (
                    (time[row] - time[row - 1]) * (current[row] + current[row - 1]) / 2
                )
                gain = max(direction * passed, 0.0) / 3600
                assert abs(values[row] - values[row - 1] - gain) <= 1e-9


@settings(max_examples=40, deadline=None)
@given(steps_strategy)
def test_a_vendors_cumulative_capacity_is_kept_counted_from_each_step(
    steps: list[tuple[int, float, int, float, bool]],
) -> None:
    run = _run(steps)
    # A vendor's running totals over the whole test, in A.h.
    charge, discharge, total_c, total_d = [], [], 5.0, 7.0
    for row, value in enumerate(run["current"]):
        if row:
            dt = run["time"][row] - run["time"][row - 1]
            total_d += max(value, 0.0) * dt / 3600
            total_c += max(-value, 0.0) * dt / 3600
        charge.append(total_c)
        discharge.append(total_d)
    table = normalise(
        _raw(
            run,
            "discharge_positive",
            charge_capacity=pa.array(charge),
            discharge_capacity=pa.array(discharge),
        )
    )
    step = table.column("Step count").to_pylist()
    kept = table.column("Discharge capacity [A.h]").to_pylist()
    start = 0
    for row in range(len(kept)):
        if row and step[row] != step[row - 1]:
            start = row
        assert abs(kept[row] - (discharge[row] - discharge[start])) <= 1e-9


def test_a_step_is_its_index_across_cycles_and_impedance_sweeps() -> None:
    # ionworksdata counts steps from the step index alone (set_step_count);
    # the references of a BaSyTec export (a cycle starts within its first
    # rest) and of a four-sweep PEIS .mpr (one Ns, four cycles) say so too.
    raw = CyclerColumns(
        time=pa.array([0.0, 1, 2, 3, 4, 5]),
        current=pa.array([0.0] * 6),
        current_sign="discharge_positive",
        step=pa.array([1, 1, 1, 1, 1, 1]),
        cycle=pa.array([1, 1, 1, 2, 2, 2]),
        frequency=pa.array([1000.0, 100.0, 10.0, 1000.0, 100.0, 1000.0]),
    )
    table = normalise(raw)
    assert table.column("Step count").to_pylist() == [0, 0, 0, 0, 0, 0]
    assert table.column("Cycle count").to_pylist() == [0, 0, 0, 1, 1, 1]


def test_rows_without_time_or_current_are_dropped() -> None:
    raw = CyclerColumns(
        time=pa.array([0.0, None, 2.0, 3.0]),
        current=pa.array([1.0, 1.0, None, 1.0]),
        current_sign="discharge_positive",
    )
    assert normalise(raw).column("Time [s]").to_pylist() == [0.0, 3.0]


def test_a_file_whose_rows_are_left_out_says_how_many(tmp_path: Any) -> None:
    import pytest

    from ionworks_async import read
    from ionworks_async.validation import MeasurementValidationWarning

    rows = ["Test Time (s),Current (A),Voltage (V),Step Index,Cycle Index"]
    for n in range(12):
        current = "" if n in (4, 5, 6) else "-1.0"  # no current: left out
        rows.append(f"{n},{current},{4.1 - 0.01 * n:.2f},1,1")
    rows.append(",,,,")  # a blank row: no word about it
    path = tmp_path / "cell.csv"
    path.write_text("\n".join(rows) + "\n")
    with pytest.warns(MeasurementValidationWarning, match="3 rows without a time"):
        frame = read.time_series(path, reader="arbin")
    assert len(frame) == 9


def test_durations_and_numbers_as_cyclers_write_them() -> None:
    texts = pa.array(
        ["  0d 00:00:01.5000", "1d 01:02:03", "123:04:05.5", "12,5", "7", "", "x"]
    )
    assert seconds(texts).to_pylist() == [
        1.5,
        86400 + 3723.0,
        123 * 3600 + 245.5,
        12.5,
        7.0,
        None,
        None,
    ]
    assert numbers_of(pa.array(["1,5", "-2.5e3", "N/A"])).to_pylist() == [
        1.5,
        -2500.0,
        None,
    ]


def test_numbers_before_durations_in_one_column_are_both_read() -> None:
    assert seconds(pa.array(["7", "0d 00:00:01.5", "", "2,5"])).to_pylist() == [
        7.0,
        1.5,
        None,
        2.5,
    ]


def test_a_gap_in_a_milli_unit_column_stays_a_gap(tmp_path: Any) -> None:
    from ionworks_async.read import reading as _api

    path = tmp_path / "cell.csv"
    path.write_text(
        "Time [s],Current (mA),Voltage (mV),Step\n"
        "0,1000,4100,1\n1,1000,,1\n2,1000,4080,1\n3,0,4090,2\n"
    )
    table, _, _ = _api.normalised(path, reader="csv", options=None)
    assert table.column("Voltage [V]").to_pylist() == [4.1, None, 4.08, 4.09]
    assert table.column("Current [A]").to_pylist() == [1.0, 1.0, 1.0, 0.0]
