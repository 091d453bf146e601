"""``ionworks ingest`` on a lab's folder of real cycler files, laid out as labs do.

Nested folders, cycler-named folders, files grouped by a pattern on their
names, an AppleDouble companion, hidden files, a sidecar, a file that is no
cycler's, an NFD copy of a cell folder, a file that grows between runs and
one that changes, a measurement whose processing failed: every file is
accounted for, nothing is created before its data is checked, and a re-run
is a no-op.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import socket
import threading
import unicodedata
import urllib.request
import warnings
from pathlib import Path
from typing import Any

import pytest

from ionworks import Ionworks, MeasurementValidationWarning
from ionworks_async._cli import main
from ionworks_async.ingest import job
from ionworks_async.ingest.plan import is_cycler_folder, plan_folder
from ionworks_async.local import LocalServer
from ionworks_async.resources.cell_measurement.raw_links import MeasurementRawData

from ..support import LOCAL_KEY

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"
MACCOR = DATA / "maccor" / "PredictionDiagnostics_000109_tztest.010"
PATTERN = "(?P<cell>[^_]+)_"


def lab(root: Path) -> Path:
    """A lab folder of the real sample files, in every supported layout."""
    (root / "Maccor" / "cell-1").mkdir(parents=True)
    (root / "Neware").mkdir()
    (root / "biologic" / "Zelle-ü").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "LGM50 21700"}))
    shutil.copy(MACCOR, root / "Maccor" / "cell-1")
    shutil.copy(
        DATA / "maccor" / "maccor_test_file_4267-66-6519.041",
        root / "Maccor" / "cell-1",
    )
    (root / "Maccor" / "cell-1" / "cell.json").write_text(json.dumps({"batch": "B1"}))
    shutil.copy(
        DATA / "neware" / "interp-test.ndax", root / "Neware" / "cellB_run1.ndax"
    )
    shutil.copy(DATA / "neware" / "nda_v22.nda", root / "Neware" / "cellB_run2.nda")
    cell = root / "biologic" / "Zelle-ü"
    shutil.copy(DATA / "biologic" / "exampleDataBioLogic.mpr", cell / "eis.mpr")
    shutil.copy(DATA / "biologic" / "exampleDataBioLogic.mpt", cell / "export.mpt")
    (cell / "export.json").write_text(json.dumps({"notes": "from the sidecar"}))
    (cell / "._export.mpt").write_bytes(b"\x00\x05\x16\x07 AppleDouble")
    (cell / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / "README.txt").write_text("channel map: see the lab book\n")
    shutil.copy(DATA / "arbin" / "sample_data_arbin.csv", root / "cellC_arbin.csv")
    # A cell whose only file is damaged within: it must never be created.
    (root / "Maccor" / "cell-broken").mkdir()
    lines = MACCOR.read_bytes().splitlines(keepends=True)
    lines[200] = lines[200].rstrip(b"\r\n") + b"\t1\t2\t3\r\n"  # a row too wide
    (root / "Maccor" / "cell-broken" / "broken.010").write_bytes(b"".join(lines))
    return root


def ingest(server: Any, *arguments: str) -> int:
    return main(
        [
            "ingest",
            *arguments,
            "--api-key",
            LOCAL_KEY,
            "--api-url",
            server.url,
            "--no-progress",
        ]
    )


def report(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(capsys.readouterr().out)
    return found


def statuses(found: dict[str, Any]) -> dict[str, str]:
    return {Path(f["path"]).name: f["status"] for f in found["files"]}


def requests_seen(server: Any) -> int:
    """Requests the server saw, its statistics' own excluded."""
    with urllib.request.urlopen(f"{server.url}/_local/stats", timeout=10) as answer:
        seen = json.load(answer)
    control = sum(n for route, n in seen["requests"].items() if "/_local/" in route)
    return int(seen["total_requests"]) - control


def test_the_plan_follows_the_rules_and_says_why_for_every_file(tmp_path: Path) -> None:
    root = lab(tmp_path / "lab")
    plan = plan_folder(root, PATTERN)
    cells = {cell.name: cell for cell in plan.cells}
    assert set(cells) == {"cell-1", "cellB", "cellC", "Zelle-ü", "cell-broken"}
    assert cells["cell-1"].fields == {"batch": "B1", "name": "cell-1"}
    assert [f.reader for f in cells["cellB"].files] == ["neware nda", "neware nda"]
    assert {f.measurement for f in cells["Zelle-ü"].files} == {"eis", "export"}
    export = next(f for f in cells["Zelle-ü"].files if f.measurement == "export")
    assert export.fields == {"notes": "from the sidecar", "name": "export"}
    assert {f.measurement for f in cells["cell-1"].files} == {
        "PredictionDiagnostics_000109_tztest.010",  # the channel is kept
        "maccor_test_file_4267-66-6519.041",
    }
    reasons = {s.path.name: s.reason for s in plan.skipped}
    assert reasons["._export.mpt"] == "a macOS AppleDouble companion"
    assert reasons[".DS_Store"] == "a hidden file"
    assert reasons["export.json"] == "a metadata sidecar"
    assert reasons["README.txt"].startswith("not a cycler file")
    # Without a pattern a loose file is a cell of its own, named after it.
    loose = {c.name: c for c in plan_folder(root).cells}
    assert {"cellB_run1", "cellB_run2", "cellC_arbin"} <= set(loose)
    assert loose["cellC_arbin"].how == "its own, named after its file"
    assert [f.measurement for f in loose["cellC_arbin"].files] == ["cellC_arbin"]
    assert is_cycler_folder("Neware-2") and is_cycler_folder("bio_logic")
    assert not is_cycler_folder("cell-1") and not is_cycler_folder("Maccormick")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_and_a_broken_link_are_skipped_and_linked_folders_followed_once(
    tmp_path: Path,
) -> None:
    root = lab(tmp_path / "lab")
    cell = root / "Maccor" / "cell-1"
    os.mkfifo(cell / "live.010")  # no writer: opening it would wait for ever
    (cell / "gone.010").symlink_to(tmp_path / "nowhere.010")
    elsewhere = tmp_path / "elsewhere" / "cell-7"  # a cell kept on another disk
    elsewhere.mkdir(parents=True)
    shutil.copy(MACCOR, elsewhere)
    (root / "Maccor" / "cell-7").symlink_to(elsewhere)
    (root / "Maccor" / "cell-7" / "again").symlink_to(root / "Maccor")  # a loop

    planned: list[Any] = []
    worker = threading.Thread(
        target=lambda: planned.append(plan_folder(root, PATTERN)), daemon=True
    )
    worker.start()
    worker.join(120)
    assert planned, "planning hangs on the named pipe"
    plan = planned[0]
    reasons = {str(s.path.relative_to(root)): s.reason for s in plan.skipped}
    assert reasons["Maccor/cell-1/live.010"] == "not a regular file (a named pipe)"
    assert reasons["Maccor/cell-1/gone.010"] == "a link to nothing"
    assert reasons["Maccor/cell-7/again"].startswith("a link to a folder that is read")
    cells = {c.name: c for c in plan.cells}
    assert [f.path for f in cells["cell-7"].files] == [
        root / "Maccor" / "cell-7" / MACCOR.name
    ]
    assert len(cells["cell-1"].files) == 2  # the pipe and the link not among them


def test_an_nfd_copy_of_a_cell_is_the_same_cell_and_two_files_of_one_name_refused(
    tmp_path: Path,
) -> None:
    root = tmp_path / "lab"
    nfd = unicodedata.normalize("NFD", "Zelle-ü")
    (root / "a" / "Zelle-ü").mkdir(parents=True)
    (root / "b" / nfd).mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "s"}))
    shutil.copy(MACCOR, root / "a" / "Zelle-ü" / "one.010")
    shutil.copy(MACCOR, root / "b" / nfd / "two.010")
    shutil.copy(MACCOR, root / "b" / nfd / "one.010")
    plan = plan_folder(root)
    (cell,) = plan.cells  # a/Zelle-ü and b/Zelle-ü (NFD) are one cell
    assert cell.name == "Zelle-ü" and [f.measurement for f in cell.files] == ["two.010"]
    assert sorted(r.path.parent.parent.name for r in plan.refused) == ["a", "b"]
    assert all(
        "2 files would be measurement 'one.010'" in r.reason for r in plan.refused
    )


def test_a_folder_without_a_spec_is_named_and_a_bad_pattern_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lab"
    (root / "cell").mkdir(parents=True)
    shutil.copy(MACCOR, root / "cell")
    # No spec.json: the folder's name is the specification's (or --spec's).
    assert main(["ingest", str(root), "--dry-run"]) == 0
    assert "specification 'lab' (from the folder's name)" in capsys.readouterr().out
    assert main(["ingest", str(root), "--dry-run", "--spec", "NMC 21700"]) == 0
    assert "specification 'NMC 21700' (from --spec)" in capsys.readouterr().out
    (root / "spec.json").write_text(json.dumps({"name": "s"}))
    assert main(["ingest", str(root), "--dry-run", "--cell-pattern", "("]) == 2
    assert "no regular expression" in capsys.readouterr().err
    assert main(["ingest", str(root), "--dry-run", "--cell-pattern", "x"]) == 2
    assert "needs a group" in capsys.readouterr().err
    with pytest.raises(SystemExit) as version:
        main(["--version"])
    assert version.value.code == 0 and "ionworks-async" in capsys.readouterr().out


def test_a_dry_run_prints_the_whole_plan_and_sends_nothing(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = lab(tmp_path / "lab")
    before = requests_seen(local_thread_server)
    assert (
        ingest(local_thread_server, str(root), "--dry-run", "--cell-pattern", PATTERN)
        == 0
    )
    text = capsys.readouterr().out
    assert requests_seen(local_thread_server) == before
    assert "specification 'LGM50 21700'" in text and "cell 'Zelle-ü'" in text
    assert "measurement 'cellB_run1' <-" in text and "[neware nda]" in text
    assert "._export.mpt: a macOS AppleDouble companion" in text
    assert "5 cells, 8 measurements, 0 refused, 4 skipped" in text
    assert ingest(local_thread_server, str(root), "--dry-run", "--json") == 0
    planned = report(capsys)  # without the pattern: each loose file its own cell
    assert {c["name"] for c in planned["cells"]} == {
        "cell-1",
        "Zelle-ü",
        "cell-broken",
        "cellB_run1",
        "cellB_run2",
        "cellC_arbin",
    }


def test_a_lab_folder_ingests_every_file_accounted_and_a_rerun_does_nothing(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = lab(tmp_path / "lab")
    code = ingest(local_thread_server, str(root), "--cell-pattern", PATTERN, "--json")
    first = report(capsys)
    assert code == 1  # the cut-short Gamry file
    assert first["counts"] == {
        "ingested": 7,
        "extended": 0,
        "existing": 0,
        "failed": 1,
        "skipped": 4,
    }
    (failure,) = [f for f in first["files"] if f["status"] == "failed"]
    assert failure["path"].endswith("broken.010")
    assert "line 201" in failure["reason"] and "ionworks inspect" in failure["fix"]
    assert first["created"] == {"specifications": 1, "cells": 4}
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        (spec,) = client.cell_spec.list(name_exact="LGM50 21700")
        cells = {c.name: c for c in client.cell_instance.list(spec.id)}
        # No record for the cell whose only file failed its reading.
        assert set(cells) == {"cell-1", "cellB", "cellC", "Zelle-ü"}
        assert cells["cell-1"].batch == "B1"
        runs = {m.name: m for m in client.cell_measurement.list(cells["Zelle-ü"].id)}
        assert runs["export"].notes == "from the sidecar"
        assert runs["export"].processing_status == "ready"
        source = runs["export"].properties["source_file"]
        assert source["file"] == "export.mpt" and source["rows"] == 43
    # The same folder again, from an NFD copy of a cell: nothing new, no data sent.
    cell = root / "biologic" / "Zelle-ü"
    cell.rename(cell.with_name(unicodedata.normalize("NFD", cell.name)))
    before = requests_seen(local_thread_server)
    assert (
        ingest(local_thread_server, str(root), "--cell-pattern", PATTERN, "--json") == 1
    )
    second = report(capsys)
    assert second["counts"]["existing"] == 7 and second["counts"]["ingested"] == 0
    assert second["created"] == {"specifications": 0, "cells": 0}
    assert requests_seen(local_thread_server) - before < 15  # lookups only


def test_a_grown_file_is_extended_and_a_changed_one_fails_saying_how_to_replace_it(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lab"
    (root / "cell-7").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "running"}))
    lines = MACCOR.read_bytes().splitlines(keepends=True)
    running = root / "cell-7" / "running.010"
    running.write_bytes(b"".join(lines[:1500]))
    assert ingest(local_thread_server, str(root), "--json") == 0
    assert statuses(report(capsys))["running.010"] == "ingested"
    running.write_bytes(b"".join(lines))  # the test ran on: 1,498 -> 2,165 rows
    assert ingest(local_thread_server, str(root), "--json") == 0
    extended = report(capsys)
    assert statuses(extended)["running.010"] == "extended"
    (outcome,) = extended["files"]
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        series = client.cell_measurement.time_series(outcome["measurement_id"])
        assert len(series) == outcome["rows"] == 2165
        stored = client.cell_measurement.get(outcome["measurement_id"])
        assert stored.properties["source_file"]["rows"] == 2165
    assert ingest(local_thread_server, str(root), "--json") == 0
    assert statuses(report(capsys))["running.010"] == "existing"
    running.write_bytes(b"".join(lines[:5] + lines[40:]))  # rows removed
    assert ingest(local_thread_server, str(root), "-q") == 1
    text = capsys.readouterr().out
    assert "it changed since measurement" in text
    assert "delete measurement" in text and text.count("running.010") == 1


def _chronoa(points: int) -> bytes:
    """A Gamry CHRONOA file declaring 5,258 points: a 1 mA discharge's first ones.

    Gamry's current is negative on discharge. Its header is a real file's; a
    run stopped early, or a copy taken while it ran, holds fewer points than
    it declares.
    """
    real = (DATA / "gamry" / "chronoa_data.dta").read_bytes().splitlines(True)
    header = b"".join(real[: real.index(b"CURVE\tTABLE\t5258\n") + 3])
    rows = "".join(
        f"\t{n}\t{30 * n}\t{4.0 - 1e-5 * n:.6E}\t-1.00000E-003\t0.00000E+000\t"
        "5.00000E-001\t-6.67797E-004\t6\t...........\n"
        for n in range(points)
    )
    return header + rows.encode()


def test_a_cut_short_copy_is_ingested_warned_of_and_extended_when_whole(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lab"
    (root / "cell-3").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "copied while running"}))
    lines = MACCOR.read_bytes().splitlines(keepends=True)
    maccor = root / "cell-3" / "running.010"
    maccor.write_bytes(b"".join(lines[:1500]) + lines[1500][:25])  # mid-line
    gamry = root / "cell-3" / "chrono.dta"
    gamry.write_bytes(_chronoa(10))  # declares 5,258 points, holds 10
    assert ingest(local_thread_server, str(root), "--json") == 0
    first = {Path(f["path"]).name: f for f in report(capsys)["files"]}
    assert first["running.010"]["status"] == "ingested"
    assert first["running.010"]["rows"] == 1498  # the cut line left out
    (said,) = first["running.010"]["warnings"]
    assert said.startswith("its last line is cut") and str(tmp_path) not in said
    assert first["chrono.dta"]["status"] == "ingested"
    assert first["chrono.dta"]["rows"] == 10
    assert any(
        "declares 5258 points but holds 10" in w
        for w in first["chrono.dta"]["warnings"]
    )
    maccor.write_bytes(b"".join(lines))  # the whole files arrive
    gamry.write_bytes(_chronoa(5258))
    assert ingest(local_thread_server, str(root)) == 0
    text = capsys.readouterr().out
    assert "2 extended" in text and "warned" not in text
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        for name, rows in (("running.010", 2165), ("chrono.dta", 5258)):
            measurement = client.cell_measurement.get(first[name]["measurement_id"])
            series = client.cell_measurement.time_series(measurement.id)
            assert len(series) == rows == measurement.properties["source_file"]["rows"]


def test_a_measurement_whose_processing_failed_is_replaced_with_replace_failed(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lab"
    (root / "cell-1").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "replaced"}))
    shutil.copy(MACCOR, root / "cell-1" / "run.010")
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        spec = client.cell_spec.create({"name": "replaced"})
        cell = client.cell_instance.create(spec.id, {"name": "cell-1"})
        broken = {
            "Time [s]": [0.0, 1.0],
            "Voltage [V]": [4.0, 4.1],
            "Current [A]": [1.0, 1.0],
        }
        with pytest.raises(Exception, match="Step count"):
            client.cell_measurement.create(
                cell.id,
                {"measurement": {"name": "run.010"}, "time_series": broken},
                validate=False,
            )
    assert ingest(local_thread_server, str(root), "-q") == 1
    text = capsys.readouterr().out
    assert "failed processing" in text and "--replace-failed" in text
    assert ingest(local_thread_server, str(root), "--replace-failed", "--json") == 0
    assert statuses(report(capsys))["run.010"] == "ingested"
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        (run,) = client.cell_measurement.list(cell.id)
        assert run.processing_status == "ready" and run.name == "run.010"


def test_a_server_that_is_not_there_or_refuses_the_key_exits_3(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lab"
    (root / "cell").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "s"}))
    shutil.copy(MACCOR, root / "cell")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    nowhere = main(
        ["ingest", str(root), "--api-key", "k", "--api-url", f"http://127.0.0.1:{port}"]
    )
    assert nowhere == 3 and "cannot be used" in capsys.readouterr().err
    refused = main(
        [
            "ingest",
            str(root),
            "--api-key",
            "wrong",
            "--api-url",
            local_thread_server.url,
        ]
    )
    assert refused == 3 and "cannot be used" in capsys.readouterr().err
    server: LocalServer = local_thread_server
    assert server.url  # nothing was created on the server that was there
    with Ionworks(LOCAL_KEY, server.url) as client:
        assert client.cell_spec.list(name_exact="s") == []


def test_an_always_on_check_skipped_by_name_leaves_nothing_when_the_server_refuses(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from ionworks_async.local.demo import constant_current_protocol

    root = tmp_path / "lab"
    (root / "cell").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "reversed"}))
    series = constant_current_protocol(cycles=2, sample_seconds=60.0)
    series["Current [A]"] = [-value for value in series["Current [A]"]]
    pacsv.write_csv(pa.table(series), root / "cell" / "flipped.csv")
    assert ingest(local_thread_server, str(root), "-q") == 1
    said = capsys.readouterr().out
    assert "current_sign_reversed" in said
    assert "--skip-check" not in said  # always on: skipping it is no way out
    assert "the server checks this too" in said
    with pytest.warns(UserWarning, match="always-on check 'current_sign_reversed'"):
        code = ingest(
            local_thread_server,
            str(root),
            "--skip-check",
            "current_sign_reversed",
            "--json",
        )
    # Sent, this time; the server runs the always-on checks too, and says so.
    (outcome,) = report(capsys)["files"]
    assert code == 1 and outcome["status"] == "failed"
    assert "Processing of measurement 'flipped'" in outcome["reason"]
    assert "[current_sign_reversed]" in outcome["reason"]
    assert "nothing of it was kept" in outcome["fix"]
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        (spec,) = client.cell_spec.list(name_exact="reversed")
        (cell,) = client.cell_instance.list(spec.id)
        assert client.cell_measurement.list(cell.id) == []  # no failed one left
        assert client.raw_data.list(spec.project_id) == []  # nor its original


async def test_the_library_sends_and_looks_up_names_in_nfc(local_server: Any) -> None:
    from ionworks_async import AsyncIonworks

    composed = "Zelle-ü"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        first = await client.cell_spec.create_or_get({"name": decomposed})
        again = await client.cell_spec.create_or_get({"name": composed})
        assert first.id == again.id and first.name == composed
        (found,) = await client.cell_spec.list(name_exact=decomposed)
        assert found.id == first.id
        cell = await client.cell_instance.create_or_get(first.id, {"name": decomposed})
        same = await client.cell_instance.create_or_get(first.id, {"name": composed})
        assert cell.id == same.id
        made = await client.cell_measurement.create_properties(
            cell.id, decomposed, {"mass": {"value": 1.0, "unit": "g"}}
        )
        assert made.name == composed


def test_each_original_is_kept_as_raw_data_once_and_linked(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lab"
    (root / "cell-1").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "kept"}))
    lines = MACCOR.read_bytes().splitlines(keepends=True)
    running = root / "cell-1" / "running.010"
    running.write_bytes(b"".join(lines[:1500]))
    shutil.copy(DATA / "biologic" / "exampleDataBioLogic.mpr", root / "cell-1")
    assert ingest(local_thread_server, str(root), "--json") == 0
    first = report(capsys)
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        (spec,) = client.cell_spec.list(name_exact="kept")
        for outcome in first["files"]:
            (raw,) = client.cell_measurement.list_raw_data(outcome["measurement_id"])
            path = Path(outcome["path"])
            assert raw.filename == path.name and raw.metadata["sha256"]
            assert client.raw_data.download(raw.id) == path.read_bytes()
        assert len(client.raw_data.list(spec.project_id)) == 2
    assert ingest(local_thread_server, str(root), "--json") == 0  # a re-run
    assert set(statuses(report(capsys)).values()) == {"existing"}
    running.write_bytes(b"".join(lines))  # the test ran on
    assert ingest(local_thread_server, str(root), "--json") == 0
    extended = {Path(f["path"]).name: f for f in report(capsys)["files"]}
    assert extended["running.010"]["status"] == "extended"
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        kept = client.raw_data.list(spec.project_id)
        assert len(kept) == 3  # nothing twice, nothing lost: the first copy kept
        (linked,) = client.cell_measurement.list_raw_data(
            extended["running.010"]["measurement_id"]
        )  # listed once: the grown file its rows now come from
        assert linked.size_bytes == len(b"".join(lines))
        earlier = [r for r in kept if r.size_bytes == len(b"".join(lines[:1500]))]
        assert (
            len(earlier) == 1 and client.raw_data.list_measurements(earlier[0].id) == []
        )
    other = tmp_path / "other"
    (other / "cell-9").mkdir(parents=True)
    (other / "spec.json").write_text(json.dumps({"name": "not kept"}))
    shutil.copy(MACCOR, other / "cell-9")
    assert ingest(local_thread_server, str(other), "--no-raw", "--json") == 0
    (outcome,) = report(capsys)["files"]
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        assert client.cell_measurement.list_raw_data(outcome["measurement_id"]) == []


def test_damaged_files_fail_alone_and_the_others_are_ingested(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged .ndax, a cut .res, an .mpr of 65,535 columns: each fails, named."""
    from ..read.test_bad_files import _cut, _damaged_ndax, _mpr_of_many_columns

    root = tmp_path / "lab"
    cell = root / "cell-1"
    cell.mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "damaged lab"}))
    shutil.copy(MACCOR, cell)
    _damaged_ndax(cell / "broken.ndax")
    _cut(DATA / "arbin" / "arbin_example.res", cell / "cut.res", 128 * 1024)
    _mpr_of_many_columns(cell / "wide.mpr")
    assert ingest(local_thread_server, str(root), "--dry-run", "--json") == 1
    plan = report(capsys)
    # The .ndax is refused by its look alone; the others' damage shows on reading.
    refused = {Path(r["file"]).name for r in plan["refused"]}
    assert refused == {"broken.ndax"}
    assert ingest(local_thread_server, str(root), "--json") == 1
    found = report(capsys)
    assert statuses(found) == {
        MACCOR.name: "ingested",
        "broken.ndax": "failed",
        "cut.res": "failed",
        "wide.mpr": "failed",
    }
    for outcome in found["files"]:
        if outcome["status"] == "failed":
            assert outcome["reason"] and outcome["fix"], outcome


def test_a_run_killed_between_create_and_link_is_linked_on_its_re_run(
    tmp_path: Path,
    local_thread_server: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "lab"
    (root / "cell-1").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "killed mid-link"}))
    shutil.copy(MACCOR, root / "cell-1")

    async def killed(*_: Any) -> None:
        raise KeyboardInterrupt  # as a kill there: nothing after it runs

    with monkeypatch.context() as patched:
        patched.setattr(MeasurementRawData, "attach_raw_data", killed)
        assert ingest(local_thread_server, str(root), "--json") == 130
    capsys.readouterr()
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        (spec,) = client.cell_spec.list(name_exact="killed mid-link")
        (cell,) = client.cell_instance.list(spec.id)
        (made,) = client.cell_measurement.list(cell.id)  # created, not linked
        assert client.cell_measurement.list_raw_data(made.id) == []
    assert ingest(local_thread_server, str(root), "--json") == 0
    (outcome,) = report(capsys)["files"]
    assert outcome["status"] == "existing" and outcome["measurement_id"] == made.id
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        (raw,) = client.cell_measurement.list_raw_data(made.id)
        assert raw.filename == MACCOR.name
        assert len(client.raw_data.list(spec.project_id)) == 1  # kept once
    assert ingest(local_thread_server, str(root), "--json") == 0  # and then quiet
    assert statuses(report(capsys)) == {MACCOR.name: "existing"}


def test_a_file_growing_while_it_is_ingested_is_kept_as_it_was_read(
    tmp_path: Path,
    local_thread_server: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "lab"
    (root / "cell-1").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "still running"}))
    lines = MACCOR.read_bytes().splitlines(keepends=True)
    running = root / "cell-1" / "running.010"
    as_read = b"".join(lines[:1500])
    running.write_bytes(as_read)
    reading = job.prepare

    def read_while_the_cycler_writes(*args: Any, **kwargs: Any) -> Any:
        found = reading(*args, **kwargs)
        with running.open("ab") as cycler:  # the cycler writes on meanwhile
            cycler.write(b"".join(lines[1500:]))
        return found

    monkeypatch.setattr(job, "prepare", read_while_the_cycler_writes)
    assert ingest(local_thread_server, str(root), "--json") == 0
    (outcome,) = report(capsys)["files"]
    assert running.read_bytes() != as_read  # it grew
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        (raw,) = client.cell_measurement.list_raw_data(outcome["measurement_id"])
        kept = client.raw_data.download(raw.id)
        measurement = client.cell_measurement.get(outcome["measurement_id"])
    assert kept == as_read  # the file as read, not as it is now
    assert raw.metadata["sha256"] == hashlib.sha256(kept).hexdigest()
    assert raw.size_bytes == len(as_read)
    source = measurement.properties["source_file"]
    assert source["file_sha256"] == raw.metadata["sha256"]


async def test_two_runs_of_one_folder_at_once_keep_each_original_once(
    tmp_path: Path, local_thread_server: Any
) -> None:
    from ionworks_async import AsyncIonworks
    from ionworks_async.ingest import ingest_folder

    root = tmp_path / "lab"
    (root / "cell-1").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "twice at once"}))
    lines = MACCOR.read_bytes().splitlines(keepends=True)
    for index in range(3):  # three distinct files
        cut = b"".join(lines[: 1000 + 200 * index])
        (root / "cell-1" / f"run-{index}.010").write_bytes(cut)

    async def run() -> Any:
        async with AsyncIonworks(LOCAL_KEY, local_thread_server.url) as client:
            return await ingest_folder(client, root)

    first, second = await asyncio.gather(run(), run())
    assert first.ok and second.ok, (str(first), str(second))
    async with AsyncIonworks(LOCAL_KEY, local_thread_server.url) as client:
        (spec,) = await client.cell_spec.list(name_exact="twice at once")
        kept = await client.raw_data.list(spec.project_id, limit=100)
        (cell,) = await client.cell_instance.list(spec.id)
        runs = await client.cell_measurement.list(cell.id)
        links = [await client.cell_measurement.list_raw_data(m.id) for m in runs]
    digests = [record.metadata["sha256"] for record in kept]
    assert len(kept) == len(set(digests)) == 3  # one original a distinct file
    assert len(runs) == 3
    for measurement, linked in zip(runs, links, strict=True):
        assert len(linked) == 1, measurement.name  # one link each, to the one kept
        noted = measurement.properties["source_file"]["raw_data_id"]
        assert noted == linked[0].id


def test_the_advice_for_two_files_of_one_measurement_name_works(tmp_path: Path) -> None:
    root = tmp_path / "lab"
    cell = root / "cell-1"
    (cell / "BioLogic").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "one name twice"}))
    shutil.copy(DATA / "biologic" / "exampleDataBioLogic.mpr", cell / "run.mpr")
    shutil.copy(DATA / "biologic" / "exampleDataBioLogic.mpt", cell / "run.mpt")
    # One run in two formats: each a measurement named by its whole file name.
    (planned,) = plan_folder(root).cells
    assert sorted(f.measurement for f in planned.files) == ["run.mpr", "run.mpt"]
    # The same file name twice in one cell cannot be told apart: refused.
    shutil.copy(cell / "run.mpt", cell / "BioLogic" / "run.mpt")
    refused = plan_folder(root).refused
    assert len(refused) == 3
    assert "3 files would be measurement 'run'" in refused[0].reason
    assert '"name"' in refused[0].fix and "sidecar of its whole name" in refused[0].fix
    # As advised: each a sidecar of its whole name.
    (cell / "run.mpt.json").write_text(json.dumps({"name": "run, text", "notes": "x"}))
    (cell / "BioLogic" / "run.mpt.json").write_text(json.dumps({"name": "run, copy"}))
    plan = plan_folder(root)
    assert not plan.refused
    (planned,) = plan.cells
    assert sorted(f.measurement for f in planned.files) == [
        "run",
        "run, copy",
        "run, text",
    ]
    assert {f.fields.get("notes") for f in planned.files} == {None, "x"}


def test_control_characters_in_names_are_shown_escaped(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lab"
    cell = root / "cell-\x1b[31m1"
    cell.mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "escaped"}))
    shutil.copy(MACCOR, cell / "run\u202e.010")
    (cell / "z\x1b[8m.txt").write_text("not data\n")  # hides what follows
    (cell / "broken\x07.res").write_bytes(b"\x00" * 64)
    for arguments in (("--dry-run",), ("-q",), ()):
        ingest(local_thread_server, str(root), *arguments)
        captured = capsys.readouterr()
        printed = captured.out + captured.err
        for hidden in ("\x1b", "\u202e", "\x07"):
            assert hidden not in printed, (arguments, printed)
        assert "z\\x1b[8m.txt" in printed or "-q" in arguments
    found = plan_folder(root)
    assert "cell-\\x1b[31m1" in str(found) and "run\\u202e.010" in str(found)


def test_names_of_latin1_bytes_are_refused_saying_how_to_fix_them(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lab"
    (root / "cell-1").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "from a Windows zip"}))
    shutil.copy(MACCOR, root / "cell-1")
    base = os.fsencode(root)
    os.mkdir(base + b"/Zelle-\xfc")  # "Zelle-ü" in Latin-1: no UTF-8
    shutil.copy(MACCOR, os.fsdecode(base + b"/Zelle-\xfc/run.010"))
    shutil.copy(MACCOR, os.fsdecode(base + b"/cell-1/M\xfcller.010"))
    assert ingest(local_thread_server, str(root), "--json") == 1
    found = report(capsys)
    by_name = {Path(f["path"]).name: f for f in found["files"]}
    assert by_name[MACCOR.name]["status"] == "ingested"  # the others go in
    for name in ("run.010", "M\udcfcller.010"):
        refused = by_name[name]
        assert refused["status"] == "failed"
        assert "bytes that are no UTF-8 (\\xfc in " in refused["reason"]
        assert "convmv" in refused["fix"]
    assert ingest(local_thread_server, str(root), "--dry-run") == 1
    printed = capsys.readouterr().out
    assert "\udcfc" not in printed and "Zelle-\\xfc" in printed  # escaped


def test_a_data_file_turned_to_nul_bytes_fails_and_is_not_skipped(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lab"
    (root / "cell-1").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "power loss"}))
    data = bytearray(MACCOR.read_bytes())
    data[100_000:] = bytes(len(data) - 100_000)  # the rest of the copy never written
    (root / "cell-1" / "cut.010").write_bytes(bytes(data))
    shutil.copy(DATA / "arbin" / "sample_data_arbin.csv", root / "cell-1")
    assert ingest(local_thread_server, str(root), "--json") == 1
    files = {Path(f["path"]).name: f for f in report(capsys)["files"]}
    assert files["sample_data_arbin.csv"]["status"] == "ingested"
    assert files["cut.010"]["status"] == "failed"
    line = data[:100_000].count(b"\n") + 1
    assert f"NUL bytes at line {line}" in files["cut.010"]["reason"]


def test_a_folder_of_real_files_one_folder_a_cycler_ingests_with_no_flag(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "bench-7"  # no spec.json, no cell folders, no pattern
    for cycler in ("arbin", "neware", "novonix", "landt", "basytec"):
        shutil.copytree(DATA / cycler, root / cycler.capitalize())
    (root / "channel map.txt").write_text("ch1: cell A\nch2: cell B\n")
    exports = sorted(p for p in root.rglob("*") if p.is_file() and "map" not in p.name)
    assert ingest(local_thread_server, str(root), "--dry-run") == 0
    text = capsys.readouterr().out
    assert "specification 'bench-7' (from the folder's name)" in text
    assert f"{len(exports)} measurements, 0 refused, 1 skipped" in text
    assert "cell 'Neware'" not in text  # a cycler's folder is no cell
    assert ingest(local_thread_server, str(root), "--json") == 0
    done = report(capsys)
    assert done["counts"]["ingested"] == len(exports)
    assert done["counts"]["skipped"] == 1 and done["counts"]["failed"] == 0


def test_a_battery_data_format_file_is_named_without_its_double_extension(
    tmp_path: Path,
) -> None:
    root = tmp_path / "bdf lab"
    shutil.copytree(DATA / "bdf", root / "BDF")
    names = {
        cell.name: [f.measurement for f in cell.files]
        for cell in plan_folder(root).cells
    }
    assert names["legacy"] == ["legacy"]
    assert names["SINTEF__LiGrR2032__2024-04-30__25degC__Landt"] == [
        "SINTEF__LiGrR2032__2024-04-30__25degC__Landt"
    ]
    assert not [name for name in names if ".bdf" in name]


def test_a_data_file_no_reader_recognises_fails_and_the_run_exits_1(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lab"
    root.mkdir()
    rows = "".join(f"{n},{3.6 + n / 1000},{0.5}\n" for n in range(20))
    (root / "logger.csv").write_text(rows)  # numbers, but no cycler's header
    (root / "trace.mpr").write_bytes(b"not a BioLogic file at all")
    (root / "notes.txt").write_text("to do: order more cells\n")
    plan = plan_folder(root)
    assert {r.path.name for r in plan.refused} == {"logger.csv", "trace.mpr"}
    assert all("not read:" in r.reason and "inspect" in r.fix for r in plan.refused)
    assert [s.path.name for s in plan.skipped] == ["notes.txt"]
    assert ingest(local_thread_server, str(root), "--json") == 1  # nothing in
    done = report(capsys)
    assert done["counts"]["ingested"] == 0 and done["counts"]["failed"] == 2


def test_warnings_are_said_once_in_the_report_not_as_they_happen(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lab"
    root.mkdir()
    shutil.copy(DATA / "maccor" / "maccor_002.txt", root)  # its last line is cut
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert ingest(local_thread_server, str(root)) == 0
    said = capsys.readouterr()
    assert "warned (read and kept" in said.out and "28 of the header's 29" in said.out
    assert not [w for w in caught if w.category is MeasurementValidationWarning]
    assert "MeasurementValidationWarning" not in said.err
