"""The chunk the checks run on, and its column helpers (pyarrow compute)."""

from __future__ import annotations

from typing import Any

import attrs

from ..analysis.kernels import one_array

__all__ = ["Chunk", "first_true", "numbers"]


@attrs.frozen
class Chunk:
    """Rows of a time series that a check sees at once: whole steps.

    Attributes
    ----------
    table : pyarrow.Table
        The checked columns, as float64.
    offset : int
        The row number, in the whole series, of the table's first row.
    head : bool
        Whether the first row is the previous chunk's last row, there only
        for the checks that compare neighbouring rows (it belongs to a step
        already checked).
    """

    table: Any
    offset: int = 0
    head: bool = False

    @property
    def first(self) -> bool:
        """Whether the chunk starts the series."""
        return self.offset == 0 and not self.head

    def has(self, name: str) -> bool:
        """Whether the series has the column ``name``."""
        return name in self.table.schema.names

    def column(self, name: str) -> Any:
        """Return a column as one float64 array."""
        return numbers(self.table, name)


def first_true(mask: Any) -> int:
    """Return the index of the first true value of a boolean array (or -1)."""
    import pyarrow.compute as pc

    from ..tables.bridge import arrow_scalar

    index = pc.index(mask, arrow_scalar(True)).as_py()
    return int(index)


def numbers(table: Any, name: str) -> Any:
    """Return a column as one float64 array (raises ArrowInvalid for text)."""
    import pyarrow as pa

    values = one_array(table.column(name))
    if values.type == pa.float64():
        return values
    if pa.types.is_integer(values.type) and not values.null_count:
        from ..tables.bridge import arrow_array, floats

        # numpy's conversion costs a fraction of a compute kernel's call
        return arrow_array(floats(values))
    return values.cast(pa.float64())
