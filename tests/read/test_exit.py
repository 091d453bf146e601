"""A process that reads a file and exits at once exits cleanly.

pyarrow releases a finished CSV reader on one of its threads, and with it the
Python objects the reader holds; if that happens while the interpreter is
finalising, the process aborts (``terminate called without an active
exception``, exit status 134). Before the fix, one run in three of the script
below aborted (reading from the head's bytes) and one in ten reading the path.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
import polars  # noqa: F401  (its presence at exit is part of the race)
from pathlib import Path
from ionworks_async.read._head import Head
from ionworks_async.read._text import Layout, read_columns
path = Path(sys.argv[1])
head = Head.of(path)
layout = Layout.at(head, 0, delimiter=",")
data = head.whole if sys.argv[2] == "bytes" else None  # else "path" (or latin-1)
table = next(read_columns(path, layout, layout.names[:2], (), data=data))
print(table.num_rows)
"""

RUNS = 8
"""Runs of each way of reading (three processes at a time)."""


def test_reading_then_exiting_at_once_never_aborts(tmp_path: Path) -> None:
    rows = "".join(f"{n},2.5\n" for n in range(3000))
    path = tmp_path / "cell.csv"
    path.write_text("a,b\n" + rows)
    latin = tmp_path / "latin.csv"  # read through a Python codec
    latin.write_bytes("a,T/\xb0C\n".encode("latin-1") + rows.encode())
    outcomes: list[tuple[int, str, str]] = []
    for _ in range(RUNS):
        running = [
            subprocess.Popen(
                [sys.executable, "-c", SCRIPT, str(file), how],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for file, how in ((path, "bytes"), (path, "path"), (latin, "path"))
        ]
        for process in running:
            out, err = process.communicate(timeout=120)
            outcomes.append((process.returncode, out.strip(), err[-300:]))
    assert all(code == 0 and out == "3000" for code, out, _ in outcomes), [
        outcome for outcome in outcomes if outcome[0] != 0
    ]
