"""The analysis: step table and cycle metrics against ionworksdata, memory, a fleet.

``python -m benchmarks.analysis [--ionworksdata PYTHON] [--quick]``.

1. ``summarize`` + ``cycle_metrics`` on the same series, ours here and
   ionworksdata's (``steps.summarize`` + ``cycle_metrics.get_cycle_metrics``)
   in its own interpreter, taking turns: medians of rounds, and the ratio.
   The series: every real file ionworksdata reads (as it reads them), and a
   synthetic cycler run of many cycles.
2. A 10-million-row series (parquet on disk) summarised in a child process:
   its time and peak RSS (``VmHWM``) against the size of the series' columns.
3. ``cycle_table`` of a fleet (200 cells of 1,000 cycles; ``--quick`` 20 of
   100) on ionworks-local in its own process: requests, time, peak memory,
   cold and through the data cache.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ._local import API_KEY, local_server
from ._peer import Peer
from ._stats import PEAK_RSS_MB, summary, table

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "cyclers"
IWD_SCRIPT = Path(__file__).resolve().parents[1] / "tests" / "integration" / "peer_iwd"

IWD_TURNS = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
import polars as pl
import ionworksdata as iwdata
for line in sys.stdin:
    path, rounds = json.loads(line)
    series = pl.read_parquet(path)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        steps = iwdata.steps.summarize(series)
        iwdata.cycle_metrics.get_cycle_metrics(steps)
        times.append(time.perf_counter() - started)
    print(json.dumps(times), flush=True)
"""


def synthetic_run(cycles: int, rows_per_step: int = 50) -> pa.Table:
    """A cycler's run: each cycle a CC discharge, rest, CC charge, CV hold, rest."""
    k = np.arange(rows_per_step, dtype=np.float64) / rows_per_step
    shapes = [
        (np.full(rows_per_step, 2.0), 4.1 - 1.3 * k),
        (np.zeros(rows_per_step), 2.8 + 0.3 * k),
        (np.full(rows_per_step, -2.0), 3.1 + 1.1 * k),
        (-2.0 * np.exp(-5 * k), np.full(rows_per_step, 4.2)),
        (np.zeros(rows_per_step), 4.15 - 0.05 * k),
    ]
    fade = 1 - 0.0002 * np.arange(cycles)
    current = np.concatenate([c for c, _ in shapes])
    voltage = np.concatenate([v for _, v in shapes])
    steps = len(shapes) * cycles
    rows = steps * rows_per_step
    currents = (current[None, :] * fade[:, None]).ravel()
    moved = np.concatenate([[0.0], (currents[1:] + currents[:-1]) / 2 * 10.0 / 3600])
    return pa.table(
        {
            "Time [s]": np.arange(rows, dtype=np.float64) * 10.0,
            "Discharge capacity [A.h]": np.cumsum(np.maximum(moved, 0.0)),
            "Charge capacity [A.h]": np.cumsum(np.maximum(-moved, 0.0)),
            "Voltage [V]": np.tile(voltage, cycles),
            "Current [A]": currents,
            "Step count": np.repeat(np.arange(steps), rows_per_step),
            "Cycle from cycler": np.repeat(np.arange(cycles) + 1, 5 * rows_per_step),
        }
    )


def _ours(path: Path, rounds: int) -> list[float]:
    from ionworks_async.analysis.metrics import cycle_metrics_arrow
    from ionworks_async.analysis.summary import summarize_arrow

    series = pq.read_table(path)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        cycle_metrics_arrow(summarize_arrow(series))
        times.append(time.perf_counter() - started)
    return times


def step_table_speed(
    iwd_python: str | None, rounds: int, cycles: int
) -> list[dict[str, Any]]:
    """Time ours and ionworksdata's on the same series, taking turns."""
    out = []
    with tempfile.TemporaryDirectory() as folder:
        series = {"synthetic": Path(folder) / "synthetic.parquet"}
        pq.write_table(synthetic_run(cycles), series["synthetic"])
        if iwd_python:
            series.update(_iwd_series(iwd_python, Path(folder)))
        peer = Peer(iwd_python, IWD_TURNS) if iwd_python else None
        try:
            for name, path in series.items():
                ours, theirs = [], []
                for _ in range(3):  # turns, so both meet the same load
                    ours += _ours(path, rounds)
                    if peer is not None:
                        theirs += peer.ask(json.dumps([str(path), rounds]))
                rows = pq.ParquetFile(path).metadata.num_rows
                entry = {"series": name, "rows": rows, "ours": summary(ours)}
                if theirs:
                    entry["ionworksdata"] = summary(theirs)
                out.append(entry)
        finally:
            if peer is not None:
                peer.close()
    return out


def _iwd_series(iwd_python: str, folder: Path) -> dict[str, Path]:
    """Every real file ionworksdata reads, as it reads it (parquet)."""
    files = [
        {"file": str(p)}
        for p in sorted(DATA.rglob("*"))
        if p.is_file() and "references" not in p.parts and p.suffix != ".md"
    ]
    done = subprocess.run(
        [iwd_python, "-I", str(IWD_SCRIPT / "steps_of_files.py"), str(folder)],
        input=json.dumps(files),
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=600,
        check=True,
    )
    read = [json.loads(line) for line in done.stdout.splitlines()]
    return {
        Path(entry["file"]).name: folder / f"{entry['n']}.series.parquet"
        for entry in read
        if "error" not in entry
    }


BOUNDED = (
    PEAK_RSS_MB
    + """
import json, sys, time
import pyarrow.parquet as pq
from ionworks_async.analysis.summary import summarize_arrow
path = sys.argv[1]
before = peak_rss_mb()
started = time.perf_counter()
steps = summarize_arrow(path)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "steps": steps.num_rows,
                  "peak_mb": peak_rss_mb(), "before_mb": before}))
"""
)


def bounded_memory(rows: int, rows_per_step: int = 50) -> dict[str, Any]:
    """Summarise a ``rows``-row parquet series in a child process."""
    per_cycle = 5 * rows_per_step
    cycles = max(1, rows // per_cycle)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.parquet"
        writer = None
        written = 0
        block = max(1, 500_000 // per_cycle)  # cycles a block
        while written < cycles:
            part = synthetic_run(min(block, cycles - written), rows_per_step)
            offset = written * per_cycle
            part = part.set_column(
                0, "Time [s]", pa.array(part.column(0).to_numpy() + offset * 10.0)
            )
            steps_at = part.column_names.index("Step count")
            part = part.set_column(
                steps_at,
                "Step count",
                pa.array(part.column(steps_at).to_numpy() + written * 5),
            )
            writer = writer or pq.ParquetWriter(path, part.schema)
            writer.write_table(part, row_group_size=262_144)
            written += min(block, cycles - written)
        assert writer is not None
        writer.close()
        total = pq.ParquetFile(path).metadata.num_rows
        done = subprocess.run(
            [sys.executable, "-c", BOUNDED, str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=1800,
        )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["rows"] = total
    result["rows_per_step"] = rows_per_step
    result["columns_mb"] = total * 7 * 8 / 1e6
    return result


async def _fleet(url: str, cells: int, cycles: int, cache: Path) -> dict[str, Any]:
    from benchmarks.detail import count_requests
    from ionworks_async import AsyncIonworks

    async with AsyncIonworks(API_KEY, url, cache_dir=cache) as client:
        spec = await client.cell_spec.create({"name": "fleet"})
        lots = [
            (await client.cell_batch.create(spec.id, {"name": f"lot {n}"})).id
            for n in range(4)
        ]
        run = synthetic_run(cycles, rows_per_step=8).drop_columns(
            ["Discharge capacity [A.h]", "Charge capacity [A.h]"]
        )  # the API wants them reset each step: the server integrates instead
        for n in range(cells):
            cell = await client.cell_instance.create(
                spec.id, {"name": f"cell {n:03d}", "batch_id": lots[n % 4]}
            )
            await client.cell_measurement.create(
                cell.id, {"measurement": {"name": "life"}, "time_series": run}
            )
        figures = {}
        for label in ("cold", "warm"):
            loop = asyncio.get_running_loop()
            started = time.perf_counter()

            def table(loop: asyncio.AbstractEventLoop = loop) -> object:
                coroutine = client.cycle_table(spec.id)
                return asyncio.run_coroutine_threadsafe(coroutine, loop).result()

            requests = await loop.run_in_executor(None, count_requests, url, table)
            figures[label] = {
                "seconds": time.perf_counter() - started,
                "requests": requests,
            }
        figures["rows"] = len(await client.cycle_table(spec.id))
    return figures


def fleet(cells: int, cycles: int) -> dict[str, Any]:
    """``cycle_table`` of ``cells`` cells of ``cycles`` cycles, on ionworks-local."""
    import resource

    with local_server() as url, tempfile.TemporaryDirectory() as cache:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result = asyncio.run(_fleet(url, cells, cycles, Path(cache)))
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["before_mb"] = before
    result.update(cells=cells, cycles=cycles)
    return result


def report(results: dict[str, Any]) -> str:
    """Markdown tables of the figures."""
    rows = []
    for entry in results["speed"]:
        ours = entry["ours"][0]
        theirs = entry.get("ionworksdata")
        rows.append(
            [
                entry["series"],
                entry["rows"],
                f"{ours * 1e3:.2f}",
                "" if theirs is None else f"{theirs[0] * 1e3:.2f}",
                "" if theirs is None else f"{theirs[0] / ours:.1f}x",
            ]
        )
    blocks = [
        "### summarize + cycle_metrics (median ms)\n\n"
        + table(["series", "rows", "ours", "ionworksdata", "speed-up"], rows)
    ]
    ratios = [
        e["ionworksdata"][0] / e["ours"][0]
        for e in results["speed"]
        if "ionworksdata" in e
    ]
    if ratios:
        blocks.append(
            f"median speed-up over {len(ratios)} series: "
            f"{statistics.median(ratios):.1f}x (min {min(ratios):.1f}x)"
        )
    blocks.append(
        "### long series, summarised from disk (peak RSS of the child process)\n\n"
        + table(
            ["rows", "steps", "seconds", "peak RSS MB", "its columns MB"],
            [
                [
                    long["rows"],
                    long["steps"],
                    f"{long['seconds']:.1f}",
                    f"{long['peak_mb']:.0f}",
                    f"{long['columns_mb']:.0f}",
                ]
                for long in results["bounded"]
            ],
        )
        + "\n\nThe memory grows with the steps (the answer's own rows), not the rows."
    )
    fleet_figures = results["fleet"]
    blocks.append(
        f"### cycle_table: {fleet_figures['cells']} cells x "
        f"{fleet_figures['cycles']} cycles ({fleet_figures['rows']} rows)\n\n"
        + table(
            ["", "seconds", "requests"],
            [
                [
                    label,
                    f"{fleet_figures[label]['seconds']:.2f}",
                    fleet_figures[label]["requests"],
                ]
                for label in ("cold", "warm")
            ],
        )
        + f"\n\npeak RSS of the client process: {fleet_figures['peak_mb']:.0f} MB"
    )
    return "\n\n".join(blocks)


def main(argv: list[str] | None = None) -> int:
    """Run the analysis benchmarks and print their tables."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.analysis")
    parser.add_argument("--ionworksdata", metavar="PYTHON", help="its interpreter")
    parser.add_argument("--quick", action="store_true", help="a reduced set")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    quick = args.quick
    results = {
        "speed": step_table_speed(
            args.ionworksdata, 3 if quick else 7, 200 if quick else 2_000
        ),
        "bounded": [
            bounded_memory(rows, per_step)
            for rows, per_step in (
                [(200_000, 50), (200_000, 2_000)]
                if quick
                else [(1_000_000, 50), (10_000_000, 50), (10_000_000, 2_000)]
            )
        ],
        "fleet": fleet(*((8, 100) if quick else (200, 1_000))),
    }
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
