"""The API paths of measurements, built (and their ids checked) in one place."""

from __future__ import annotations

from .._inputs.query import segment

__all__ = ["instance_measurements_path", "measurement_path"]


def measurement_path(measurement_id: object, suffix: str = "") -> str:
    """Return ``/cell_measurements/{id}`` plus ``suffix`` (e.g. ``"/files"``).

    Raises
    ------
    TypeError, ValueError
        When the id is not a non-empty string.
    """
    return f"/cell_measurements/{segment(measurement_id, 'measurement_id')}{suffix}"


def instance_measurements_path(cell_instance_id: object, suffix: str = "") -> str:
    """Return ``/cell_instances/{id}/cell_measurements`` plus ``suffix``."""
    instance = segment(cell_instance_id, "cell_instance_id")
    return f"/cell_instances/{instance}/cell_measurements{suffix}"
