"""Arrays to numpy and back through their buffers, as pyarrow's conversions give."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from ionworks_async.tables.bridge import (
    arrow_array,
    arrow_null,
    arrow_scalar,
    flags,
    floats,
    integers,
    missing,
    python_array,
)


def _random_array(rng: np.random.Generator, kind: str, size: int) -> pa.Array:
    values = {
        "float": rng.normal(size=size),
        "int": rng.integers(-5, 5, size=size),
        "int32": rng.integers(-5, 5, size=size).astype(np.int32),
        "uint8": rng.integers(0, 5, size=size).astype(np.uint8),
        "bool": rng.random(size) > 0.5,
    }[kind]
    absent = rng.random(size) < rng.choice([0.0, 0.3, 1.0])
    return pa.array(values, mask=absent)


@pytest.mark.parametrize("kind", ["float", "int", "int32", "uint8", "bool"])
def test_floats_and_missing_agree_with_pyarrow_on_slices(kind: str) -> None:
    rng = np.random.default_rng(7)
    for _ in range(60):
        whole = _random_array(rng, kind, int(rng.integers(0, 40)))
        start = int(rng.integers(0, len(whole) + 1))
        array = whole[start : start + int(rng.integers(0, 40))]  # offset != 0
        expected = array.cast(pa.float64()).to_numpy(zero_copy_only=False)
        np.testing.assert_array_equal(floats(array), expected)  # NaN for missing
        np.testing.assert_array_equal(
            floats(array, fill=-1.0), np.where(np.isnan(expected), -1.0, expected)
        )
        absent = missing(array)
        nulls = array.is_null().to_numpy(zero_copy_only=False)
        if nulls.any():
            assert absent is not None
            np.testing.assert_array_equal(absent, nulls)
        else:
            assert absent is None


def test_flags_read_bits_at_any_offset_and_fill_missing() -> None:
    rng = np.random.default_rng(3)
    for _ in range(60):
        whole = _random_array(rng, "bool", int(rng.integers(0, 50)))
        start = int(rng.integers(0, len(whole) + 1))
        array = whole[start:]
        truth = array.fill_null(False).to_numpy(zero_copy_only=False)
        np.testing.assert_array_equal(flags(array), truth)
        assert flags(array).dtype == np.bool_
        np.testing.assert_array_equal(
            flags(array, fill=True),
            array.fill_null(True).to_numpy(zero_copy_only=False),
        )


def test_floats_take_chunked_arrays_and_all_missing_ones() -> None:
    chunked = pa.chunked_array([[1.0, None], [3.0]])
    np.testing.assert_array_equal(floats(chunked), [1.0, np.nan, 3.0])
    np.testing.assert_array_equal(floats(pa.nulls(3)), [np.nan] * 3)
    assert floats(pa.array([], pa.float64())).shape == (0,)


def test_integers_view_int64_and_refuse_missing_values() -> None:
    array = pa.array([4, 5, 6, 7], pa.int32())[1:]
    result = integers(array)
    assert result.dtype == np.int64
    np.testing.assert_array_equal(result, [5, 6, 7])
    assert integers(pa.array([], pa.int64())).shape == (0,)
    with pytest.raises(ValueError, match="without missing values"):
        integers(pa.array([1, None]))


def test_arrow_array_round_trips_numbers_flags_and_missing_values() -> None:
    values = np.array([1.5, np.nan, -2.0])
    wrapped = arrow_array(values, np.array([False, True, False]))
    assert wrapped.type == pa.float64()
    assert wrapped.to_pylist() == [1.5, None, -2.0]
    assert arrow_array(np.arange(3, dtype=np.int32)).type == pa.int64()
    assert arrow_array(np.array([True, False, True])).to_pylist() == [True, False, True]
    assert arrow_array(np.empty(0)).to_pylist() == []
    with pytest.raises(TypeError, match="cannot wrap"):
        arrow_array(np.array(["a"]))


def test_scalars_keep_their_python_type() -> None:
    assert arrow_scalar(True).type == pa.bool_()
    assert arrow_scalar(1).type == pa.int64()  # 1 == True, but not as a scalar
    assert arrow_scalar(1.0).type == pa.float64()
    assert arrow_scalar("°C").as_py() == "°C"
    assert arrow_null(pa.string()).as_py() is None


def test_scalars_of_data_values_do_not_grow_the_cache() -> None:
    from ionworks_async.tables import bridge as _numpy

    for value in range(3 * _numpy.KEPT_SCALARS):
        assert arrow_scalar(float(value) + 0.5).as_py() == value + 0.5
    assert len(_numpy._scalars) <= _numpy.KEPT_SCALARS
    assert arrow_scalar(float("nan")).is_valid  # NaN is a value, not missing


def test_python_array_types_as_pyarrow_infers_them() -> None:
    for values in (
        [1, None, 3],
        [1.5, None, 2],
        [True, None, False],
        ["a", None, "µA"],
        [None, None],
        [],
    ):
        built = python_array(values)
        assert built.to_pylist() == pa.array(values).to_pylist()
    assert python_array([1, 2]).type == pa.int64()
    assert python_array([1, 2.5]).type == pa.float64()
    assert python_array(["x"]).type == pa.string()
