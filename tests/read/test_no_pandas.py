"""Reading, checking, converting and ingesting a cycler's file never imports pandas.

pyarrow imports pandas, when it is installed, at its first ``pa.array``,
``to_numpy`` or Python value handed to a compute function (about 140 ms);
the readers and checks convert through buffers instead
(``ionworks_async.tables.bridge``), so a process that reads a file, such as
``ionworks inspect``, does not pay for a library it never uses.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.samples import sample_files

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"

SCRIPT = """
import json, sys, warnings
warnings.simplefilter("ignore")
from pathlib import Path
from ionworks_async.ingest.settle import rows_after as _rows_after
from ionworks_async.pipeline import prepare, rows_digest, validate_time_series
from ionworks_async.read import CyclerFileError, convert_file, inspect_file, time_series
from ionworks_async.validation import CheckOptions, MeasurementValidationError
out, paths = Path(sys.argv[1]), sys.argv[2:]
done, refused = 0, 0
for index, path in enumerate(paths):
    try:
        frame = time_series(path)
    except CyclerFileError:  # a file's real problem, reported: no pandas either
        refused += 1
        continue
    inspect_file(Path(path))  # read again, and every always-on check run
    validate_time_series(  # and the strict ones
        frame, strict=True, voltage_window=(0.0, 5.0), rated_capacity=1.0
    )
    for to in ("parquet", "csv", "bdf"):
        convert_file(path, out / f"{index}-{to}", to=to)
    try:
        checked = prepare(Path(path), CheckOptions(), folder=out, digest=True)
    except MeasurementValidationError:  # a file's real problem, reported
        done += 1
        continue
    rows_digest(checked.time_series, checked.rows)  # resuming: its rows compared
    _rows_after(checked.time_series, checked.rows // 2)  # and extended
    done += 1
print(json.dumps({"pandas": "pandas" in sys.modules, "done": done, "refused": refused}))
"""


def test_reading_checking_and_converting_never_import_pandas(tmp_path: Path) -> None:
    pytest.importorskip("pandas")  # the behaviour is about it being installed
    files = [str(path) for path in sample_files()]
    assert len(files) >= 20
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["pandas"] is False
    assert found["done"] + found["refused"] == len(files)
    assert found["refused"] <= 1  # the cut-short Gamry file
