"""pyarrow arrays to numpy and back, through their buffers.

pyarrow's own conversions (``pa.array(ndarray)``, ``Array.to_numpy()``,
``pa.scalar``, a Python value handed to a compute function) go through its
pandas compatibility layer: the first of them in a process imports pandas
when it is installed (apache/arrow#34994), and each costs some
microseconds of Python. The columns the readers and checks move between
the two libraries are plain numbers and flags, so their buffers are viewed
or wrapped directly here, without a copy where none is needed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .table import pyarrow_module

__all__ = [
    "arrow_array",
    "arrow_null",
    "arrow_scalar",
    "flags",
    "floats",
    "integers",
    "missing",
    "python_array",
]


def _one(values: Any) -> Any:
    """Return an array or a chunked array as one array."""
    if hasattr(values, "num_chunks"):
        return values.chunk(0) if values.num_chunks == 1 else values.combine_chunks()
    return values


def _bits(buffer: Any, offset: int, length: int) -> np.ndarray[Any, Any]:
    """Return ``length`` bits of a bitmap from bit ``offset`` as booleans."""
    start, end = offset // 8, (offset + length + 7) // 8
    packed = np.frombuffer(buffer, np.uint8, end - start, start)
    bits = np.unpackbits(packed, bitorder="little")
    shift = offset - 8 * start
    return bits[shift : shift + length].view(np.bool_)


def missing(values: Any) -> np.ndarray[Any, Any] | None:
    """Return where an array's values are missing (``None`` when none are)."""
    values = _one(values)
    if not values.null_count:
        return None
    if values.null_count == len(values):
        return np.ones(len(values), dtype=np.bool_)
    return ~_bits(values.buffers()[0], values.offset, len(values))


def floats(values: Any, fill: float = np.nan) -> np.ndarray[Any, Any]:
    """Return a numeric or boolean pyarrow array as float64 numpy.

    Missing values become ``fill``. Without missing values the result is a
    read-only view of the array's memory, as ``Array.to_numpy()`` gives.
    """
    pa = pyarrow_module()

    values = _one(values)
    kind = values.type
    if pa.types.is_integer(kind) and not values.null_count and len(values):
        # a view of the integers and numpy's conversion: no compute call
        width = kind.bit_width // 8
        dtype = np.dtype(f"{'i' if pa.types.is_signed_integer(kind) else 'u'}{width}")
        data = np.frombuffer(
            values.buffers()[1], dtype, len(values), width * values.offset
        )
        return data.astype(np.float64)
    if kind != pa.float64():
        values = values.cast(pa.float64())
    length = len(values)
    if length == 0 or values.null_count == length:
        return np.full(length, fill, dtype=np.float64)
    data = np.frombuffer(values.buffers()[1], np.float64, length, 8 * values.offset)
    absent = missing(values)
    return data if absent is None else np.where(absent, fill, data)


def integers(values: Any) -> np.ndarray[Any, Any]:
    """Return an integer pyarrow array without missing values as int64 numpy."""
    pa = pyarrow_module()

    values = _one(values)
    if values.type != pa.int64():
        values = values.cast(pa.int64())
    if values.null_count:
        raise ValueError("integers() takes an array without missing values")
    if len(values) == 0:
        return np.empty(0, dtype=np.int64)
    return np.frombuffer(values.buffers()[1], np.int64, len(values), 8 * values.offset)


def flags(values: Any, fill: bool = False) -> np.ndarray[Any, Any]:
    """Return a boolean pyarrow array as numpy booleans (missing: ``fill``)."""
    values = _one(values)
    length = len(values)
    if length == 0 or values.null_count == length:
        return np.full(length, fill, dtype=np.bool_)
    data = _bits(values.buffers()[1], values.offset, length)
    absent = missing(values)
    return data if absent is None else np.where(absent, fill, data)


_TYPES = {"f": "float64", "i": "int64", "u": "int64", "b": "bool_"}
"""The pyarrow (and numpy) type of each numpy kind wrapped."""


def arrow_array(
    values: np.ndarray[Any, Any], absent: np.ndarray[Any, Any] | None = None
) -> Any:
    """Return a numpy array of numbers or booleans as a pyarrow array.

    Floats become float64, integers int64, booleans bool; ``absent`` marks
    the values to leave missing. Numbers are shared, not copied, when they
    are already float64 or int64 and contiguous.
    """
    pa = pyarrow_module()

    kind = values.dtype.kind
    if kind not in _TYPES:
        raise TypeError(f"cannot wrap a numpy array of {values.dtype}")
    type_ = getattr(pa, _TYPES[kind])()
    if kind == "b":
        data = pa.py_buffer(np.packbits(values, bitorder="little"))
    else:
        data = pa.py_buffer(np.ascontiguousarray(values, dtype=_TYPES[kind]))
    nulls = 0 if absent is None else int(np.count_nonzero(absent))
    validity = (
        pa.py_buffer(np.packbits(~np.asarray(absent), bitorder="little"))
        if nulls
        else None
    )
    return pa.Array.from_buffers(type_, len(values), [validity, data], null_count=nulls)


_scalars: dict[tuple[type, float | int | bool | str], Any] = {}
KEPT_SCALARS = 256
"""Scalars kept for the next call (the checks' constants); a value read from
data, beyond them, is made each time, so the cache never grows with data."""


def arrow_scalar(value: float | int | bool | str) -> Any:
    """Return a Python number, flag or text as a pyarrow scalar (for compute calls)."""
    key = (type(value), value)  # True == 1 == 1.0, but not as scalars
    found = _scalars.get(key)
    if found is not None:
        return found
    array = (
        python_array([value])
        if isinstance(value, str)
        else arrow_array(np.array([value]))
    )
    if len(_scalars) < KEPT_SCALARS:
        _scalars[key] = array[0]
    return array[0]


def arrow_null(type_: Any) -> Any:
    """Return a missing value of a pyarrow type, as a scalar."""
    pa = pyarrow_module()

    return pa.nulls(1, type_)[0]


def python_array(values: list[Any]) -> Any:
    """Return a list of Python values as a pyarrow array.

    Integers become int64, other numbers float64, flags bool and texts
    strings (``None`` missing in each); any other mix is left to
    ``pyarrow.array``.
    """
    pa = pyarrow_module()

    present = [value for value in values if value is not None]
    kinds = {type(value) for value in present}
    absent = np.array([value is None for value in values], dtype=np.bool_)
    if kinds <= {int}:
        return arrow_array(np.array([v or 0 for v in values], np.int64), absent)
    if kinds <= {int, float}:
        filled = [0.0 if value is None else value for value in values]
        return arrow_array(np.array(filled, np.float64), absent)
    if kinds == {bool}:
        return arrow_array(np.array([bool(v) for v in values]), absent)
    if kinds == {str}:
        encoded = [b"" if value is None else value.encode("utf-8") for value in values]
        offsets = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum([len(text) for text in encoded], out=offsets[1:])
        nulls = int(np.count_nonzero(absent))
        validity = pa.py_buffer(np.packbits(~absent, bitorder="little"))
        return pa.Array.from_buffers(
            pa.large_string(),
            len(values),
            [
                validity if nulls else None,
                pa.py_buffer(offsets),
                pa.py_buffer(b"".join(encoded)),
            ],
            null_count=nulls,
        ).cast(pa.string())
    return pa.array(values)
