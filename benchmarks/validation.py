"""Validating a time series: ours against the public client's, on one frame.

A synthetic run of ``rows`` rows and ``steps`` steps (CC discharge, rest, CC
charge, rest; capacity and energy columns counted from 0 in each step) is
checked with the always-on checks and with the strict ones. With ``--peer
PYTHON``, the public client (``ionworks-api``, installed in that interpreter,
never in ours) validates the same frame, read from the same parquet file, in
the same run.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from ._peer import run_script
from ._stats import table

PEER_SCRIPT = """
import json, sys, time, warnings
import polars as pl
from ionworks.validators import validate_measurement_data
frame = pl.read_parquet(sys.argv[1])
rounds = int(sys.argv[2])
out = {}
for strict in (False, True):
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            validate_measurement_data(frame, strict=strict)
        times.append(time.perf_counter() - started)
    out["strict" if strict else "always-on"] = times
print(json.dumps(out))
"""


def synthetic(rows: int, steps: int, start: int = 0) -> Any:
    """Return a clean cycler run as a pyarrow table (built with numpy).

    Rows ``start`` to ``start + rows`` of a run whose steps have
    ``rows // steps`` samples each (one a second), so that consecutive calls
    build one long run piece by piece.
    """
    import numpy as np
    import pyarrow as pa

    per_step = max(rows // steps, 2)
    index = np.arange(start, start + rows)
    step = index // per_step
    within = index % per_step
    kind = step % 4  # discharge, rest, charge, rest
    current = np.select([kind == 0, kind == 2], [2.0, -2.0], 0.0)
    slope = np.select([kind == 0, kind == 2], [-0.004, 0.004], 0.0)
    voltage = 3.7 + slope * within
    capacity = within * 2.0 / 3600
    # The trapezoidal integral of V*I within the step, in closed form.
    energy = (3.7 * within + slope * within**2 / 2) * 2.0 / 3600
    zero = np.zeros(rows)
    return pa.table(
        {
            "Time [s]": index.astype(float),
            "Voltage [V]": voltage,
            "Current [A]": current,
            "Step count": step,
            "Cycle count": step // 4,
            "Discharge capacity [A.h]": np.where(kind == 0, capacity, zero),
            "Charge capacity [A.h]": np.where(kind == 2, capacity, zero),
            "Discharge energy [W.h]": np.where(kind == 0, energy, zero),
            "Charge energy [W.h]": np.where(kind == 2, energy, zero),
        }
    )


def measure_ours(frame: Any, rounds: int) -> dict[str, list[float]]:
    """Time ``validate_time_series`` on the frame, always-on and strict."""
    from ionworks_async import validate_time_series

    times: dict[str, list[float]] = {}
    for strict in (False, True):
        runs = []
        for _ in range(rounds):
            started = time.perf_counter()
            issues = validate_time_series(frame, strict=strict)
            runs.append(time.perf_counter() - started)
            assert issues == [], issues
        times["strict" if strict else "always-on"] = runs
    return times


def measure_peer(python: str, path: Path, rounds: int) -> dict[str, list[float]]:
    """Time the public client's ``validate_measurement_data`` on the file."""
    return run_script(python, PEER_SCRIPT, str(path), str(rounds))


def run(
    rows: int, steps: int, rounds: int, peer: str | None
) -> tuple[dict[str, Any], str]:
    """Run the comparison; return the figures and a markdown table."""
    import pyarrow.parquet as pq

    frame = synthetic(rows, steps)
    figures: dict[str, Any] = {"rows": rows, "steps": steps, "ours": {}, "peer": None}
    figures["ours"] = measure_ours(frame, rounds)
    if peer:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "run.parquet"
            pq.write_table(frame, path)
            try:
                figures["peer"] = measure_peer(peer, path, rounds)
            except (OSError, subprocess.SubprocessError, ValueError) as error:
                figures["peer_error"] = str(error)[-300:]
    lines = []
    for mode in ("always-on", "strict"):
        ours = statistics.median(figures["ours"][mode])
        row = [mode, f"{ours:.3f}"]
        if figures["peer"] is not None:
            theirs = statistics.median(figures["peer"][mode])
            row += [f"{theirs:.3f}", f"{theirs / ours:.1f}x"]
        else:
            row += ["(failed)" if "peer_error" in figures else "(no --peer)", ""]
        lines.append(row)
    ours_always = statistics.median(figures["ours"]["always-on"])
    verdict = (
        f"\nTarget: always-on <= 0.5 s at 1,000,000 rows: {ours_always:.3f} s "
        f"({'met' if ours_always <= 0.5 else 'MISSED'})"
        if rows == 1_000_000
        else ""
    )
    return figures, (
        table(
            ["checks", "ours (s, median)", "ionworks-api 0.38 (s)", "speed-up"],
            lines,
        )
        + verdict
    )
