"""A process's first data: the imports it needs start beside the first requests.

Each case runs in a fresh interpreter, where nothing is imported yet.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ionworks_async import Table


def _fresh(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_polars_frames_need_neither_pyarrow_nor_pandas(tmp_path: Path) -> None:
    path = tmp_path / "series.parquet"
    pq.write_table(pa.table({"Time [s]": [0.0, 1.0], "Step count": [0, 1]}), path)
    printed = _fresh(
        f"""
import sys
from pathlib import Path
from ionworks_async.tables.table import Table
series = Table.from_parquet(Path({str(path)!r}).read_bytes()).to_polars()
steps = Table({{"Step type": ["Rest", None], "Mean current [A]": [0, 1.5]}}).to_polars()
print(series["Time [s]"].to_list(), steps.dtypes, steps["Mean current [A]"].to_list())
print("pyarrow" in sys.modules, "pandas" in sys.modules)
"""
    )
    assert printed.splitlines() == [
        "[0.0, 1.0] [String, Float64] [0.0, 1.5]",
        "False False",
    ]


def test_what_polars_cannot_read_goes_through_pyarrow_and_says_why() -> None:
    with pytest.raises(ValueError, match="not a readable parquet file"):
        Table.from_parquet(b"PAR1 but not parquet").to_polars()
    # Columns polars builds as it can: exactly, where pyarrow refuses.
    assert Table({"a": [2**70]}).to_polars()["a"].to_list() == [2**70]
    with pytest.raises(ValueError, match="too large to store"):
        Table({"a": [2**70]}).to_arrow()


def test_building_a_client_starts_its_imports_and_importing_does_not() -> None:
    printed = _fresh(
        """
import sys, threading
import ionworks
print("polars" in sys.modules, "pyarrow" in sys.modules)
from ionworks_async._runtime import warmup as _warmup
client = ionworks.Ionworks("k", "http://127.0.0.1:9")
(thread,) = [t for t in threading.enumerate() if t.name == "ionworks-warm-up"]
thread.join(30)
print("polars" in sys.modules, "pyarrow" in sys.modules)
print(_warmup.warm_up("polars"))  # once a process
client.close()
"""
    )
    assert printed.splitlines() == ["False False", "True False", "None"]


def test_a_fork_waits_for_the_imports_and_the_child_can_import() -> None:
    printed = _fresh(
        """
import os, sys
import ionworks
client = ionworks.Ionworks("k", "http://127.0.0.1:9")  # the imports begin
pid = os.fork()  # waits for them to finish
if pid == 0:
    import polars  # a hang here, had the fork come mid-import
    os._exit(0 if "polars" in sys.modules else 3)
_, status = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(status), "polars" in sys.modules)
client.close()
"""
    )
    assert printed == "0 True"
