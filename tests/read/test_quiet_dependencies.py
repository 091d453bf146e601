"""Reading says what matters in our words; a dependency's chatter is not passed on."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pytest

from ionworks_async import read

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"


def test_reading_neware_native_files_passes_on_none_of_fastnda_s_notes(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    files = sorted((DATA / "neware").glob("*.nda*"))
    assert len(files) >= 4
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in files:
            read.time_series(path)
    noisy = [r.getMessage() for r in caplog.records if r.name.startswith("fastnda")]
    assert not [m for m in noisy if "cycle" in m or "Pulse" in m], noisy
    assert not [w for w in caught if "read_metadata" in str(w.message)]
    printed = capsys.readouterr()
    assert "Raw cycle" not in printed.out + printed.err
