"""examples/walkthrough.ipynb in a real Jupyter kernel: what a notebook shows."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import nbclient
import nbformat
import pytest

from ..support import LOCAL_KEY

NOTEBOOK = Path(__file__).parents[2] / "examples" / "walkthrough.ipynb"
PNG = b"\x89PNG\r\n\x1a\n"


def _run(server: Any, monkeypatch: pytest.MonkeyPatch, *first: str) -> list[Any]:
    """Run the notebook against ``server`` (cells ``first`` before its own)."""
    monkeypatch.setenv("IONWORKS_API_URL", server.url)
    monkeypatch.setenv("IONWORKS_API_KEY", LOCAL_KEY)
    monkeypatch.setenv("IONWORKS_CACHE_DIR", "off")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells[:0] = [nbformat.v4.new_code_cell(code) for code in first]
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return [cell.outputs for cell in code[len(first) :]]


def _result(outputs: list[Any]) -> dict[str, Any]:
    (result,) = [o for o in outputs if o.output_type == "execute_result"]
    data: dict[str, Any] = result.data
    return data


def test_the_walkthrough_shows_tables_plots_and_a_widget(
    local_thread_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = _run(local_thread_server, monkeypatch)
    _, cell, listed, detail, frame, curve, cycles, batch, issues, *answers, _ = outputs
    metrics, fade, dqdv = answers
    for shown in outputs:  # nothing went to stderr: no warnings, no tracebacks
        assert all(o.get("name") != "stderr" for o in shown), shown
    shown = _result(cell)
    assert shown["text/plain"].startswith("CellInstance(id='")
    assert "name='NCM622-GR-001'" in shown["text/plain"]
    assert '<table class="ionworks">' in shown["text/html"]
    assert "<td>name</td><td>NCM622-GR-001</td>" in shown["text/html"]
    table = _result(listed)["text/html"]
    assert "<p><b>1 CellInstance</b></p>" in table and "<th>batch</th>" in table
    rows = _result(detail)["text/html"]
    assert "2 measurement(s)" in rows
    assert "<td>1C cycling</td><td>time_series</td><td>ready</td>" in rows
    assert "<td>mass</td><td>properties</td><td>ready</td>" in rows
    assert "shape: (3, 2)" in _result(frame)["text/plain"]  # a polars frame
    assert "shape: (3, 3)" in _result(metrics)["text/plain"]  # three cycles
    assert "Coulombic efficiency" in _result(metrics)["text/plain"]
    for figure in (curve, cycles, fade, dqdv):
        (image,) = [o for o in figure if "image/png" in o.get("data", {})]
        assert base64.b64decode(image.data["image/png"]).startswith(PNG)
        assert len(figure) == 1  # shown once, not also by pyplot
    # The progress bar was an ipywidget while it ran; the notebook as saved
    # holds its final line in its place (a widget's state is not saved).
    (bar,) = [o for o in batch if o.output_type == "display_data"]
    assert "application/vnd.jupyter.widget-view+json" not in bar.data
    assert "11/11" in bar.data["text/plain"], bar.data
    assert "failed=1" in bar.data["text/plain"], bar.data
    result = _result(batch)
    assert result["text/plain"].startswith("<BatchResult 11 items")
    assert "Not complete: 11 items" in result["text/html"]
    assert (
        "<td>10</td><td></td><td>UnprocessableEntityError</td>" in result["text/html"]
    )
    assert (
        "ValidationIssue('time_does_not_start_at_zero'" in _result(issues)["text/plain"]
    )


def test_without_ipywidgets_progress_is_one_clean_line(
    local_thread_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = _run(
        local_thread_server, monkeypatch, "import sys\nsys.modules['ipywidgets'] = None"
    )
    batch = outputs[7]
    streams = [o for o in batch if o.output_type == "stream"]
    assert {o.name for o in streams} == {"stdout"}  # no TqdmWarning, no red block
    text = "".join(o.text for o in streams)
    assert text.rstrip().rsplit("\r", 1)[-1].startswith("11/11 done, 1 failed")
    assert text.count("\n") == 1  # one line, redrawn in place
    assert not [
        o
        for o in batch
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
