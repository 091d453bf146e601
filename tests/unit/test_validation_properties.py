"""Properties of the validator: verdicts that survive harmless changes, and
no input that makes it raise anything but its documented errors."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ionworks_async import validate_time_series
from ionworks_async.validation.checker import TimeSeriesChecker
from ionworks_async.validation.options import CheckOptions

from ..support.cycler import cycler_run

RUN = cycler_run(cycles=2, points=40)
ROWS = len(RUN["Time [s]"])
CHECKED = [*RUN, "Power [W]", "Frequency [Hz]"]
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(
    extra=st.dictionaries(
        st.text(min_size=1, max_size=12).filter(lambda name: name not in CHECKED),
        st.sampled_from(["int", "float", "text", "null"]),
        max_size=3,
    ),
    types=st.fixed_dictionaries(
        {
            "Step count": st.sampled_from([pa.int64(), pa.int32(), pa.float64()]),
            "Cycle count": st.sampled_from([pa.int16(), pa.float32(), pa.uint32()]),
            "Time [s]": st.sampled_from([pa.float64(), pa.float32(), pa.int64()]),
            "Voltage [V]": st.sampled_from([pa.float64(), pa.float32()]),
        }
    ),
    batch_rows=st.integers(1, ROWS),
    chunk_rows=st.integers(2, 2 * ROWS),
    strict=st.booleans(),
)
def test_a_valid_run_stays_valid_under_row_preserving_changes(
    extra: dict[str, str],
    types: dict[str, Any],
    batch_rows: int,
    chunk_rows: int,
    strict: bool,
) -> None:
    makers = {
        "int": lambda k: k,
        "float": lambda k: k / 7,
        "text": lambda k: f"row {k}",
        "null": lambda k: None,
    }
    columns = {name: pa.array(values) for name, values in RUN.items()}
    for name, kind in types.items():
        columns[name] = columns[name].cast(kind)
    for name, kind in extra.items():
        columns[name] = pa.array([makers[kind](k) for k in range(ROWS)])
    table = pa.table(columns)
    checker = TimeSeriesChecker(CheckOptions(strict=strict), chunk_rows=chunk_rows)
    for batch in table.to_batches(max_chunksize=batch_rows):
        checker.feed(batch)
    assert checker.finish() == []


numbers = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**70), 2**70),
    st.booleans(),
    st.text(max_size=3),
)


@SETTINGS
@given(
    columns=st.dictionaries(
        st.sampled_from([*CHECKED, "Z_Re [Ohm]", "Z_Im [Ohm]", "SOC", "other"]),
        st.lists(numbers, min_size=0, max_size=12),
        max_size=8,
    ),
    strict=st.booleans(),
    data_type=st.sampled_from([None, "ocp", "eis"]),
    rated_capacity=st.one_of(st.none(), st.floats(1e-6, 1e3)),
)
def test_no_input_makes_the_validator_raise_anything_undocumented(
    columns: dict[str, list[Any]],
    strict: bool,
    data_type: str | None,
    rated_capacity: float | None,
) -> None:
    length = min((len(values) for values in columns.values()), default=0)
    frame = {name: values[:length] for name, values in columns.items()}
    try:
        issues = validate_time_series(
            frame,
            strict=strict,
            data_type=data_type,
            rated_capacity=rated_capacity,
            voltage_window=(2.5, 4.2) if strict else None,
        )
    except (ValueError, TypeError):
        return
    for issue in issues:
        assert issue.severity in ("error", "warning") and issue.message
        assert isinstance(issue.payload, dict)
