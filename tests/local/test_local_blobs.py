"""The local server's blob stores: files, and the bytes derived from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ionworks_async.local.storage.blobs import BlobStore, FileBlobs, MemoryBlobs


@pytest.fixture(params=["memory", "files"])
def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    return MemoryBlobs() if request.param == "memory" else FileBlobs(tmp_path)


def test_derived_bytes_are_kept_until_the_file_changes(blobs: BlobStore) -> None:
    calls: list[bytes] = []

    def derive(data: bytes) -> bytes:
        calls.append(data)
        return data.upper()

    assert blobs.derived("m1", "steps.parquet", derive) is None
    assert not blobs.has("m1", "steps.parquet")
    blobs.put("m1", "steps.parquet", b"one")
    assert blobs.has("m1", "steps.parquet")
    assert blobs.derived("m1", "steps.parquet", derive) == b"ONE"
    assert blobs.derived("m1", "steps.parquet", derive) == b"ONE"
    assert blobs.remembered("m1", "steps.parquet") == b"ONE"
    assert calls == [b"one"]
    blobs.put("m1", "steps.parquet", b"two")  # a re-derivation after an extend
    assert blobs.remembered("m1", "steps.parquet") is None
    assert blobs.derived("m1", "steps.parquet", derive) == b"TWO"
    blobs.discard("m1", "steps.parquet")
    assert blobs.derived("m1", "steps.parquet", derive) is None
    blobs.put("m1", "steps.parquet", b"three")
    blobs.derived("m1", "steps.parquet", derive)
    blobs.delete("m1")
    assert blobs.remembered("m1", "steps.parquet") is None
    assert calls == [b"one", b"two", b"three"]


def test_a_write_during_a_derivation_keeps_nothing_stale(blobs: BlobStore) -> None:
    blobs.put("m1", "cycles.parquet", b"old")

    def derive_while_rewritten(data: bytes) -> bytes:
        blobs.put("m1", "cycles.parquet", b"new")
        return data

    assert blobs.derived("m1", "cycles.parquet", derive_while_rewritten) == b"old"
    assert blobs.remembered("m1", "cycles.parquet") is None
    assert blobs.derived("m1", "cycles.parquet", bytes.upper) == b"NEW"


def test_derived_bytes_are_bounded_least_recently_used_first(
    blobs: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blobs, "DERIVED_BYTES", 10)
    for name in ("a", "b", "c"):
        blobs.put(name, "f", name.encode() * 4)
        blobs.derived(name, "f", bytes.upper)
    # 12 bytes kept at most 10: "a" (least recently used) went first.
    assert blobs.remembered("a", "f") is None
    assert blobs.remembered("b", "f") == b"BBBB"
    blobs.put("d", "f", b"d" * 4)
    blobs.derived("d", "f", bytes.upper)  # "b" was used last: "c" goes
    assert blobs.remembered("c", "f") is None
    assert blobs.remembered("b", "f") == b"BBBB"
    blobs.put("e", "f", b"e" * 11)
    assert blobs.derived("e", "f", bytes.upper) == b"E" * 11  # too large to keep
    assert blobs.remembered("e", "f") is None
    assert blobs.remembered("d", "f") == b"DDDD"


def test_a_multipart_upload_is_joined_and_its_parts_removed(blobs: BlobStore) -> None:
    for number, piece in enumerate((b"abc", b"def", b"g"), 1):
        blobs.put("m1", f".part-u-{number}", piece)
    blobs.join("m1", "raw", [".part-u-1", ".part-u-2", ".part-u-3"])
    assert blobs.get("m1", "raw") == b"abcdefg"
    assert not any(blobs.has("m1", f".part-u-{n}") for n in (1, 2, 3))
    with pytest.raises(FileNotFoundError):
        blobs.join("m1", "other", [".part-u-9"])
    assert not blobs.has("m1", "other")
