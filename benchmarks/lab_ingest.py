"""Conversion-bound lab ingestion: one Dask worker process against two.

Run: ``python -m benchmarks.lab_ingest [--files 16] [--rounds 3]``

A lab folder of ``--files`` copies of the sample Arbin ``.res`` file (an MS
Access database, read in pure Python by access-parser where mdbtools is not
installed: about 0.2 s of CPU a file for 2,150 rows, so reading dominates
what the server does with them), one a cell, is ingested with ``ionworks
ingest``'s Dask runner on a
``distributed.LocalCluster`` of one worker process, then of two (one thread
each), against ionworks-local in its own process; each round starts from an
empty server, so every file is read, checked, converted and uploaded. The
same folder ingested in one process without Dask is beside them. Medians of
rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from ._local import API_KEY, local_server
from ._stats import table

SOURCE = (
    Path(__file__).resolve().parents[1] / "tests/data/cyclers/arbin/arbin_example.res"
)


def write_lab(root: Path, files: int) -> int:
    """Write the folder; return the rows of one file."""
    import json
    import shutil
    import warnings

    from ionworks_async.read import reading as _api

    (root / "spec.json").write_text(json.dumps({"name": "bench lab"}))
    for index in range(files):
        folder = root / f"cell-{index:02d}"
        folder.mkdir()
        shutil.copy(SOURCE, folder / "run.res")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table, _, _ = _api.normalised(SOURCE)
    rows: int = table.num_rows
    return rows


def _warm() -> None:
    """Import the readers on a worker before the clock starts."""
    import ionworks_async.ingest.job
    import ionworks_async.read.readers.arbin_res  # noqa: F401


def _dask_round(root: Path, workers: int) -> float:
    import distributed

    from ionworks_async.ingest.on_dask import ingest_on_dask
    from ionworks_async.ingest.plan import plan_folder

    with (
        local_server() as url,
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as dask,
    ):
        dask.run(_warm)
        plan = plan_folder(root)
        started = time.perf_counter()
        report = ingest_on_dask(dask, plan, api_key=API_KEY, api_url=url)
        elapsed = time.perf_counter() - started
    assert report.ok and report.counts()["ingested"] == plan.files, str(report)
    return elapsed


def _local_round(root: Path) -> float:
    from ionworks_async import AsyncIonworks
    from ionworks_async.ingest.job import ingest_plan
    from ionworks_async.ingest.plan import plan_folder

    async def go(url: str) -> float:
        async with AsyncIonworks(API_KEY, url) as client:
            plan = plan_folder(root)
            started = time.perf_counter()
            report = await ingest_plan(client, plan)
            elapsed = time.perf_counter() - started
        assert report.ok, str(report)
        return elapsed

    with local_server() as url:
        return asyncio.run(go(url))


def run(files: int, rounds: int) -> tuple[dict[str, Any], str]:
    """Run the benchmark; return its figures and a markdown table."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "lab"
        root.mkdir()
        rows = write_lab(root, files)
        size = sum(p.stat().st_size for p in root.rglob("*.res"))
        times: dict[str, list[float]] = {
            "one process, no Dask": [],
            "Dask, 1 worker process": [],
            "Dask, 2 worker processes": [],
        }
        for _ in range(rounds):
            times["one process, no Dask"].append(_local_round(root))
            times["Dask, 1 worker process"].append(_dask_round(root, 1))
            times["Dask, 2 worker processes"].append(_dask_round(root, 2))
    medians = {name: statistics.median(values) for name, values in times.items()}
    one = medians["Dask, 1 worker process"]
    lines = [
        [
            name,
            f"{files}",
            f"{files * rows:,}",
            f"{size / 1e6:.0f}",
            f"{seconds:.2f}",
            f"{size / seconds / 1e6:.1f}",
            f"{one / seconds:.2f}x",
        ]
        for name, seconds in medians.items()
    ]
    text = table(
        ["runner", "files", "rows", "MB", "seconds", "MB/s", "vs 1 worker"], lines
    )
    figures = {
        "files": files,
        "rows": files * rows,
        "bytes": size,
        "seconds": medians,
        "rounds": times,
    }
    return figures, text


def main(argv: list[str] | None = None) -> int:
    """Run the lab-ingestion benchmark and print its table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lab_ingest")
    parser.add_argument("--files", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    _, text = run(args.files, args.rounds)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
