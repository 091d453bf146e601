"""The commands' advice names their own flags, never Python's arguments."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from ionworks_async._cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"
PYTHON_ADVICE = re.compile(r"\b(api_key|api_url|reader|replace_failed)=")


def _lab(root: Path) -> Path:
    (root / "cell-1").mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "advised"}))
    shutil.copy(
        DATA / "maccor/PredictionDiagnostics_000109_tztest.010", root / "cell-1"
    )
    (root / "cell-1" / "notes.txt").write_text("channel map\nsee the lab book\n")
    return root


def test_ingest_without_credentials_names_its_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("IONWORKS_API_KEY", "IONWORKS_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env
    assert main(["ingest", str(_lab(tmp_path / "lab"))]) == 2
    said = capsys.readouterr().err
    assert "--api-key KEY" in said and not PYTHON_ADVICE.search(said)


def test_ingest_reasons_give_no_advice_it_cannot_take(
    tmp_path: Path, local_thread_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _lab(tmp_path / "lab")
    assert main(["ingest", str(root), "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "notes.txt: not a cycler file (no reader recognises it" in said
    assert not PYTHON_ADVICE.search(said), said
    assert main(["ingest", str(root), "--dry-run", "--json"]) == 0
    assert not PYTHON_ADVICE.search(capsys.readouterr().out)


def test_inspect_names_its_reader_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("channel map\nsee the lab book\n")
    assert main(["inspect", str(notes)]) == 1
    said = capsys.readouterr().out
    assert "(--reader NAME)" in said and not PYTHON_ADVICE.search(said), said
