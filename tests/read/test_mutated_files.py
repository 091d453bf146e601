"""Damaged copies of the real files: every failure a CyclerFileError naming the file.

Each sample file is cut short, has bytes flipped, or a block zeroed (seeded,
so a failure is reproduced by its id); reading it either works or raises a
:class:`~ionworks_async.read.CyclerFileError` — never ``IndexError``,
``struct.error``, ``NotImplementedError`` or a codec's error, which would stop
a job of many files. A few mutations a file run always; thousands, with the
``slow`` tests.
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pytest

from ionworks_async import read
from ionworks_async.errors import MissingDependencyError

from ..support.samples import sample_files

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"
FILES = sample_files()


def _mutated(data: bytes, rng: random.Random) -> bytes:
    kind = rng.choice(("cut", "flip", "zero"))
    if kind == "cut" or len(data) < 64:
        return data[: rng.randrange(0, max(len(data), 1))]
    mutable = bytearray(data)
    if kind == "flip":
        for _ in range(rng.randint(1, 16)):
            at = rng.randrange(len(mutable))
            mutable[at] ^= 1 << rng.randrange(8)
    else:
        start = rng.randrange(len(mutable))
        size = rng.randint(1, 4096)
        mutable[start : start + size] = bytes(len(mutable[start : start + size]))
    return bytes(mutable)


def _read_or_refuse(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            read.detect_reader(path)
            read.time_series(path)
        except (read.CyclerFileError, MissingDependencyError) as error:
            assert str(path) in str(error)


def _check(source: Path, mutations: int, seed: int, folder: Path) -> None:
    rng = random.Random(f"{source.name}:{seed}")
    data = source.read_bytes()
    for index in range(mutations):
        damaged = folder / f"{index}-{source.name}"
        damaged.write_bytes(_mutated(data, rng))
        _read_or_refuse(damaged)
        damaged.unlink()


@pytest.mark.parametrize("source", FILES, ids=[path.name for path in FILES])
def test_a_few_damaged_copies_read_or_fail_as_cycler_file_errors(
    source: Path, tmp_path: Path
) -> None:
    _check(source, 3, 0, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("source", FILES, ids=[path.name for path in FILES])
def test_many_damaged_copies_read_or_fail_as_cycler_file_errors(
    source: Path, tmp_path: Path
) -> None:
    _check(source, 120, 1, tmp_path)
