"""Run every benchmark and print one markdown table each: ``python -m benchmarks``.

Starts ionworks-local (in a child process of its own, so that the server
never shares the client's interpreter and GIL) with ``--latency-ms L`` and
seeded fixtures, runs the ``detail()`` fan-out, the per-call overhead and the
cost to load, prints the tables, writes ``benchmarks/results/latest.json`` and,
when matplotlib is installed, ``benchmarks/results/detail_latency.png``.
``--quick`` runs a reduced set in well under a minute, and writes to
``benchmarks/results/quick/`` (untracked) unless ``--output`` says where.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

from . import (
    detail,
    detail_cpu,
    facade_overhead,
    ingest,
    lab_ingest,
    large_uploads,
    lists,
    load_cost,
    measurement_uploads,
    readers,
    unreachable,
    upload_memory,
    validation,
)
from ._local import API_KEY, local_server
from ._stats import table

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    return {
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "system": platform.system(),
        "cores": os.cpu_count(),
    }


def detail_tables(report: dict[str, Any]) -> str:
    """One table per flag set: median, p10, p90, ratios, requests."""
    blocks = []
    for flag_name, by_size in report["results"].items():
        rows = []
        for size, entry in by_size.items():
            ours, limit = entry["async"]["median"], entry["limit"]["median"]
            for strategy in (*detail.STRATEGIES, detail.PEER):
                if strategy not in entry:
                    continue
                figures = entry[strategy]
                rows.append(
                    [
                        size,
                        strategy,
                        f"{figures['median'] * 1e3:.0f}",
                        f"{figures['p10'] * 1e3:.0f}",
                        f"{figures['p90'] * 1e3:.0f}",
                        f"{figures['median'] / ours:.2f}x",
                        f"{figures['median'] / limit:.2f}x",
                        "" if figures["requests"] is None else figures["requests"],
                    ]
                )
            rows.append(
                [
                    size,
                    f"limit ({entry['limit']['trips']} trips + transfer)",
                    f"{limit * 1e3:.0f}",
                    "",
                    "",
                    f"{limit / ours:.2f}x",
                    "1.00x",
                    "",
                ]
            )
        blocks.append(
            f"### detail(), {flag_name} (latency {report['latency_ms']:g} ms)\n\n"
            + table(
                [
                    "N",
                    "strategy",
                    "median ms",
                    "p10",
                    "p90",
                    "vs ours",
                    "vs limit",
                    "requests",
                ],
                rows,
            )
        )
    return "\n\n".join(blocks)


def output_folder(given: Path | None, quick: bool) -> Path:
    """Return where a run writes: ``given``, else ``results/`` (``quick/`` in it).

    The full run's results are tracked; a quick run never writes over them.
    """
    if given is not None:
        return given
    return RESULTS / "quick" if quick else RESULTS


def verdicts(report: dict[str, Any]) -> list[str]:
    """Check the ``detail()`` targets; say which are met."""

    def verdict(met: bool) -> str:
        return "met" if met else "MISSED"

    lines = []
    for flag_name, by_size in report["results"].items():
        for size, entry in by_size.items():
            size = int(size)
            ratio = entry["async"]["median"] / entry["limit"]["median"]
            bound = 2.5 if size > 100 else 1.3
            blocking = entry["blocking"]["median"] / entry["async"]["median"]
            line = (
                f"- {flag_name}, N={size}: async/limit {ratio:.2f} "
                f"({verdict(ratio <= bound)}; target {bound})"
            )
            if size:
                line += (
                    f", blocking/async {blocking:.2f} "
                    f"({verdict(blocking <= 1.1)}; target 1.1)"
                )
            lines.append(line)
            if flag_name != "all data" or size != 24:
                continue
            repeat = entry["async, cached repeat"]["median"]
            trip = entry["one round trip"]["median"]
            first = entry["async, cache on (first call)"]["median"]
            lines.append(
                f"- N=24, cached repeat / one round trip {repeat / trip:.2f} "
                f"({verdict(repeat <= 1.3 * trip)}; target 1.3); first call with "
                f"the cache on / off {first / entry['async']['median']:.2f} "
                f"({verdict(first <= 1.05 * entry['async']['median'])}; target 1.05)"
            )
            theirs = entry.get(detail.PEER)
            if theirs is not None:
                speedup = theirs["median"] / entry["async"]["median"]
                lines.append(
                    f"- N=24: {speedup:.1f}x faster than {detail.PEER}'s detail() "
                    f"({verdict(speedup >= 5)}; target 5x)"
                )
            else:
                speedup = entry["thread pool"]["median"] / entry["async"]["median"]
                lines.append(
                    f"- N=24: {speedup:.1f}x faster than the thread-pool emulation "
                    "(no --peer: the public client itself was not run)"
                )
    return lines


def sweep_table(report: dict[str, Any]) -> str:
    """Median ``detail()`` at each ``max_concurrency``, against the limit."""
    rows = []
    for size, medians in report["sweep"].items():
        limit = report["results"]["all data"][size]["limit"]["median"]
        for concurrency, median in medians.items():
            rows.append(
                [size, concurrency, f"{median * 1e3:.0f}", f"{median / limit:.2f}x"]
            )
    return table(["N", "max_concurrency", "median ms", "vs limit"], rows)


def plot(report: dict[str, Any], path: Path) -> bool:
    """Draw latency against N, one line per strategy, the limit dashed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    by_size = report["results"]["all data"]
    sizes = [int(size) for size in by_size]
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for strategy in (*detail.STRATEGIES, detail.PEER):
        points = [
            (int(size), entry[strategy]["median"] * 1e3)
            for size, entry in by_size.items()
            if strategy in entry
        ]
        if not points:
            continue
        axes.plot(
            [size for size, _ in points],
            [median for _, median in points],
            marker="o",
            label=strategy,
        )
    axes.plot(
        sizes,
        [by_size[s]["limit"]["median"] * 1e3 for s in by_size],
        linestyle="--",
        color="black",
        label="limit",
    )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("measurements in the instance (N)")
    axes.set_ylabel("detail() median latency (ms)")
    axes.set_title(f"detail() with all data, {report['latency_ms']:g} ms latency")
    axes.legend()
    axes.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return True


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print their tables."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="a reduced set, under a minute"
    )
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument(
        "--output",
        type=Path,
        help=f"where to write the results (default {RESULTS}; a --quick run's "
        "go to its quick/ folder, never over a full run's, which are tracked)",
    )
    parser.add_argument(
        "--peer",
        metavar="PYTHON",
        default=os.environ.get("IONWORKS_PEER_PYTHON"),
        help="an interpreter with the public client (ionworks-api) installed, "
        "to run it side by side (default: IONWORKS_PEER_PYTHON)",
    )
    parser.add_argument(
        "--ionworksdata",
        metavar="PYTHON",
        default=os.environ.get("IONWORKSDATA_PYTHON"),
        help="an interpreter with ionworksdata installed, to read the cyclers' "
        "files side by side (default: IONWORKSDATA_PYTHON)",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    args.output = output_folder(args.output, quick)
    sizes = [1, 8] if quick else [1, 8, 24, 120]
    rounds = 3 if quick else 9
    rows = 600 if quick else 2800
    args.output.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"machine": machine(), "quick": quick}
    print(
        f"# ionworks-async benchmarks ({report['machine']['date']}, Python "
        f"{report['machine']['python']}, {report['machine']['cores']} cores)\n",
        flush=True,
    )

    with local_server("--latency-ms", str(args.latency_ms)) as url:
        report["detail"] = detail.run(
            url,
            args.latency_ms,
            sizes,
            rounds,
            rows,
            progress=lambda line: print(line, file=sys.stderr),
            peer=args.peer,
            sweep_sizes=[] if quick else [24, 120],
        )
        count, rows_each, looped = (8, 2_000, 4) if quick else (200, 20_000, 20)
        report["measurement_uploads"], uploads_table = measurement_uploads.run(
            url, args.latency_ms, count, rows_each, looped, args.peer
        )
        detail.set_latency(url, 0)
        instance_id = overhead_instance(url)
        overhead = facade_overhead.measure(
            url,
            50 if quick else 200,
            5 if quick else 30,
            instance_id=instance_id,
            api_key=API_KEY,
        )
    report["overhead_us"] = overhead
    print(detail_tables(report["detail"]) + "\n")
    print("Targets:\n" + "\n".join(verdicts(report["detail"])) + "\n")
    print(
        f"### Measurement uploads (latency {args.latency_ms:g} ms)\n\n{uploads_table}\n"
    )
    if report["detail"]["sweep"]:
        print(
            "### detail() with all data by max_concurrency "
            f"(latency {args.latency_ms:g} ms)\n\n{sweep_table(report['detail'])}\n"
        )
    print(
        "### Per-call overhead (latency 0)\n\n"
        + facade_overhead.report(overhead)
        + "\n"
    )

    imports = {
        statement: load_cost.import_milliseconds(statement, 3 if quick else 9)
        for statement in ("import ionworks", "import ionworks; ionworks.Ionworks('k')")
    }
    sizes_bytes = load_cost.required_size_bytes()
    report["load"] = {"import_ms": imports, "dependency_bytes": sizes_bytes}
    total_mb = sum(sizes_bytes.values()) / 1e6
    print(
        "### Cost to load\n\n"
        + table(
            ["what", "figure", "target"],
            [
                [
                    f"`{statement}`",
                    f"{ms:.0f} ms",
                    "< 200 ms" if statement == "import ionworks" else "",
                ]
                for statement, ms in imports.items()
            ]
            + [
                [
                    "required dependencies installed",
                    f"{total_mb:.1f} MB ({', '.join(sorted(sizes_bytes))})",
                    "< 30 MB",
                ]
            ],
        )
        + "\n"
    )

    series_rows, steps = (100_000, 2_000) if quick else (1_000_000, 20_000)
    report["validation"], validation_table = validation.run(
        series_rows, steps, 3 if quick else 5, args.peer
    )
    print(
        f"### Validating {series_rows:,} rows of {steps:,} steps "
        f"(median of rounds)\n\n"
        f"{validation_table}\n"
    )
    size = 20_000_000 if quick else 1_000_000_000
    report["upload_memory"], memory_table = upload_memory.run(size)
    print(f"### Uploading a {size / 1e6:,.0f} MB CSV file\n\n{memory_table}\n")
    size = (64 if quick else 512) * 1024**2
    report["large_uploads"], large_table = large_uploads.run(size, args.peer)
    print(
        f"### Uploading a {size / 1024**2:,.0f} MiB file: S3 multipart, one PUT\n\n"
        f"{large_table}\n"
    )

    report["readers"], readers_table = readers.run(
        3 if quick else 15,
        5.0 if quick else 200.0,
        args.ionworksdata,
        5.0 if quick else 1000.0,
    )
    print(f"### Reading cyclers' files (median of rounds)\n\n{readers_table}\n")

    sizes = [300, 1000] if quick else [1000, 3000, 10000]
    report["lists"], lists_table = lists.run(sizes, 3, args.peer)
    print(f"### A list read whole, K records (no latency)\n\n{lists_table}\n")
    sizes = [5, 20] if quick else [10, 100, 500]
    report["detail_cpu"], cpu_table = detail_cpu.run(sizes, 3, 600)
    print(f"### The client's CPU in detail(), N measurements\n\n{cpu_table}\n")

    if not quick:
        ingest_rates, ingest_table = ingest.run(args.latency_ms, 600, 3)
        report["ingest"] = ingest_rates
        print(
            f"### Bulk ingestion (latency {args.latency_ms:g} ms)\n\n{ingest_table}\n"
        )
        report["unreachable"], line = unreachable.run()
        print(f"### An unreachable server\n\n{line}\n")
        report["lab_ingest"], lab_table = lab_ingest.run(16, 3)
        print(f"### A lab folder on Dask, 1 worker against 2\n\n{lab_table}\n")

    path = args.output / "latest.json"
    path.write_text(json.dumps(report, indent=1, default=str))
    print(f"wrote {path}")
    if plot(report["detail"], args.output / "detail_latency.png"):
        print(f"wrote {args.output / 'detail_latency.png'}")
    return 0


def overhead_instance(url: str) -> str:
    """Create the instance whose GET the overhead benchmark times."""
    from ionworks import Ionworks

    with Ionworks(API_KEY, url) as client:
        spec = client.cell_spec.create_or_get({"name": "overhead"})
        return client.cell_instance.create_or_get(spec.id, {"name": "one"}).id


if __name__ == "__main__":
    raise SystemExit(main())
