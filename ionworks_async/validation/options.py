"""What the checks are asked to do: the options, and the checking of them."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

import attrs

from .issues import check_skip_names

__all__ = ["DATA_TYPES", "CheckOptions", "check_options"]

DATA_TYPES = ("ocp", "eis")
"""Values of the client-only ``data_type`` hint (never sent to the API)."""


@attrs.frozen
class CheckOptions:
    """What to check, besides the always-on checks.

    Attributes
    ----------
    strict : bool
        Run the strict checks.
    rated_capacity : float or None
        The cell's rated capacity in A.h (strict checks that need it).
    voltage_window : tuple of float or None
        The rated ``(V_min, V_max)`` (strict voltage-continuity check).
    skip_checks : frozenset of str
        Strict checks to skip, by name.
    data_type : {"ocp", "eis"} or None
        The kind of data: ``None`` for cycler data.
    """

    strict: bool = False
    rated_capacity: float | None = None
    voltage_window: tuple[float, float] | None = None
    skip_checks: frozenset[str] = frozenset()
    data_type: Literal["ocp", "eis"] | None = None

    def runs(self, name: str) -> bool:
        """Whether the strict check ``name`` runs."""
        return self.strict and name not in self.skip_checks


def check_options(
    validate_strict: object,
    rated_capacity: object,
    voltage_window: object,
    skip_checks: object,
    data_type: object = None,
) -> CheckOptions:
    """Check the validation arguments of an upload call.

    Raises
    ------
    TypeError
        For a value of the wrong type (``skip_checks`` as one string included).
    ValueError
        For a capacity that is not positive, a window that is not
        ``low < high``, a ``skip_checks`` name that is no strict check, or a
        ``data_type`` other than ``"ocp"``, ``"eis"`` or None.
    """
    if data_type is not None and data_type not in DATA_TYPES:
        raise ValueError(
            f"data_type must be one of {', '.join(DATA_TYPES)}, got {data_type!r}"
        )
    if not isinstance(validate_strict, bool):
        raise TypeError(
            f"validate_strict must be True or False, got {validate_strict!r}"
        )
    capacity = None
    if rated_capacity is not None:
        capacity = _number(rated_capacity, "rated_capacity")
        if capacity <= 0:
            raise ValueError(f"rated_capacity must be positive, got {rated_capacity!r}")
    window = None
    if voltage_window is not None:
        if isinstance(voltage_window, (str, bytes)) or not isinstance(
            voltage_window, Iterable
        ):
            raise TypeError("voltage_window must be a (V_min, V_max) pair")
        bounds = [_number(value, "voltage_window") for value in voltage_window]
        if len(bounds) != 2 or not bounds[0] < bounds[1]:
            raise ValueError(
                f"voltage_window must be (V_min, V_max) with V_min < V_max, "
                f"got {voltage_window!r}"
            )
        window = (bounds[0], bounds[1])
    skipped: frozenset[str] = frozenset()
    if skip_checks is not None:
        if isinstance(skip_checks, str) or not isinstance(skip_checks, Iterable):
            raise TypeError("skip_checks must be a list of check names")
        names = list(skip_checks)
        if not all(isinstance(name, str) for name in names):
            raise TypeError("skip_checks must be a list of check names")
        skipped = check_skip_names(names)
    return CheckOptions(
        validate_strict,
        capacity,
        window,
        skipped,
        data_type,  # type: ignore[arg-type]
    )


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        # numpy scalars convert; anything else is the caller's mistake.
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a number, got {value!r}") from None
    else:
        number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number
