"""Every sample file read as other tools read it: the references of ``index.json``.

Each file of ``tests/data/cyclers`` has a reference time series made by
another tool (ionworksdata 0.20.2, fastnda, access-parser, galvani, or a
hand parser), with its tolerances and the way that tool treats rows
(``references/index.json``). A reader must give the same rows, times,
voltages, currents, steps and cycles (and temperature where both have it).

Where a reference is wrong, the difference is pinned in :data:`WRONG` with
the evidence: the test then checks that the reading differs there, and only
there, and asserts what the file itself says.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ionworks_async.read import reading

from ..support.samples import sample_files

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"
INDEX = json.loads((DATA / "references" / "index.json").read_text())
COMPARED = ("Time [s]", "Voltage [V]", "Current [A]", "Step count", "Cycle count")
TEMPERATURE = "Temperature [degC]"

WRONG = {
    "maccor/sample_data_maccor.csv": (
        "rows",
        "ionworksdata takes this CSV's first record (Rec 1, at 0 s) for a units "
        "row and drops it, rebasing the time of the rest by a second; the line "
        "after the header is a record (its header already carries the units)",
    ),
    "maccor/maccor_two.txt": (
        "Voltage [V]",
        "the export writes decimal commas (SCap 0,017; Ch. max. V 6,00 V): "
        "'0,1377' is 0.1377 V, which ionworksdata reads as 1377 V",
    ),
    "maccor/maccor_three.txt": (
        "Voltage [V]",
        "a milli-unit export (mAmps, mAmp-hr, mWatt-hr) whose 'Volts' are "
        "millivolts: its energy over its capacity, a mean voltage, is a "
        "thousandth of them (0.0196 mWh / 0.0102 mAh = 1.92 V beside 1937 'Volts')",
    ),
    "maccor/maccor_002.txt": (
        "Time [s]",
        "its TestTime is in minutes (the DPT Time clock moves 60 s a unit) with "
        "six decimals; ionworksdata uses the clock, whole seconds (21600.000001 "
        "s where the test time says 360.000667 min = 21600.04 s)",
    ),
    "neware/neware_uio.csv": (
        "Time [s]",
        "ionworksdata takes the time from the PC clock of the Date column, "
        "which steps 2 s back at midnight (23:59:51 -> 00:00:49 over a 60 s "
        "record); the export's own Cumulative Time steps 60 s",
    ),
    "neware/nw_regular_export_ife_example.csv": (
        "Step count",
        "the reference puts the first rest (0 A, its step written on the cycle's "
        "own line) and the CC charge after it (0.5 A, step row 2) in one step",
    ),
}


def _floats(table: pa.Table, name: str) -> np.ndarray[Any, Any]:
    column = table.column(name)
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return np.asarray([math.nan if v is None else float(v) for v in column.to_pylist()])


def _same(
    ours: np.ndarray[Any, Any], theirs: np.ndarray[Any, Any], tol: float, rel: float
) -> int | None:
    """The first row where the two differ beyond the tolerance, or None."""
    both_nan = np.isnan(ours) & np.isnan(theirs)
    with np.errstate(invalid="ignore"):
        close = np.abs(ours - theirs) <= tol + rel * np.abs(theirs)
    bad = np.flatnonzero(~(close | both_nan))
    return int(bad[0]) if bad.size else None


def _aligned(ours: pa.Table, theirs: pa.Table, entry: dict[str, Any]) -> list[int]:
    """Our rows that stand for the reference's, in order (or raise AssertionError)."""
    if ours.num_rows == theirs.num_rows:
        return list(range(ours.num_rows))
    assert entry.get("row_policy") == "reference_may_drop", (
        f"rows: ours {ours.num_rows}, reference {theirs.num_rows}"
    )
    voltage, current = _floats(ours, "Voltage [V]"), _floats(ours, "Current [A]")
    kept = [
        i
        for i in range(ours.num_rows)
        if not (np.isnan(voltage[i]) or np.isnan(current[i]))
    ]
    if len(kept) == theirs.num_rows:
        return kept
    time, reference = _floats(ours, "Time [s]"), _floats(theirs, "Time [s]")
    tolerance = float(entry.get("time_atol", 1e-6))
    rows, at = [], 0
    for k, moment in enumerate(reference):
        while at < len(kept) and time[kept[at]] < moment - tolerance:
            at += 1
        assert at < len(kept) and abs(time[kept[at]] - moment) <= tolerance, (
            f"rows: reference row {k} (t={moment:.6g} s) has no row of ours"
        )
        rows.append(kept[at])
        at += 1
    return rows


def differences(name: str) -> str | None:
    """The first way the reading of ``name`` differs from its reference, or None."""
    entry = INDEX[name]
    ours = _arrow(name)
    theirs = pq.read_table(DATA / "references" / entry["reference"])
    try:
        rows = _aligned(ours, theirs, entry)
    except AssertionError as error:
        return f"rows: {error}"
    columns = [*COMPARED]
    if TEMPERATURE in theirs.column_names and TEMPERATURE in ours.column_names:
        columns.append(TEMPERATURE)
    for column in columns:
        mine = _floats(ours, column)[rows]
        reference = _floats(theirs, column)
        if column == "Time [s]":
            tolerance, relative = float(entry.get("time_atol", 1e-6)), 0.0
        elif column in ("Step count", "Cycle count"):
            tolerance, relative = 0.0, 0.0
        else:
            tolerance, relative = 1e-9, 1e-6
        at = _same(mine, reference, tolerance, relative)
        if (
            at is not None
            and column == "Current [A]"
            and entry.get("sign_free")
            and _same(mine, -reference, tolerance, relative) is None
        ):
            at = None  # the reference's sign was a guess on data without a clue
        if at is not None:
            return f"{column} row {at}: ours {mine[at]!r}, reference {reference[at]!r}"
    return None


@pytest.mark.parametrize("name", sorted(set(INDEX) - set(WRONG)))
def test_a_file_reads_as_its_reference(name: str) -> None:
    assert differences(name) is None


@pytest.mark.parametrize("name", sorted(WRONG))
def test_a_wrong_reference_differs_where_it_is_wrong_and_only_there(name: str) -> None:
    found = differences(name)
    assert found is not None and found.startswith(WRONG[name][0]), found


def test_every_sample_file_has_a_reference() -> None:
    files = {str(path.relative_to(DATA)) for path in sample_files()}
    assert files == set(INDEX)


def _arrow(name: str) -> pa.Table:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table, _, _ = reading.normalised(DATA / name)
    assert isinstance(table, pa.Table)
    return table


def test_what_the_files_say_where_the_references_are_wrong() -> None:
    # A decimal comma is a decimal point: 0,1377 V.
    two = _arrow("maccor/maccor_two.txt")
    assert two.column("Voltage [V]")[0].as_py() == pytest.approx(0.1377)
    # Millivolts under "Volts": energy over capacity is the mean voltage.
    three = _arrow("maccor/maccor_three.txt")
    assert three.column("Voltage [V]")[0].as_py() == pytest.approx(1.8538186)
    # The first Maccor CSV record is a record: 15 of them, from 0 s.
    csv = _arrow("maccor/sample_data_maccor.csv")
    assert csv.num_rows == 15 and csv.column("Time [s]")[10].as_py() == 10.0
    # TestTime in minutes, as the clock says: 360.000667 min.
    two_hundred = _arrow("maccor/maccor_002.txt")
    assert two_hundred.column("Time [s]")[361].as_py() == pytest.approx(21600.04002)
    # Neware's own cumulative time steps 60 s where the PC clock stepped 58 s.
    neware = _arrow("neware/neware_uio.csv")
    times = neware.column("Time [s]").to_pylist()
    assert times[453] - times[452] == pytest.approx(60.0)
    # A rest and the charge after it are two steps.
    nested = _arrow("neware/nw_regular_export_ife_example.csv")
    currents = nested.column("Current [A]").to_pylist()
    steps = nested.column("Step count").to_pylist()
    assert currents[10] == 0 and currents[11] != 0 and steps[10] != steps[11]
