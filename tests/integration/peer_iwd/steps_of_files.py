"""Run in ionworksdata's own venv: each file's series, steps and cycle metrics.

Usage: ``python -I steps_of_files.py OUT < FILES.json``, a list of
``{"file": ..., "reader": ..., "extra_column_mappings": ...}`` (the last two
optional: ionworksdata recognises the file, else the reader named is tried).
For each file ionworksdata reads, writes
``OUT/<n>.series.parquet``, ``<n>.steps.parquet`` and ``<n>.metrics.parquet``,
and prints one JSON line: ``{"file": ..., "n": ..., "error": ...}`` a file.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

import ionworksdata as iwdata

warnings.simplefilter("ignore")


def main() -> None:
    out = Path(sys.argv[1])
    for n, asked in enumerate(json.load(sys.stdin)):
        name = asked["file"]
        said: dict[str, object] = {"file": name, "n": n}
        try:
            try:
                series = iwdata.read.time_series(
                    name, extra_column_mappings=asked.get("extra_column_mappings")
                )
            except Exception:
                if not asked.get("reader"):
                    raise
                series = iwdata.read.time_series(
                    name,
                    asked["reader"],
                    extra_column_mappings=asked.get("extra_column_mappings"),
                )
            started = time.perf_counter()
            steps = iwdata.steps.summarize(series)
            metrics = iwdata.cycle_metrics.get_cycle_metrics(steps)
            said["seconds"] = time.perf_counter() - started
        except Exception as error:  # a file it cannot read is said, and skipped
            said["error"] = f"{type(error).__name__}: {error}"[:300]
            print(json.dumps(said), flush=True)
            continue
        series.write_parquet(out / f"{n}.series.parquet")
        steps.write_parquet(out / f"{n}.steps.parquet")
        metrics.write_parquet(out / f"{n}.metrics.parquet")
        print(json.dumps(said), flush=True)


if __name__ == "__main__":
    main()
