"""A file read a block at a time gives the table it gives read whole.

The normaliser holds back each block's unfinished step, so wherever a file
is cut, every rule (step and cycle counts, per-step capacity and energy, the
step's direction, gaps filled from the last value) sees whole steps; the
conversion writes as it reads and leaves nothing behind when a later block
fails.
"""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ionworks_async.read import CorruptFileError, _text, convert_file
from ionworks_async.read import reading as _api
from ionworks_async.read._columns import ARRAYS, CyclerColumns
from ionworks_async.read.convert import to_bdf
from ionworks_async.read.normalise import normalise

from ..support.samples import sample_files
from .test_normalisation import _raw, _run, steps_strategy
from .test_real_files import DATA

TEXT_FILES = [
    path
    for path in sample_files()
    if path.suffix.lower() in (".csv", ".txt", ".mpt", ".041", ".010")
]


def _equal(whole: Any, cut: Any) -> None:
    assert cut.column_names == whole.column_names
    assert cut.num_rows == whole.num_rows
    for name in whole.column_names:
        expected = np.asarray(whole.column(name).to_numpy(), dtype=float)
        got = np.asarray(cut.column(name).to_numpy(), dtype=float)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12, err_msg=name)


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stream every text export in blocks of about 2 kB."""
    monkeypatch.setattr(_text, "WHOLE_BYTES", 0)
    monkeypatch.setattr(_text, "BLOCK_BYTES", 2000)


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: p.name)
def test_every_text_export_streamed_in_small_blocks_reads_the_same(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole, _, _ = _api.normalised(path)
        monkeypatch.setattr(_text, "WHOLE_BYTES", 0)
        monkeypatch.setattr(_text, "BLOCK_BYTES", 2000)
        tables, _, _ = _api.normalised_blocks(path)
        cut = pa.concat_tables(list(tables))
        _, raw, _ = _api.cycler_columns(path, None, None, None)
    if path.stat().st_size > 20_000:
        assert len(list(raw.blocks())) > 1, "a file of many blocks came in one"
    _equal(whole, cut)


def _cut(raw: CyclerColumns, cuts: list[int]) -> CyclerColumns:
    """The same rows as blocks ending at ``cuts``, handed on through ``more``."""
    bounds = [0, *sorted({c for c in cuts if 0 < c < len(raw)}), len(raw)]
    pieces = [raw.rows(a, b) for a, b in itertools.pairwise(bounds)]
    first = pieces[0]
    first.more = iter(pieces[1:])
    return first


@settings(max_examples=120, deadline=None)
@given(
    steps_strategy,
    st.sampled_from(["charge_positive", "discharge_positive", "state"]),
    st.lists(st.integers(1, 150), max_size=8),
    st.sampled_from(["pair", "single", "none", "no step"]),
)
def test_a_run_cut_anywhere_normalises_as_it_does_whole(
    steps: list[tuple[int, float, int, float, bool]],
    sign: str,
    cuts: list[int],
    vendor: str,
) -> None:
    run = _run(steps)
    n = len(run["time"])
    ramp = pa.array(np.cumsum(np.abs(run["current"])) / 3600 + 2.0)
    gaps = pa.array([None if i % 7 == 3 else v for i, v in enumerate(ramp.to_pylist())])
    extra: dict[str, Any] = {
        "pair": {"charge_capacity": gaps, "discharge_capacity": ramp, "energy": ramp},
        "single": {"capacity": gaps, "energy": ramp},
        "none": {"temperature": pa.array([25.0] * n)},
        "no step": {},
    }[vendor]
    raw = _raw(run, sign, **extra)
    if vendor == "no step":
        raw.step = raw.cycle = None
    whole = normalise(raw.replace())
    _equal(whole, normalise(_cut(raw.replace(), cuts)))


def test_a_row_cut_short_in_a_later_block_fails_the_conversion_and_leaves_nothing(
    tmp_path: Path, small_blocks: None
) -> None:
    source = DATA / "maccor" / "PredictionDiagnostics_000109_tztest.010"
    broken = tmp_path / "broken.010"
    lines = source.read_bytes().splitlines(keepends=True)
    lines[-40] = lines[-40].rstrip(b"\r\n") + b"\t1\t2\t3\t4\r\n"  # extra fields
    broken.write_bytes(b"".join(lines))
    out = tmp_path / "out"
    with pytest.raises(CorruptFileError, match="not have the header's"):
        convert_file(broken, out, "parquet")
    assert list(out.iterdir()) == []  # no output, no partial file


def test_a_streamed_conversion_writes_the_whole_table(
    tmp_path: Path, small_blocks: None
) -> None:
    source = DATA / "landt" / "SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = convert_file(source, tmp_path, "parquet")
        bdf = convert_file(source, tmp_path, "bdf")
        whole, _, _ = _api.normalised(source)
    _equal(whole, pq.read_table(written))
    # BDF's capacities run from the test's start, across the blocks' seams.
    expected = to_bdf(whole)
    got = pa.csv.read_csv(bdf)
    for label in ("Charging Capacity / Ah", "Discharging Energy / Wh"):
        np.testing.assert_allclose(
            got.column(label).to_numpy(),
            expected.column(label).to_numpy(),
            rtol=1e-9,
            atol=1e-12,
        )


def test_a_raw_block_slices_and_joins_every_column() -> None:
    raw = CyclerColumns(
        time=pa.array([0.0, 1.0, 2.0, 3.0]),
        current=pa.array([1.0, 1.0, -1.0, -1.0]),
        current_sign="discharge_positive",
        step=pa.array([1, 1, 2, 2]),
    )
    pieces = [raw.rows(0, 1), raw.rows(1, 3), raw.rows(3)]
    assert [len(piece) for piece in pieces] == [1, 2, 1]
    joined = CyclerColumns.joined(pieces)
    for name in ARRAYS:
        before, after = getattr(raw, name), getattr(joined, name)
        assert (before is None and after is None) or before.equals(after)
