"""Connection hints: what one process learned of an API, read by the next."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ionworks_async._transport import hints as hints_module
from ionworks_async._transport.hints import FILE, MAX_APIS, Hints

API = "https://api.example.com/v1"


def test_what_is_remembered_is_what_the_next_client_reads(tmp_path: Path) -> None:
    first = Hints(tmp_path, API)
    assert first.storage_origin is None and first.widths == {}
    first.remember(
        storage="https://bucket.example.net", widths={"api detail": 48, "x": 3}
    )
    again = Hints(tmp_path, "https://api.example.com/other/path")  # same origin
    assert again.storage_origin == "https://bucket.example.net"
    assert again.widths == {"api detail": 48, "x": 3}
    assert Hints(tmp_path, "https://elsewhere.example.com").storage_origin is None


def test_the_file_is_written_only_when_something_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hints = Hints(tmp_path, API)
    hints.remember(storage="https://s.example.net", widths={"api detail": 8})
    writes: list[str] = []
    real = hints_module.os.replace

    def counted(source: str, target: os.PathLike[str]) -> None:
        writes.append(str(target))
        real(source, target)

    monkeypatch.setattr(hints_module.os, "replace", counted)
    hints.remember(storage="https://s.example.net", widths={"api detail": 8})
    assert writes == []
    hints.remember(widths={"api detail": 9})
    assert writes == [str(tmp_path / FILE)]


@pytest.mark.parametrize(
    "content",
    [
        "not json{",
        json.dumps(["a", "list"]),
        json.dumps({"https://api.example.com": "text"}),
        json.dumps(
            {
                "https://api.example.com": {
                    "storage": "ftp://files.example.net",
                    "widths": {"api detail": -1, "storage detail": "48", "ok": True},
                }
            }
        ),
    ],
)
def test_a_malformed_file_gives_no_hint_and_is_replaced(
    tmp_path: Path, content: str
) -> None:
    (tmp_path / FILE).write_text(content)
    hints = Hints(tmp_path, API)
    assert hints.storage_origin is None and hints.widths == {}
    hints.remember(widths={"api detail": 4})
    assert Hints(tmp_path, API).widths == {"api detail": 4}


def test_a_storage_value_that_is_no_origin_is_not_kept(tmp_path: Path) -> None:
    hints = Hints(tmp_path, API)
    hints.remember(storage="https://bucket.example.net/signed/path?sig=secret")
    hints.remember(storage="javascript:alert(1)")
    assert hints.storage_origin is None
    assert not (tmp_path / FILE).exists()


def test_other_apis_entries_are_kept_and_the_oldest_go_first(tmp_path: Path) -> None:
    for number in range(MAX_APIS + 3):
        Hints(tmp_path, f"https://api{number}.example.com").remember(
            widths={"api detail": number}
        )
    kept = json.loads((tmp_path / FILE).read_text())
    assert len(kept) == MAX_APIS
    assert "https://api0.example.com" not in kept  # the least recent
    assert Hints(tmp_path, f"https://api{MAX_APIS + 2}.example.com").widths == {
        "api detail": MAX_APIS + 2
    }


def test_a_folder_that_cannot_be_written_costs_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    hints = Hints(blocker / "cache", API)  # its parent is a file
    hints.remember(storage="https://s.example.net")  # no error
    assert hints.storage_origin == "https://s.example.net"  # kept in memory
    assert Hints(None, API).widths == {}  # no folder: nothing read or kept


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_hints_in_a_folder_others_may_write_are_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    Hints(folder, API).remember(storage="https://s.example.net", widths={"a": 4})
    assert Hints(folder, API).storage_origin == "https://s.example.net"
    folder.chmod(0o777)  # anyone may replace the file: it may be planted
    planted = {"https://api.example.com": {"storage": "http://10.0.0.9:6379"}}
    (folder / FILE).write_text(json.dumps(planted))
    read = Hints(folder, API)
    assert read.storage_origin is None and read.widths == {}
    folder.chmod(0o700)
    (folder / FILE).chmod(0o666)  # the file itself open to others' writes
    assert Hints(folder, API).storage_origin is None
    (folder / FILE).chmod(0o600)
    assert Hints(folder, API).storage_origin == "http://10.0.0.9:6379"
