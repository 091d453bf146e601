"""The API paths of every resource, built (and their ids checked) in one place.

Each function checks its ids (a non-empty string, percent-encoded as one
path segment) and returns the path; ``suffix`` appends a sub-route.

Raises
------
TypeError, ValueError
    When an id is not a non-empty string.
"""

from __future__ import annotations

from .._arguments.query import segment

__all__ = [
    "PROJECTS_PATH",
    "RAW_DATA_PATH",
    "SPECIFICATIONS_PATH",
    "TAGS_PATH",
    "batch_path",
    "instance_measurements_path",
    "instance_path",
    "measurement_path",
    "project_path",
    "raw_data_path",
    "specification_batches_path",
    "specification_instances_path",
    "specification_path",
]

SPECIFICATIONS_PATH = "/cell_specifications"
PROJECTS_PATH = "/projects"
RAW_DATA_PATH = "/raw_data"
TAGS_PATH = "/cell_measurements/tags"


def specification_path(cell_spec_id: object) -> str:
    """Return ``/cell_specifications/{id}``."""
    return f"{SPECIFICATIONS_PATH}/{segment(cell_spec_id, 'cell_spec_id')}"


def specification_instances_path(cell_spec_id: object) -> str:
    """Return ``/cell_specifications/{id}/cell_instances``."""
    return f"{specification_path(cell_spec_id)}/cell_instances"


def specification_batches_path(cell_spec_id: object) -> str:
    """Return ``/cell_specifications/{id}/cell_batches``."""
    return f"{specification_path(cell_spec_id)}/cell_batches"


def batch_path(batch_id: object) -> str:
    """Return ``/cell_batches/{id}``."""
    return f"/cell_batches/{segment(batch_id, 'batch_id')}"


def instance_path(cell_instance_id: object) -> str:
    """Return ``/cell_instances/{id}``."""
    return f"/cell_instances/{segment(cell_instance_id, 'cell_instance_id')}"


def instance_measurements_path(cell_instance_id: object, suffix: str = "") -> str:
    """Return ``/cell_instances/{id}/cell_measurements`` plus ``suffix``."""
    return f"{instance_path(cell_instance_id)}/cell_measurements{suffix}"


def measurement_path(measurement_id: object, suffix: str = "") -> str:
    """Return ``/cell_measurements/{id}`` plus ``suffix`` (e.g. ``"/files"``)."""
    return f"/cell_measurements/{segment(measurement_id, 'measurement_id')}{suffix}"


def raw_data_path(raw_data_id: object, suffix: str = "") -> str:
    """Return ``/raw_data/{id}`` plus ``suffix`` (e.g. ``"/download-url"``)."""
    return f"{RAW_DATA_PATH}/{segment(raw_data_id, 'raw_data_id')}{suffix}"


def project_path(project_id: object) -> str:
    """Return ``/projects/{id}``."""
    return f"{PROJECTS_PATH}/{segment(project_id, 'project_id')}"
