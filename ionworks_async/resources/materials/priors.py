"""A fit's prior from a dataset's scalar: the value read, its spread checked."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["prior_centre", "scalar"]


def prior_centre(
    value: float, std: float | None, rel_std: float | None, distribution: str
) -> tuple[float, float]:
    """Return a prior's mean and spread from a dataset's scalar (checked).

    Raises
    ------
    ValueError
        When not exactly one of ``std`` and ``rel_std`` is given, the
        distribution is unknown, a lognormal is asked of a value not above 0,
        or the spread is not a positive finite number.
    """
    if (std is None) == (rel_std is None):
        raise ValueError(
            "exactly one of `std` or `rel_std` is required: a scalar has no spread "
            "of its own, so the prior's width must be supplied."
        )
    if distribution not in ("normal", "lognormal"):
        raise ValueError(
            f"unknown distribution {distribution!r}: expected 'normal' or 'lognormal'."
        )
    if distribution == "lognormal" and value <= 0:
        raise ValueError(
            f"the value {value!r} cannot centre a lognormal prior: lognormal is "
            "defined for strictly positive values only. Use distribution='normal'."
        )
    if std is not None:
        width = std
    elif distribution == "lognormal":
        width = rel_std or 0.0
    else:
        width = (rel_std or 0.0) * abs(value)
    if not math.isfinite(width) or width <= 0:
        raise ValueError(
            f"prior width must be a positive, finite number; got {width!r}. Check "
            "`std` / `rel_std` (`rel_std` scales with the value: a value of 0 "
            "leaves no width)."
        )
    return (math.log(value) if distribution == "lognormal" else value), width


def scalar(
    columns: dict[str, Any], dataset_id: str, column: str, row: int | None
) -> float:
    """Return the one usable number a column holds (or its ``row``)."""
    if column not in columns:
        names = ", ".join(map(repr, columns))
        raise ValueError(
            f"column {column!r} is not in dataset {dataset_id}. "
            f"Available columns: {names}."
        )
    values = columns[column]
    if not isinstance(values, list):
        raise ValueError(f"column {column!r} of dataset {dataset_id} is not a list")
    if row is None:
        if len(values) != 1:
            raise ValueError(
                f"dataset {dataset_id} has {len(values)} rows, so {column!r} is not "
                "a scalar. Pass `row=` to pick one value deliberately."
            )
        row = 0
    elif not -len(values) <= row < len(values):
        raise ValueError(
            f"row {row} is out of range for dataset {dataset_id}, which has "
            f"{len(values)} row(s)."
        )
    found = values[row]
    try:
        value = float(found) if found is not None else math.nan
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value):
        raise ValueError(
            f"column {column!r} holds no usable number at row {row} of dataset "
            f"{dataset_id}: found {found!r}."
        )
    return value
