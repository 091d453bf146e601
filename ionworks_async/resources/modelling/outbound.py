"""A pipeline's configuration made JSON, as the public client sends it.

The public client passes every value of a pipeline's (or a simple
pipeline's) configuration through its outbound conversions before it
posts it; these are the same conversions, so the same config sends the same
body:

- a PyBaMM model becomes its configuration (a built-in model its type and
  options, another its serialised form), and a PyBaMM expression its JSON;
- a serialised PyBaMM model (``pybamm_version`` and ``schema_version``)
  loses the variable bounds that hold an infinity (PyBaMM restores them);
- a tuple becomes a list, and ``inf`` and ``NaN`` become ``null``;
- a DataFrame (pandas, polars, pyarrow) becomes a dict of columns, and the
  text ``"file:data.csv"`` the columns of that file — ``"folder:run"`` the
  ``time_series`` and ``steps`` of that folder (``.parquet`` read before
  ``.csv``) — each at most :data:`INLINE_ROWS` rows of time series.

PyBaMM is never imported here: a value can only be one of its objects when
the caller has imported it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import sys
from pathlib import Path
from typing import Any

from ...models.pipeline_results import installed_schema
from ...tables.table import Table, as_table
from ...validation.issues import (
    IssueCode,
    MeasurementValidationError,
    ValidationIssue,
)
from .bodies import built_in_config

__all__ = ["INLINE_ROWS", "canonical_config", "given_or_taken", "outbound", "renaming"]

INLINE_ROWS = 1000
"""The most rows of time series a config may carry inline."""

_FRAME_MODULES = ("pandas", "polars", "pyarrow")


def outbound(value: Any) -> Any:
    """Return ``value`` made JSON, the public client's way (see the module).

    Raises
    ------
    FileNotFoundError
        For a ``file:`` or ``folder:`` reference to nothing.
    MeasurementValidationError
        For inline time series of more than :data:`INLINE_ROWS` rows
        (``time_series_row_count_exceeded``): upload it as a measurement and
        give ``"db:<measurement_id>"`` instead.
    """
    if isinstance(value, dict):
        if "pybamm_version" in value and "schema_version" in value:
            return _without_infinite_bounds(value)
        return {key: outbound(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [outbound(item) for item in value]
    return _leaf(value)


def _leaf(value: Any) -> Any:
    pybamm = sys.modules.get("pybamm")
    if pybamm is not None and isinstance(value, pybamm.BaseModel):
        value = _model_config(pybamm, value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        scalar = value.item()
        if isinstance(scalar, float) and not math.isfinite(scalar):
            return None
    if isinstance(value, str) and value.startswith(("file:", "folder:")):
        return _reference(value)
    if type(value).__module__.split(".")[0] in _FRAME_MODULES and hasattr(
        value, "columns"
    ):
        return _columns(as_table(value))
    if pybamm is not None and isinstance(value, pybamm.Symbol):
        return _serialise(pybamm).convert_symbol_to_json(value)
    return value


def _model_config(pybamm: Any, model: Any) -> Any:
    """Return a PyBaMM model as the configuration the API takes."""
    to_config = getattr(model, "to_config", None)
    if callable(to_config):
        return to_config()
    built_in = built_in_config(pybamm, model)
    if built_in is not None:
        return built_in
    serialised = _serialise(pybamm).Serialise.serialise_custom_model(model)
    return {"type": "custom", "model": _without_infinite_bounds(serialised)}


def _serialise(pybamm: Any) -> Any:
    """Return PyBaMM's serialisation module (PyBaMM is already imported)."""
    return importlib.import_module(
        "pybamm.expression_tree.operations.serialise", pybamm.__name__
    )


def _infinite_bound(bound: Any) -> bool:
    if not isinstance(bound, dict):
        return False
    value = bound.get("value")
    return isinstance(value, float) and math.isinf(value)


def _without_infinite_bounds(value: Any) -> Any:
    """Drop the ``bounds`` that hold an infinity, at any depth."""
    if isinstance(value, dict):
        return {
            key: _without_infinite_bounds(item)
            for key, item in value.items()
            if not (
                key == "bounds"
                and isinstance(item, list)
                and any(_infinite_bound(b) for b in item)
            )
        }
    if isinstance(value, list | tuple):
        return [_without_infinite_bounds(item) for item in value]
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _columns(table: Table, *, time_series: bool = True) -> dict[str, list[Any]]:
    """Return a table's columns as JSON lists, checking the inline row cap."""
    if time_series and table.num_rows > INLINE_ROWS:
        issue = ValidationIssue(
            IssueCode.TIME_SERIES_ROW_COUNT_EXCEEDED,
            f"Time series has {table.num_rows} rows, which exceeds the maximum of "
            f"{INLINE_ROWS} rows for inline data. Upload the data as a measurement "
            'using client.cell_measurement.create() and reference it with "db:'
            '<measurement_id>" in the pipeline configuration.',
            payload={"num_rows": table.num_rows, "max_rows": INLINE_ROWS},
        )
        raise MeasurementValidationError(issue.message, [issue])
    return {
        name: [_json_value(item) for item in table[name]] for name in table.column_names
    }


def _reference(text: str) -> Any:
    """Return the columns a ``file:`` or ``folder:`` reference names."""
    kind, _, where = text.partition(":")
    path = Path(where).expanduser().resolve()
    if kind == "file":
        if not path.is_file():
            raise FileNotFoundError(f"CSV file not found: {text}")
        return _columns(_read(path))
    if not path.is_dir():
        raise FileNotFoundError(f"Folder not found: {text}")

    def part(stem: str) -> dict[str, list[Any]]:
        parquet = path / f"{stem}.parquet"
        found = parquet if parquet.exists() else path / f"{stem}.csv"
        if not found.is_file():
            raise FileNotFoundError(f"{stem}.parquet or {stem}.csv not found in {text}")
        return _columns(_read(found), time_series=stem == "time_series")

    return {"time_series": part("time_series"), "steps": part("steps")}


def _read(path: Path) -> Table:
    """Read a CSV (whatever its suffix) or a parquet file as a table."""
    if path.suffix.lower() in (".parquet", ".pq", ".csv"):
        return as_table(path)
    from ...tables.table import pyarrow_module

    pyarrow_module()
    import pyarrow.csv

    try:
        return Table.from_arrow(pyarrow.csv.read_csv(path))
    except Exception as error:
        raise ValueError(f"{path}: cannot read the file as CSV ({error})") from None


def canonical_config(config: Any, what: str = "PipelineClient.create") -> Any:
    """Return a pipeline's config as the dict its ``Pipeline`` writes.

    Raises
    ------
    TypeError
        For a config that is neither a ``Pipeline`` nor a dict.
    ValueError
        For a dict that ionworks-schema's ``Pipeline`` refuses.
    """
    iws = installed_schema()
    if iws is not None and isinstance(config, iws.Pipeline):
        return config.to_config()
    if not isinstance(config, dict):
        raise TypeError(
            f"{what} expects an ionworks_schema.Pipeline or a dict, got "
            f"{type(config).__name__}"
        )
    if iws is None:
        return dict(config)
    try:
        return iws.Pipeline.model_validate(config).to_config()
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise ValueError(f"Invalid pipeline configuration: {error}") from None


def renaming(name: str | None, description: str | None) -> dict[str, str]:
    """Return the body of a rename: the fields given (at least one)."""
    body = {
        key: value
        for key, value in (("name", name), ("description", description))
        if value is not None
    }
    if not body:
        raise ValueError("At least one of 'name' or 'description' must be provided.")
    return body


def given_or_taken(config: dict[str, Any], **given: Any) -> dict[str, Any]:
    """Return each argument given, else the config's key, taken out of it.

    As the public client does: a key of the config stays in it when its
    argument is given (a ``Pipeline`` then refuses it as unknown).
    """
    return {
        key: value if value is not None else config.pop(key, None)
        for key, value in given.items()
    }
