"""Pipelines from async code: configs made JSON, results read on the loop's terms.

The requests themselves are compared with the public client's in
``tests/integration/test_requests.py``; these tests hold what only the async
core has: a typed result that reads from the API when first asked, from a
coroutine (after ``load()``) or from a worker thread, and never blocks the
event loop it needs.
"""

from __future__ import annotations

import asyncio
import math
import sys
from pathlib import Path
from typing import Any

import pytest

from ionworks_async.errors import IonworksError, MissingDependencyError
from ionworks_async.models import PipelineResponse
from ionworks_async.resources.modelling.outbound import INLINE_ROWS, outbound
from ionworks_async.validation.issues import IssueCode, MeasurementValidationError

RESULT = {
    "result": {},
    "element_results": {"fit": {"x": [1.0], "fun": 0.1, "parameter_values": {}}},
}
ELEMENTS = [{"name": "fit", "element_type": "data_fit", "job_id": "j"}]
METADATA = {"intermediate_results": [{"cost": 0.5}]}


def test_a_config_is_made_json_as_the_public_client_makes_it(tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"t": [0.0, 1.0], "V": [3.0, math.nan]})
    (tmp_path / "data.csv").write_text("t,V\n0,3.5\n1,\n")
    run = tmp_path / "run"
    run.mkdir()
    pandas.DataFrame({"t": [0.0]}).to_parquet(run / "time_series.parquet")
    (run / "time_series.csv").write_text("t\n9\n")  # the parquet file wins
    (run / "steps.csv").write_text("Step\n0\n")
    config = {
        "bounds": (0.0, math.inf),
        "frame": frame,
        "file": f"file:{tmp_path / 'data.csv'}",
        "folder": f"folder:{run}",
        "model": {
            "pybamm_version": "1",
            "schema_version": "1",
            "bounds": [{"value": -math.inf}, {"value": 1.0}],
            "kept": {"bounds": [{"value": 0.0}]},
        },
    }
    assert outbound(config) == {
        "bounds": [0.0, None],
        "frame": {"t": [0.0, 1.0], "V": [3.0, None]},
        "file": {"t": [0, 1], "V": [3.5, None]},
        "folder": {"time_series": {"t": [0.0]}, "steps": {"Step": [0]}},
        "model": {
            "pybamm_version": "1",
            "schema_version": "1",
            "kept": {"bounds": [{"value": 0.0}]},
        },
    }


def test_inline_time_series_are_capped_and_a_missing_file_is_named(
    tmp_path: Path,
) -> None:
    long = {"rows": [{"frame": _long_table()}]}
    with pytest.raises(MeasurementValidationError) as caught:
        outbound(long)
    assert caught.value.has_code(IssueCode.TIME_SERIES_ROW_COUNT_EXCEEDED)
    assert "db:<measurement_id>" in str(caught.value)
    with pytest.raises(FileNotFoundError, match="CSV file not found: file:"):
        outbound(f"file:{tmp_path / 'absent.csv'}")
    with pytest.raises(FileNotFoundError, match="Folder not found"):
        outbound(f"folder:{tmp_path / 'absent'}")


def _long_table() -> Any:
    pyarrow = pytest.importorskip("pyarrow")
    return pyarrow.table({"t": list(range(INLINE_ROWS + 1))})


def test_a_pybamm_model_is_sent_as_its_configuration() -> None:
    pybamm = pytest.importorskip("pybamm")
    thermal = pybamm.lithium_ion.SPM({"thermal": "lumped"})
    sent = outbound({"model": thermal})["model"]
    assert sent["type"] == "SPM"
    assert sent["options"]["thermal"] == "lumped"
    if hasattr(thermal, "to_config"):  # PyBaMM's own form, where it has one
        assert sent == thermal.to_config()


async def test_a_result_reads_its_elements_once_loaded_never_blocking_the_loop(
    served: Any,
) -> None:
    pytest.importorskip("ionworks_schema")
    client, seen = await served(
        {
            "/pipelines/p/result": RESULT,
            "/pipelines/p/elements": ELEMENTS,
            "/jobs/j/metadata": METADATA,
        }
    )
    response = await client.pipeline.result("p")
    with pytest.raises(RuntimeError, match=r"await response\.load\(\)"):
        response.element("fit")
    assert seen == [("GET", "/pipelines/p/result")]  # nothing sent for it
    await response.load()
    fit = response.element("fit")
    assert type(fit).__name__ == "OptimizationResult"
    with pytest.raises(RuntimeError, match="worker thread"):
        fit.trace  # noqa: B018 - a read that would fetch, on the loop's thread
    assert await asyncio.to_thread(lambda: fit.trace) == [{"cost": 0.5}]
    assert response.results == {"fit": fit}
    with pytest.raises(ValueError, match="No element named 'other'"):
        response.element("other")
    assert [path for _, path in seen].count("/pipelines/p/elements") == 1


def test_a_result_read_from_json_has_no_pipeline_to_ask() -> None:
    response = PipelineResponse.model_validate(RESULT)
    with pytest.raises(ValueError, match="only available from PipelineClient"):
        response.element("fit")


async def test_a_submission_needs_a_project_and_a_failure_is_raised(
    served: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IONWORKS_PROJECT_ID", raising=False)
    monkeypatch.delenv("PROJECT_ID", raising=False)
    states = iter(["running", "failed"])

    def state() -> dict[str, Any]:
        status = next(states)
        done = status == "failed"
        return {
            "id": "p",
            "name": "n",
            "status": status,
            "is_terminal": done,
            "is_failed": done,
            "error": "diverged" if done else None,
        }

    client, seen = await served({"/pipelines/p": state})
    with pytest.raises(ValueError, match="project_id is required"):
        await client.pipeline.create({"elements": {}})
    assert seen == []
    with pytest.raises(IonworksError, match="Pipeline p failed: diverged") as caught:
        await client.pipeline.wait_for_completion("p", poll_interval=0.01)
    assert caught.value.error_code == "JOB_FAILED"
    assert len(seen) == 2


async def test_the_simple_pipeline_warns_at_the_callers_line(served: Any) -> None:
    client, _ = await served({"/simple_pipelines/s": 404})
    with (
        pytest.warns(DeprecationWarning, match="client.pipeline.get") as heard,
        pytest.raises(IonworksError),
    ):
        await client.simple_pipeline.get("s")
    assert heard[0].filename == __file__


async def test_electrolytes_need_pybamm_and_refuse_a_form_not_built(
    served: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, seen = await served({})
    with pytest.raises(ValueError, match="not in columns"):
        await client.electrolyte.transport_from_dataset("d", forms={"x": "interpolant"})
    monkeypatch.setitem(sys.modules, "pybamm", None)  # not installed
    with pytest.raises(MissingDependencyError, match="pip install pybamm"):
        await client.electrolyte.transport_from_dataset("d")
    assert seen == []
