"""``ionworks inspect`` and ``ionworks convert``, and the BDF they write."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

from ionworks_async import MeasurementValidationWarning
from ionworks_async._cli import main
from ionworks_async.read import convert_file, inspect_file
from ionworks_async.read import reading as _api

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"
MACCOR = DATA / "maccor" / "PredictionDiagnostics_000109_tztest.010"
LANDT = DATA / "landt" / "SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv"


def test_inspect_reports_the_reader_the_mapping_and_the_verdict() -> None:
    found = inspect_file(MACCOR)
    assert (found.reader, found.rows, found.steps, found.cycles) == (
        "maccor",
        2165,
        20,
        4,
    )
    assert found.columns["Time [s]"] == "Test (Sec)"
    assert found.columns["Current [A]"] == "Amps"
    assert found.ok and found.issues == []
    assert "checks      passed" in str(found)


def test_inspect_on_the_command_line_as_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = MACCOR.read_bytes().splitlines(keepends=True)
    lines[100] = lines[100].rstrip(b"\r\n") + b"\t1\t2\t3\r\n"  # damaged within
    broken = tmp_path / "broken.010"
    broken.write_bytes(b"".join(lines))
    assert main(["inspect", "--json", str(MACCOR), str(broken)]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert reports[0]["reader"] == "maccor" and reports[0]["ok"] is True
    assert reports[1]["ok"] is False and "line 101" in reports[1]["error"]


def test_a_run_stopped_early_reads_its_complete_rows_and_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Gamry writes the points it planned; a run stopped early holds fewer.
    stopped = DATA / "gamry" / "chronoa_data.dta"
    assert main(["inspect", "--json", str(stopped)]) == 1  # (its sign: not a cell)
    (report,) = json.loads(capsys.readouterr().out)
    assert report["rows"] == 10
    said = [issue["message"] for issue in report["issues"]]
    assert any("declares 5258 points but holds 10" in text for text in said)


def test_convert_writes_parquet_csv_and_bdf(tmp_path: Path) -> None:
    source, _, _ = _api.normalised(MACCOR)
    parquet = convert_file(MACCOR, tmp_path, "parquet")
    assert parquet.name == "PredictionDiagnostics_000109_tztest.parquet"
    back, _, key = _api.normalised(parquet)  # an API file, read back
    assert key == "parquet" and back.column_names == source.column_names
    for column in source.column_names:
        worst = pc.max(pc.abs(pc.subtract(back.column(column), source.column(column))))
        assert worst.as_py() <= 1e-9, column
    csv = convert_file(MACCOR, tmp_path, "csv")
    assert pacsv.read_csv(csv).num_rows == source.num_rows


def test_bdf_is_written_as_the_standard_says_and_reads_back(tmp_path: Path) -> None:
    written = convert_file(LANDT, tmp_path, "bdf")
    assert written.name.endswith(".bdf.csv")
    bdf = pacsv.read_csv(written)
    assert bdf.column_names[:3] == ["Test Time / s", "Voltage / V", "Current / A"]
    source, _, _ = _api.normalised(LANDT)
    # BDF current is positive charging; its capacities never reset.
    assert pc.all(
        pc.equal(bdf.column("Current / A"), pc.negate(source.column("Current [A]")))
    ).as_py()
    charging = bdf.column("Charging Capacity / Ah")
    assert pc.min(pc.subtract(charging[1:], charging[:-1])).as_py() >= 0
    back, _, key = _api.normalised(written)
    assert key == "bdf"
    for column in ("Time [s]", "Current [A]", "Charge capacity [A.h]"):
        worst = pc.max(pc.abs(pc.subtract(back.column(column), source.column(column))))
        assert worst.as_py() <= 1e-9, column


def test_convert_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "gone.csv"
    code = main(
        ["convert", str(MACCOR), str(missing), "-o", str(tmp_path), "--to", "bdf"]
    )
    assert code == 1  # one of the two failed
    out = capsys.readouterr()
    assert "PredictionDiagnostics_000109_tztest.bdf.csv" in out.out
    assert "gone.csv: could not be converted" in out.err
    assert (tmp_path / "PredictionDiagnostics_000109_tztest.bdf.csv").is_file()


def test_convert_says_which_checks_the_written_file_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The BDF repository's pseudo-OCV file spans 17 years of "seconds".
    dlr = DATA / "bdf" / "DLR__LiLNMOHydra0b__20221125__POCV__25degC__Basytec.bdf.csv"
    with pytest.warns(MeasurementValidationWarning, match="time_span_implausible"):
        convert_file(dlr, tmp_path, "csv")
    assert main(["convert", str(dlr), "-o", str(tmp_path / "out")]) == 0
    out = capsys.readouterr()
    assert "-> " in out.out and (tmp_path / "out").is_dir()
    assert "  warning: " in out.err and "[time_span_implausible]" in out.err
    assert "Warning:" not in out.err  # said as the command says things
    # A BDF file converted to BDF beside itself is not written over.
    copy = tmp_path / dlr.name
    copy.write_bytes(dlr.read_bytes())
    with pytest.raises(ValueError, match="would write over it"):
        convert_file(copy, None, "bdf")
    assert copy.read_bytes() == dlr.read_bytes()


def test_inspect_steps_prints_the_step_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["inspect", "--steps", str(MACCOR)]) == 0
    lines = capsys.readouterr().out.splitlines()
    heading = next(
        k for k, line in enumerate(lines) if "type" in line and "step" in line
    )
    assert len(lines) - heading - 1 == 20  # a line a step
    assert "Constant voltage charge" in lines[heading + 1]
    assert main(["inspect", "--steps", "--json", str(MACCOR)]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert len(report["steps"]) == 20 and len(report["steps"][0]) == 36
    assert report["steps"][2]["Step type"] == "Constant current discharge"


def test_inspect_says_a_readings_warning_once_in_its_report(
    capfd: pytest.CaptureFixture[str],
) -> None:
    stopped = DATA / "gamry" / "chronoa_data.dta"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["inspect", "--steps", str(stopped)]) == 1
    out, _ = capfd.readouterr()
    assert out.count("declares 5258 points but holds 10") == 1
    assert [w for w in caught if "5258" in str(w.message)] == []  # not also warned
