"""Reading cyclers' files: MB/s per format, peak memory, and ionworksdata beside.

``python -m benchmarks.readers [--ionworksdata PYTHON] [--large-mb M]``.
Every real sample file (``tests/data/cyclers``) is read with
``ionworks_async.read.time_series``, as ionworksdata's ``read.time_series``
reads it (reader recognised by content, normalisation and the sign check
included, a polars frame returned), medians of rounds; ours and
ionworksdata's take turns, :data:`BURST` reads of each file at a time, so
that both meet the same load.
A synthetic Maccor text export of ``--large-mb`` MB is read in a child
process (median of rounds, ionworksdata's too), and one of ``--convert-mb``
MB (1 GB by default) is converted to parquet, streamed, in another: its MB/s
and peak RSS (``VmHWM``). With ``--ionworksdata PYTHON`` (an interpreter
where ionworksdata is installed, with pybamm: it installs a package named
``ionworks``, so never into this environment), its ``read.time_series`` runs
on the same files in the same run; files it cannot read are marked.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from ._peer import Peer
from ._stats import PEAK_RSS_MB, summary, table

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "cyclers"

IONWORKSDATA_TURNS = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
import ionworksdata as iwdata
warm, jobs, failed = sys.argv[1] == "warm", json.loads(sys.argv[2]), {}
def read(path):
    job = jobs[path]
    iwdata.read.time_series(path, reader=job.get("reader"),
                            extra_column_mappings=job.get("extra_column_mappings"))
for path in jobs if warm else ():  # untimed, as ours are read before timing
    try:
        read(path)
    except Exception as error:
        failed[path] = type(error).__name__
for line in sys.stdin:
    burst, out = int(line), {}
    for path in jobs:
        if path in failed:
            out[path] = failed[path]
            continue
        times = []
        try:
            for _ in range(burst):
                start = time.perf_counter()
                read(path)
                times.append(time.perf_counter() - start)
            out[path] = times
        except Exception as error:
            failed[path] = out[path] = type(error).__name__
    print(json.dumps(out), flush=True)
"""
"""ionworksdata's turn, asked for on stdin: each file read ``burst`` times;
prints every time (or the error's class, for a file it cannot read). Its
second argument maps each path to the reader and column mappings to name
(none: ionworksdata recognises the file). With ``warm`` first, each file is
read once, untimed, before the first turn."""

INDEX = DATA / "references" / "index.json"
"""How each reference was made: for ionworksdata's own, the reader it was
named and the columns it was told to map (its ``tool_args``)."""


def ionworksdata_jobs(files: list[Path]) -> dict[str, dict[str, Any]]:
    """How ionworksdata is asked to read each file: as its reference was made.

    Where a file's reference is ionworksdata's reading, it names the reader
    and column mappings it was made with (a Landt CSV read by its ``csv``
    reader, an Arbin CSV it does not recognise unnamed); every other file is
    left to ionworksdata's own recognition, as a user would leave it.
    """
    index = json.loads(INDEX.read_text()) if INDEX.is_file() else {}
    jobs: dict[str, dict[str, Any]] = {}
    for path in files:
        entry = index.get(path.relative_to(DATA).as_posix(), {})
        named = entry.get("tool_args") or {} if entry.get("tool") == "iwd" else {}
        jobs[str(path)] = {
            key: named[key]
            for key in ("reader", "extra_column_mappings")
            if key in named
        }
    return jobs


PAUSE = 0.2
"""Seconds between turns: a process's worker threads may still spin for a
moment after its turn, on cores the other's turn needs."""
BURST = 5
"""Reads of each file in one turn (the rest of the rounds come in later turns).

The first read of a turn meets caches the other process has just used: with
five a turn, both sides' medians are of reads like the ones around them."""

LARGE = """
import json, statistics, sys, time, warnings
warnings.simplefilter("ignore")
from ionworks_async import read
path, rounds = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(rounds):
    start = time.perf_counter()
    frame = read.time_series(path)
    times.append(time.perf_counter() - start)
print(json.dumps({"seconds": statistics.median(times), "first_s": times[0],
                  "rows": len(frame)}))
"""

CONVERT = (
    PEAK_RSS_MB
    + """
import json, sys, time, warnings
warnings.simplefilter("ignore")
import pyarrow.parquet as pq
from ionworks_async.read import convert_file
from ionworks_async.read import reading as _api
_api.normalised(sys.argv[3])  # imports and first use, on a small file
baseline = peak_rss_mb()
start = time.perf_counter()
written = convert_file(sys.argv[1], sys.argv[2], "parquet")
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak_mb": peak_rss_mb(),
                  "baseline_mb": baseline,
                  "rows": pq.ParquetFile(written).metadata.num_rows}))
"""
)
"""A child converts a large export to parquet, streamed: its seconds, its peak
RSS (``VmHWM``) and the peak before it began (imports, a small file read)."""


FIRST_READ = """
import sys, time, warnings
warnings.simplefilter("ignore")
start = time.perf_counter()
if sys.argv[1] == "ours":
    from ionworks_async import read
else:
    import ionworksdata as iwdata
    read = iwdata.read
read.time_series(sys.argv[2])
print(time.perf_counter() - start)
"""
"""A fresh process imports its reader and reads one file: the seconds it took
(what a script that reads a file, or ``ionworks inspect``, waits for)."""
FIRST_READ_RUNS = 5
FIRST_READ_FILE = "biologic/Sample_data_biologic_CA1.txt"


def first_read(python: str, whose: str, path: Path) -> float:
    """Median seconds of :data:`FIRST_READ` in fresh processes of ``python``.

    ionworksdata's runs isolated (``-I``, a bare environment), as its turns
    do: it installs a package named ``ionworks``, and this checkout's must
    not be the one it finds.
    """
    times = []
    isolated = whose != "ours"
    for _ in range(FIRST_READ_RUNS):
        done = subprocess.run(
            [python, *(["-I"] if isolated else []), "-c", FIRST_READ, whose, str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
            cwd=tempfile.gettempdir(),  # not this checkout's folder on the path
            env={"PATH": os.environ.get("PATH", "")} if isolated else None,
        )
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def sample_files() -> list[Path]:
    """Every readable sample file, in a fixed order."""
    from ionworks_async.read import CyclerFileError
    from ionworks_async.read import reading as _api

    found = []
    for path in sorted(p for p in DATA.rglob("*") if p.is_file()):
        if path.name == "MANIFEST.md" or "references" in path.relative_to(DATA).parts:
            continue  # the references are other tools' readings, not cyclers' files
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _api.normalised(path)
        except CyclerFileError:
            continue  # a file cut short: its reading is refused, not timed
        found.append(path)
    return found


def time_ours(files: list[Path], burst: int, times: dict[Path, list[float]]) -> None:
    """One turn: read each file ``burst`` times back to back, adding to ``times``.

    A file's reads in a turn run back to back, as ionworksdata's turn runs
    them, so that both are timed alike.
    """
    from ionworks_async import read

    warnings.simplefilter("ignore")
    for path in files:
        for _ in range(burst):
            start = time.perf_counter()
            read.time_series(path)  # as ionworksdata's: a frame (polars)
            times.setdefault(path, []).append(time.perf_counter() - start)


def take_turns(
    files: list[Path], rounds: int, ionworksdata: str | None
) -> tuple[dict[Path, list[float]], dict[str, list[float] | str], str | None]:
    """Time ours and ionworksdata's reads of ``files``, taking turns.

    Returns
    -------
    tuple
        Our times by file; ionworksdata's times (s) or its error's class by
        path; the error that kept ionworksdata from running, if any.
    """
    ours: dict[Path, list[float]] = {}
    theirs: dict[str, list[float] | str] = {}
    turns = max(1, rounds // BURST)
    peer: Peer | None = None
    error = None
    if ionworksdata:
        jobs = json.dumps(ionworksdata_jobs(files))
        peer = Peer(ionworksdata, IONWORKSDATA_TURNS, "warm", jobs)
    try:
        for _ in range(turns):
            time_ours(files, BURST, ours)
            if peer is None:
                continue
            time.sleep(PAUSE)
            try:
                answer = peer.ask(str(BURST))
            except (OSError, ValueError) as failure:
                error, peer = f"{type(failure).__name__}: {failure}", None
                continue
            for path, got in answer.items():
                known = theirs.get(path, [])
                if isinstance(got, str):
                    theirs[path] = got  # it raised: its error's class
                elif isinstance(known, list):
                    theirs[path] = [*known, *got]
            time.sleep(PAUSE)
    finally:
        if peer is not None:
            peer.close()
    return ours, theirs, error


def write_large_maccor(path: Path, megabytes: float) -> int:
    """Write a Maccor text export of about ``megabytes`` MB; return its rows."""
    header = (
        "Today's Date 03/07/2018  Date of Test:\t11/02/2016\t Filename:\tbig.041\t"
        "Procedure: CC\tComment/Barcode: \n"
        "Rec#\tCyc#\tStep\tTest (Sec)\tStep (Sec)\tAmp-hr\tWatt-hr\tAmps\tVolts\t"
        "State\tES\tDPt Time\n"
    )
    rows = 0
    target = int(megabytes * 1e6)
    with path.open("w", newline="") as handle:
        handle.write(header)
        written = len(header)
        step_rows = 600
        while written < target:
            lines = []
            for n in range(step_rows):
                step = rows // step_rows
                discharging = step % 2 == 0
                state = "D" if discharging else "C"
                volts = 4.1 - 0.001 * n if discharging else 3.5 + 0.001 * n
                lines.append(
                    f"{rows + 1}\t{step // 2}\t{step % 2 + 1}\t{rows * 1.0:.4f}\t"
                    f"{n * 1.0:.4f}\t{n * 2.0 / 3600:.10f}\t{n * 7.4 / 3600:.10f}\t"
                    f"2.0000000000\t{volts:.8f}\t{state}\t0\t11/02/2016 15:57:53\n"
                )
                rows += 1
            block = "".join(lines)
            handle.write(block)
            written += len(block)
    return rows


LARGE_ROUNDS = 3
"""Rounds of reading the large export, for ours and for ionworksdata."""


def run(
    rounds: int,
    large_mb: float,
    ionworksdata: str | None,
    convert_mb: float | None = None,
) -> tuple[dict[str, Any], str]:
    """Run the benchmark; return its figures and a markdown table."""
    from ionworks_async.read import detect_reader

    convert_mb = large_mb if convert_mb is None else convert_mb
    files = sample_files()
    try:
        ours, theirs, error = take_turns(files, rounds, ionworksdata)
    except OSError as failure:  # ionworksdata's interpreter would not start
        ours, theirs, error = take_turns(files, rounds, None)
        error = f"{type(failure).__name__}: {failure}"
    rows, figures = [], {}
    for path in files:
        median, _, _ = summary(ours[path])
        size = path.stat().st_size
        timed = theirs.get(str(path))
        peer = timed if not isinstance(timed, list) else statistics.median(timed)
        ratio = f"{peer / median:.1f}x" if isinstance(peer, float) else (peer or "")
        figures[str(path.relative_to(DATA))] = {
            "reader": detect_reader(path),
            "bytes": size,
            "median_s": median,
            "mb_per_s": size / median / 1e6,
            "ionworksdata_s": peer,
            "fastest_s": min(ours[path]),
            "ionworksdata_fastest_s": min(timed) if isinstance(timed, list) else None,
        }
        rows.append(
            [
                str(path.relative_to(DATA)),
                detect_reader(path),
                f"{size / 1e3:.0f}",
                f"{median * 1e3:.1f}",
                f"{size / median / 1e6:.1f}",
                f"{peer * 1e3:.0f}" if isinstance(peer, float) else "",
                ratio,
            ]
        )
    both = [f for f in figures.values() if isinstance(f["ionworksdata_s"], float)]
    if both:
        mine = sum(f["median_s"] for f in both)
        theirs_total = sum(f["ionworksdata_s"] for f in both)
        rows.append(
            [
                f"the {len(both)} files ionworksdata reads, one after the other",
                "",
                f"{sum(f['bytes'] for f in both) / 1e3:.0f}",
                f"{mine * 1e3:.1f}",
                "",
                f"{theirs_total * 1e3:.0f}",
                f"{theirs_total / mine:.1f}x",
            ]
        )
    rows.extend(ratio_rows(figures))
    fresh = DATA / FIRST_READ_FILE
    ours_first = first_read(sys.executable, "ours", fresh)
    theirs_first: float | str = ""
    if ionworksdata and not error:
        try:
            theirs_first = first_read(ionworksdata, "ionworksdata", fresh)
        except (OSError, subprocess.SubprocessError, ValueError) as failure:
            theirs_first = type(failure).__name__
    first = {
        "file": FIRST_READ_FILE,
        "median_s": ours_first,
        "ionworksdata_s": theirs_first,
    }
    rows.append(
        [
            f"a fresh process: import, then read {FIRST_READ_FILE}",
            "biologic",
            f"{fresh.stat().st_size / 1e3:.0f}",
            f"{ours_first * 1e3:.0f}",
            "",
            f"{theirs_first * 1e3:.0f}" if isinstance(theirs_first, float) else "",
            f"{theirs_first / ours_first:.1f}x"
            if isinstance(theirs_first, float)
            else theirs_first,
        ]
    )
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.041"
        big_rows = write_large_maccor(big, large_mb)
        size = big.stat().st_size
        large = _child(LARGE, str(big), str(LARGE_ROUNDS))
        if ionworksdata and not error:
            try:
                cold = json.dumps({str(big): {}})
                with Peer(ionworksdata, IONWORKSDATA_TURNS, "cold", cold) as peer:
                    timed = peer.ask(str(LARGE_ROUNDS))[str(big)]
                large["ionworksdata_s"] = (
                    timed if isinstance(timed, str) else statistics.median(timed)
                )
            except (OSError, ValueError) as failure:
                large["ionworksdata_s"] = f"{type(failure).__name__}"
        if convert_mb != large_mb:
            big.unlink()
            big = Path(folder) / "convert.041"
            convert_rows = write_large_maccor(big, convert_mb)
        else:
            convert_rows = big_rows
        small = DATA / "maccor" / "sample_data_maccor.csv"
        converted = _child(CONVERT, str(big), folder, str(small))
        converted.update(
            bytes=big.stat().st_size,
            rows_written=convert_rows,
            mb_per_s=big.stat().st_size / converted["seconds"] / 1e6,
        )
    theirs_large = large.get("ionworksdata_s")
    large.update(
        bytes=size, rows_written=big_rows, mb_per_s=size / large["seconds"] / 1e6
    )
    rows.append(
        [
            f"synthetic Maccor export, {big_rows:,} rows",
            "maccor",
            f"{size / 1e3:.0f}",
            f"{large['seconds'] * 1e3:.0f}",
            f"{large['mb_per_s']:.1f}",
            f"{theirs_large * 1e3:.0f}" if isinstance(theirs_large, float) else "",
            f"{theirs_large / large['seconds']:.1f}x"
            if isinstance(theirs_large, float)
            else "",
        ]
    )
    rows.append(
        [
            f"the same, {convert_rows:,} rows, converted to parquet (streamed)",
            "maccor",
            f"{converted['bytes'] / 1e3:.0f}",
            f"{converted['seconds'] * 1e3:.0f}",
            f"{converted['mb_per_s']:.1f}",
            "",
            f"peak RSS {converted['peak_mb']:.0f} MB "
            f"(before: {converted['baseline_mb']:.0f} MB)",
        ]
    )
    text = table(
        ["file", "reader", "kB", "ours ms", "ours MB/s", "ionworksdata ms", "ratio"],
        rows,
    )
    if error:
        text += f"\n\nionworksdata could not run: {error}"
    report = {
        "files": figures,
        "large": large,
        "convert": converted,
        "first_read": first,
        "ionworksdata_error": error,
    }
    return report, text


LARGE_FILE = 100_000
"""Bytes from which a file counts in the median ratio (smaller ones time
imports and set-up more than reading)."""


def ratio_rows(figures: dict[str, dict[str, Any]]) -> list[list[str]]:
    """Rows for the median ratio over files of :data:`LARGE_FILE` and more,
    and for the file where ours is nearest ionworksdata's (or slower)."""
    ratios = {
        name: f["ionworksdata_s"] / f["median_s"]
        for name, f in figures.items()
        if isinstance(f["ionworksdata_s"], float)
    }
    if not ratios:
        return []
    large = [r for name, r in ratios.items() if figures[name]["bytes"] >= LARGE_FILE]
    fastest = [
        f["ionworksdata_fastest_s"] / f["fastest_s"]
        for f in figures.values()
        if f["bytes"] >= LARGE_FILE and f.get("ionworksdata_fastest_s")
    ]
    slowest = min(ratios, key=ratios.__getitem__)
    rows = [
        [
            f"slowest against ionworksdata: {slowest}",
            str(figures[slowest]["reader"]),
            f"{figures[slowest]['bytes'] / 1e3:.0f}",
            "",
            "",
            "",
            f"{ratios[slowest]:.1f}x",
        ]
    ]
    if large:
        rows.insert(
            0,
            [
                f"median ratio over the {len(large)} files of 100 kB and more",
                "",
                "",
                "",
                "",
                "",
                f"{statistics.median(large):.1f}x",
            ],
        )
    if fastest:
        rows.insert(
            1,
            [
                "the same, each side's fastest read of each file",
                "",
                "",
                "",
                "",
                "",
                f"{statistics.median(fastest):.1f}x",
            ],
        )
    return rows


def _child(script: str, *arguments: str) -> dict[str, Any]:
    """Run a measuring script in a fresh interpreter; return its figures."""
    done = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the readers' benchmark and print its table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.readers")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--large-mb", type=float, default=200.0)
    parser.add_argument("--convert-mb", type=float, default=1000.0)
    parser.add_argument(
        "--ionworksdata",
        metavar="PYTHON",
        help="an interpreter with ionworksdata installed (its own environment)",
    )
    args = parser.parse_args(argv)
    _, text = run(args.rounds, args.large_mb, args.ionworksdata, args.convert_mb)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
