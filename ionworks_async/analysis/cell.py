"""What the analysis needs of a cell: its rated capacity, mass and area.

Read from a cell specification (or an instance's properties) given as a
record or a dict, the public client's shapes: ``ratings.capacity`` as
``{"value": 5.0, "unit": "A.h"}`` or a bare number of A.h.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["rated_capacity"]


def rated_capacity(cell_spec: Any) -> float | None:
    """Return a cell specification's rated capacity in A.h, if it gives one.

    Reads ``ratings.capacity`` of a dict or an object (``{"value": 5.0,
    "unit": "A.h"}``, a bare number, or ``mA.h``).
    """

    def field(thing: Any, name: str) -> Any:
        return (
            thing.get(name)
            if isinstance(thing, Mapping)
            else getattr(thing, name, None)
        )

    capacity = field(field(cell_spec, "ratings"), "capacity") if cell_spec else None
    value = (
        field(capacity, "value") if not isinstance(capacity, (int, float)) else capacity
    )
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    unit = (
        str(field(capacity, "unit") or "A.h")
        if not isinstance(capacity, (int, float))
        else "A.h"
    )
    return float(value) / (1000.0 if unit.lower().startswith("ma") else 1.0)
