"""Beyond one machine: ``--shard K/N`` and the Dask runner, a worker killed mid-run.

The cluster is a ``distributed.LocalCluster`` of two worker processes; one
is killed (SIGKILL) while the cells are being ingested, and Dask runs its
tasks again on a worker that lives: nothing is lost, nothing made twice.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import Any

import distributed
import pytest

from ionworks import Ionworks
from ionworks_async._cli import ingest as cli
from ionworks_async._cli import main
from ionworks_async.ingest import on_dask
from ionworks_async.ingest.on_dask import ingest_on_dask
from ionworks_async.ingest.plan import plan_folder
from ionworks_async.local import serve
from ionworks_async.local.faults import FaultSettings
from ionworks_async.validation import CheckOptions

from ..support import LOCAL_KEY

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"
MACCOR = DATA / "maccor" / "PredictionDiagnostics_000109_tztest.010"


def lab(root: Path, cells: int) -> Path:
    root.mkdir()
    (root / "spec.json").write_text(json.dumps({"name": "cluster spec"}))
    for index in range(cells):
        folder = root / "Maccor" / f"cell-{index:02d}"
        folder.mkdir(parents=True)
        shutil.copy(MACCOR, folder / "run.010")
    (root / "notes.txt").write_text("not data\n")
    return root


def test_shards_share_a_folder_and_each_file_is_done_by_one(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = lab(tmp_path / "lab", cells=9)
    plan = plan_folder(root)
    shards = [plan.shard(index, 3) for index in range(3)]
    cells = sorted(cell.name for shard in shards for cell in shard.cells)
    assert cells == sorted(cell.name for cell in plan.cells)  # each exactly once
    assert sum(len(shard.skipped) for shard in shards) == len(plan.skipped) == 1
    assert [c.name for c in plan.shard(1, 3).cells] == [
        c.name for c in plan_folder(root).shard(1, 3).cells
    ]  # the same on every run
    with pytest.raises(ValueError, match="0 <= K < N"):
        plan.shard(3, 3)
    done = []
    for index in range(3):
        code = main(
            [
                "ingest",
                str(root),
                "--shard",
                f"{index}/3",
                "--api-key",
                LOCAL_KEY,
                "--api-url",
                local_thread_server.url,
                "--json",
            ]
        )
        assert code == 0
        done += json.loads(capsys.readouterr().out)["files"]
    assert sorted(f["status"] for f in done).count("ingested") == 9
    assert main(["ingest", str(root), "--shard", "x", "--dry-run"]) == 2
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        (spec,) = client.cell_spec.list(name_exact="cluster spec")  # made once
        assert len(client.cell_instance.list(spec.id)) == 9


def test_the_dask_runner_survives_a_killed_worker_with_nothing_lost_or_doubled(
    tmp_path: Path,
) -> None:
    root = lab(tmp_path / "lab", cells=12)
    plan = plan_folder(root)
    # Each request waits 60 ms, so that the cells are still running when a
    # worker is killed.
    with (
        serve(
            in_memory=True, api_keys=[LOCAL_KEY], faults=FaultSettings(latency_ms=60)
        ) as server,
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as dask,
    ):
        pids: dict[str, int] = dask.run(os.getpid)
        victim = sorted(pids.values())[0]
        killed = threading.Event()

        def kill() -> None:
            time.sleep(2.0)
            os.kill(victim, signal.SIGKILL)
            killed.set()

        killer = threading.Thread(target=kill)
        killer.start()
        report = ingest_on_dask(dask, plan, api_key=LOCAL_KEY, api_url=server.url)
        killer.join()
        with Ionworks(LOCAL_KEY, server.url) as client:
            (spec,) = client.cell_spec.list(name_exact="cluster spec")
            cells = client.cell_instance.list(spec.id)
            runs = [m for cell in cells for m in client.cell_measurement.list(cell.id)]
    assert killed.is_set() and report.seconds > 2.0, report.seconds  # killed mid-run
    assert report.ok, str(report)
    counts = report.counts()
    assert counts["ingested"] + counts["existing"] == 12 and counts["skipped"] == 1
    assert len(cells) == 12 and len({c.name for c in cells}) == 12  # none twice
    assert len(runs) == 12 and {m.processing_status for m in runs} == {"ready"}
    assert {o.path for o in report.outcomes} == {
        *(f.path for c in plan.cells for f in c.files),
        *(s.path for s in plan.skipped),
    }


def test_the_command_runs_on_a_dask_scheduler_by_its_address(
    tmp_path: Path,
    local_thread_server: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = lab(tmp_path / "lab", cells=3)
    with distributed.LocalCluster(
        n_workers=1, processes=False, dashboard_address=None
    ) as cluster:
        code = main(
            [
                "ingest",
                str(root),
                "--dask",
                cluster.scheduler_address,
                "--api-key",
                LOCAL_KEY,
                "--api-url",
                local_thread_server.url,
                "--json",
            ]
        )
    found = json.loads(capsys.readouterr().out)
    assert code == 0 and found["counts"]["ingested"] == 3
    assert found["created"] == {"specifications": 1, "cells": 3}
    monkeypatch.setattr(cli, "DASK_CONNECT_SECONDS", 1)
    assert main(["ingest", str(root), "--dask", "tcp://127.0.0.1:1"]) == 3
    assert "cannot be reached" in capsys.readouterr().err


def test_workers_use_the_submitting_commands_credentials_and_url_and_never_show_them(
    tmp_path: Path, local_thread_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):
        if name.startswith("IONWORKS_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    # The workers start with none of the Ionworks environment...
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as dask,
    ):
        assert not any(
            name.startswith("IONWORKS_")
            for environment in dask.run(lambda: dict(os.environ)).values()
            for name in environment
        )
        # ...while the command has the key and the URL in its own.
        monkeypatch.setenv("IONWORKS_API_KEY", LOCAL_KEY)
        monkeypatch.setenv("IONWORKS_API_URL", local_thread_server.url)
        from_environment = ingest_on_dask(dask, plan_folder(lab(tmp_path / "a", 2)))
        # A key given as an argument, the URL from the environment: the
        # workers send that key to that URL, not to api.ionworks.com.
        monkeypatch.delenv("IONWORKS_API_KEY")
        from_argument = ingest_on_dask(
            dask, plan_folder(lab(tmp_path / "b", 2)), api_key=LOCAL_KEY
        )
        logs = json.dumps([dask.get_worker_logs(), dask.get_scheduler_logs()])
    for report in (from_environment, from_argument):
        assert report.ok, str(report)  # (the server may hold these cells already)
        assert report.counts()["ingested"] + report.counts()["existing"] == 2
    assert LOCAL_KEY not in logs
    settings = on_dask._Settings(
        "http://x", LOCAL_KEY, "a-token", None, None, CheckOptions(), False, 1
    )
    assert LOCAL_KEY not in repr(settings) and "a-token" not in repr(settings)


def test_two_spec_folders_of_one_name_with_a_cell_of_one_name_are_two_tasks(
    tmp_path: Path, local_thread_server: Any
) -> None:
    root = tmp_path / "lab"
    for site in ("site-a", "site-b"):  # two labs' copies of one specification
        folder = root / site / "Maccor" / "cell-01"
        folder.mkdir(parents=True)
        (root / site / "spec.json").write_text(json.dumps({"name": "shared spec"}))
        shutil.copy(MACCOR, folder / f"run-{site}.010")
    plan = plan_folder(root)
    assert len(plan.cells) == 2
    with (
        distributed.LocalCluster(
            n_workers=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as dask,
    ):
        report = ingest_on_dask(
            dask, plan, api_key=LOCAL_KEY, api_url=local_thread_server.url
        )
    paths = [outcome.path for outcome in report.outcomes]
    assert sorted(paths) == sorted(f.path for c in plan.cells for f in c.files)
    assert report.ok and report.counts()["ingested"] == 2, str(report)
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        (spec,) = client.cell_spec.list(name_exact="shared spec")
        (cell,) = client.cell_instance.list(spec.id)  # one cell of that name
        names = {m.name for m in client.cell_measurement.list(cell.id)}
    assert names == {"run-site-a.010", "run-site-b.010"}
