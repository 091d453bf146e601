"""Choosing rows (cycles, steps, step types) and scaling by a cell's mass or area."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..tables.bridge import arrow_array, floats
from ..tables.table import as_table
from ..types import TableSource
from .errors import SeriesError
from .summary import StepTolerances, summarize_arrow

__all__ = ["cell_size", "scaled", "selected"]

_MASS_KEYS = ("mass", "active mass", "active material mass", "electrode mass")
_AREA_KEYS = ("area", "electrode area", "active area")
_GRAMS = {"g": 1.0, "mg": 1e-3, "kg": 1e3, "ug": 1e-6}
_SQUARE_CM = {"cm2": 1.0, "mm2": 1e-2, "m2": 1e4, "cm^2": 1.0, "mm^2": 1e-2}


def selected(
    time_series: TableSource,
    cycles: Any = None,
    steps: Any = None,
    step_types: Any = None,
) -> Any:
    """Return the rows of the cycles, steps and step types asked for (pyarrow).

    A step type matches by its words (``"discharge"`` matches every
    discharging step; ``"Constant voltage charge"`` only those).
    """
    table = as_table(time_series).to_arrow()
    keep = np.ones(table.num_rows, dtype=bool)
    if cycles is not None or step_types is not None:
        summary = summarize_arrow(table, StepTolerances())
        starts = floats(summary.column("Start index")).astype(np.int64)
        counts = floats(summary.column("End index")).astype(np.int64) - starts + 1
        chosen = np.ones(summary.num_rows, dtype=bool)
        if cycles is not None:
            wanted = np.atleast_1d(np.asarray(cycles, dtype=np.float64))
            chosen &= np.isin(floats(summary.column("Cycle count")), wanted)
        if step_types is not None:
            words = [str(w).lower() for w in np.atleast_1d(step_types)]
            kinds = [str(k).lower() for k in summary.column("Step type").to_pylist()]
            chosen &= np.asarray(
                [any(_matches(kind, word) for word in words) for kind in kinds],
                dtype=bool,
            )
        keep &= np.repeat(chosen, counts)
    if steps is not None:
        if "Step count" not in table.column_names:
            raise SeriesError("the time series has no 'Step count' column")
        wanted = np.atleast_1d(np.asarray(steps, dtype=np.float64))
        keep &= np.isin(floats(table.column("Step count")), wanted)
    return table.filter(arrow_array(keep))


def _matches(kind: str, word: str) -> bool:
    """Whether a step type is of ``word`` ("charge" is not "discharge")."""
    if word in ("charge", "discharge"):
        return kind.split()[-1] == word
    return word in kind


def _amount(value: Any, units: Mapping[str, float], default: str) -> float | None:
    """Return a number, or a ``{"value", "unit"}``, in the first unit of ``units``."""
    unit = default
    if isinstance(value, Mapping):
        unit = str(value.get("unit") or default).replace(" ", "").lower()
        value = value.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    factor = units.get(unit.replace("²", "2"))
    return None if factor is None else float(value) * factor


def cell_size(cell: Any) -> tuple[float | None, float | None]:
    """Return the mass (g) and area (cm²) a cell's properties give, if any.

    Reads ``properties`` of a record or dict (a cell instance or its
    specification): ``mass`` (or ``active mass``...) and ``area`` (or
    ``electrode area``), a number (g, cm²) or ``{"value": 12.5, "unit": "mg"}``.
    """
    properties = (
        cell.get("properties")
        if isinstance(cell, Mapping)
        else getattr(cell, "properties", None)
    ) or {}
    named = {str(k).replace("_", " ").lower(): v for k, v in properties.items()}
    mass = next((named[k] for k in _MASS_KEYS if k in named), None)
    area = next((named[k] for k in _AREA_KEYS if k in named), None)
    return _amount(mass, _GRAMS, "g"), _amount(area, _SQUARE_CM, "cm2")


def scaled(table: Any, mass: float | None, area: float | None) -> Any:
    """Add each capacity, energy and current column per gram and per cm² (pyarrow).

    ``X [A.h]`` gains ``X [mA.h.g-1]`` and ``X [mA.h.cm-2]``; ``[W.h]``
    columns ``[mW.h.g-1]`` and ``[mW.h.cm-2]``; ``Current [A]`` gains
    ``Current [mA.g-1]`` and ``Current [mA.cm-2]`` (ionworksdata's name for
    a current density).
    """
    if mass is None and area is None:
        raise ValueError(
            "give a mass (g) or an area (cm2), or a cell whose properties have one"
        )
    for name in list(table.column_names):
        for unit, per in ((" [A.h]", "mA.h"), (" [W.h]", "mW.h"), (" [A]", "mA")):
            if not name.endswith(unit):
                continue
            stem = name[: -len(unit)]
            values = floats(table.column(name)) * 1000.0
            for size, suffix in ((mass, "g-1"), (area, "cm-2")):
                if size is not None:
                    scaled_values = values / size
                    table = table.append_column(
                        f"{stem} [{per}.{suffix}]",
                        arrow_array(scaled_values, np.isnan(scaled_values)),
                    )
    return table
