"""The JSON files of a lab folder: ``spec.json``, ``cell.json`` and sidecars."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["cell_fields", "json_object", "sidecar_fields"]


def json_object(path: Path) -> dict[str, Any]:
    """Return a JSON file's object.

    Raises
    ------
    ValueError
        When the file cannot be read, is no JSON, or holds no object.
    """
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not a readable JSON file ({error})") from None
    if not isinstance(value, dict):
        raise ValueError("expected a JSON object")
    return value


def sidecar_fields(path: Path) -> dict[str, Any]:
    """Return the fields of a file's sidecar: ``run.mpr.json``, else ``run.json``."""
    for sidecar in (path.with_name(f"{path.name}.json"), path.with_suffix(".json")):
        if sidecar != path and sidecar.exists():
            try:
                return json_object(sidecar)
            except ValueError as error:
                raise ValueError(f"its sidecar {sidecar.name}: {error}") from None
    return {}


def cell_fields(folder: Path | None) -> dict[str, Any]:
    """Return the fields of a cell folder's ``cell.json`` (none without one)."""
    if folder is None or not (folder / "cell.json").exists():
        return {}
    return json_object(folder / "cell.json")
