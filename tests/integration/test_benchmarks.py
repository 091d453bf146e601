"""The benchmarks run (reduced) in CI, so that they never rot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_quick_benchmarks_print_every_table(tmp_path: Path) -> None:
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--output", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    for heading in (
        "### detail(), all data",
        "### detail(), no time series",
        "### Per-call overhead",
        "### Measurement uploads",
        "### Cost to load",
        "### Reading cyclers' files",
        "Targets:",
    ):
        assert heading in out
    for strategy in (
        "| async |",
        "| blocking |",
        "| sequential |",
        "| thread pool |",
        "limit (",
    ):
        assert strategy in out
    report = json.loads((tmp_path / "latest.json").read_text())
    entry = report["detail"]["results"]["all data"]["8"]
    # ours: 2 + 3N (steps_and_cycles, the time-series link and its storage
    # fetch a measurement); the existing client's: 2 + 4N + 2N storage fetches
    assert entry["async"]["requests"] == 2 + 3 * 8
    assert entry["async, cache on (first call)"]["requests"] == 2 + 3 * 8
    # a repeat with the data cached: instance and list only, one round trip
    assert entry["async, cached repeat"]["requests"] == 2
    assert entry["one round trip"]["requests"] == 2
    assert entry["thread pool"]["requests"] == 2 + 4 * 8 + 2 * 8
    assert entry["async"]["median"] < entry["sequential"]["median"]
    uploads = report["measurement_uploads"]["runs"]
    assert uploads["create_many, 8"]["per_s"] > uploads["sequential create, 4"]["per_s"]
    assert report["load"]["import_ms"]["import ionworks"] > 0
    mpr = report["readers"]["files"]["biologic/exampleDataBioLogic.mpr"]
    assert mpr["reader"] == "biologic mpr" and mpr["mb_per_s"] > 0
    assert (
        report["readers"]["large"]["rows"] == report["readers"]["large"]["rows_written"]
    )
    assert report["readers"]["first_read"]["median_s"] > 0  # a fresh process
    converted = report["readers"]["convert"]
    assert converted["rows"] == converted["rows_written"] and converted["peak_mb"] > 0
    assert "aiohttp" in report["load"]["dependency_bytes"]
    if os.environ.get("IONWORKS_PEER_PYTHON"):
        # --peer defaults to the variable: the public client in the same run
        assert "ionworks-api 0.38" in entry, report["detail"].get("peer_error")
        assert entry["ionworks-api 0.38"]["median"] > 0
        assert "ionworks-api 0.38 create loop, 4" in uploads
        assert report["validation"]["peer"], report["validation"].get("peer_error")


@pytest.mark.slow
def test_the_network_benchmark_runs_over_its_emulated_link() -> None:
    from benchmarks import network

    report = network.run(
        (0.01,), rounds=1, warm_calls=1, idle=0.2, measurements=2, progress=str
    )
    entry = report["10"]
    assert entry["floor"] == {"cold": 0.05, "warm": 0.03}
    ours = entry["clients"]["async"]
    # Over the link a call takes at least its floor; cold more than warm.
    assert ours["warm"] >= 0.03 and ours["cold"] > ours["warm"]
    assert ours["connections"] >= 3  # trip 1's two, and storage's own origin
    assert entry["clients"]["blocking"]["idle"] >= 0.03
    before = entry["clients"]["async, run before"]  # a cold call, and only that
    assert before["cold"] >= 0.05 and "warm" not in before
    text = network.table(report)
    assert "| 10 ms | async |" in text and "| 10 ms | blocking |" in text
    assert "| 10 ms | async, run before |" in text


def test_a_peer_script_answers_in_turns_and_its_end_is_an_error() -> None:
    from benchmarks._peer import Peer

    echo = (
        "import json, sys\n"
        "for line in sys.stdin:\n"
        "    if line.strip() == 'stop':\n"
        "        sys.exit('stopped on request')\n"
        "    print(json.dumps({'turn': int(line), 'args': sys.argv[1:]}), flush=True)\n"
    )
    with Peer(sys.executable, echo, "a", "b") as peer:
        assert peer.ask("1") == {"turn": 1, "args": ["a", "b"]}
        assert peer.ask("2")["turn"] == 2  # the same process, still running
        with pytest.raises(ValueError, match="stopped on request"):
            peer.ask("stop")


def test_a_quick_run_never_writes_over_the_tracked_results(tmp_path: Path) -> None:
    from benchmarks.run import RESULTS, output_folder

    assert output_folder(None, quick=True) == RESULTS / "quick"
    assert output_folder(None, quick=False) == RESULTS
    assert output_folder(tmp_path, quick=True) == tmp_path


@pytest.mark.slow
def test_the_analysis_benchmark_prints_its_tables(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "benchmarks.analysis", "--quick"]
    iwd = os.environ.get("IONWORKS_IWD_PYTHON")
    if iwd:
        command += ["--ionworksdata", iwd]
    result = subprocess.run(
        [*command, "--json", str(tmp_path / "analysis.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for heading in (
        "### summarize + cycle_metrics",
        "### long series, summarised from disk",
        "### cycle_table:",
    ):
        assert heading in result.stdout
    figures = json.loads((tmp_path / "analysis.json").read_text())
    for long in figures["bounded"]:
        assert long["steps"] == long["rows"] // long["rows_per_step"]
    fleet = figures["fleet"]
    assert fleet["rows"] == fleet["cells"] * fleet["cycles"]
    assert fleet["warm"]["requests"] < fleet["cold"]["requests"]
