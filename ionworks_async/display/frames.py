"""The shape of a frame of any backend, read without decoding its data."""

from __future__ import annotations

from typing import Any

__all__ = ["frame_shape", "shape_text"]


def frame_shape(frame: Any) -> tuple[int, int] | None:
    """Return ``(rows, columns)`` of a Table, pyarrow, pandas or polars frame.

    A :class:`~ionworks_async.tables.Table` still holding parquet is measured
    from the file's metadata. ``None`` when the shape cannot be told (no
    pyarrow to read the metadata with, or not a frame).
    """
    try:
        if hasattr(frame, "num_rows") and hasattr(frame, "column_names"):
            return int(frame.num_rows), len(frame.column_names)  # Table, pyarrow
        shape = getattr(frame, "shape", None)  # pandas, polars
        if isinstance(shape, tuple) and len(shape) == 2:
            return int(shape[0]), int(shape[1])
    except (ImportError, ValueError, OSError):  # unreadable: shown without a shape
        return None
    return None


def shape_text(frame: Any) -> str | None:
    """Return ``"2165x11"`` (rows x columns), or ``None`` for no frame."""
    if frame is None:
        return None
    shape = frame_shape(frame)
    return "?" if shape is None else f"{shape[0]}x{shape[1]}"
