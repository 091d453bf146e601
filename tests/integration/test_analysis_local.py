"""Against ionworks-local, ``steps()`` is the hosted API's step table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from ionworks import Ionworks
from ionworks_async import analysis
from ionworks_async.analysis.summary import STEP_COLUMNS

from ..support import LOCAL_KEY

MACCOR = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "cyclers"
    / "maccor"
    / "PredictionDiagnostics_000109_tztest.010"
)


def test_steps_are_the_hosted_step_table_and_detail_has_cycle_metrics(
    local_thread_server: Any,
) -> None:
    with Ionworks(LOCAL_KEY, local_thread_server.url, cache_dir=False) as client:
        spec = client.cell_spec.create({"name": "analysed"})
        cell = client.cell_instance.create(spec.id, {"name": "a1"})
        bundle = client.cell_measurement.create(
            cell.id, {"measurement": {"name": "diagnostics"}, "time_series": MACCOR}
        )
        steps = client.cell_measurement.steps(bundle.id)
        series = client.cell_measurement.time_series(bundle.id)
        detail = client.cell_measurement.detail(bundle.id)
    assert isinstance(steps, pl.DataFrame)
    assert steps.columns == list(STEP_COLUMNS)
    # The diagnostic's first step holds 4.1 V for 28 minutes: a CV step.
    assert steps["Step type"][0] == "Constant voltage charge"
    assert (
        steps["Start index"].dtype == pl.Int64 and steps["Step type"].dtype == pl.String
    )
    # What the server stored is what summarize makes of the stored series.
    assert steps.equals(analysis.summarize(series))
    # The detail's cycle metrics need no request: the client is closed.
    metrics = detail.cycle_metrics
    assert isinstance(metrics, pl.DataFrame)
    assert metrics["Cycle count"].to_list() == [0, 1, 2, 3]
    assert metrics["Capacity retention"][0] == 1.0
    assert 0.85 < metrics["Capacity retention"][2] < 0.95
