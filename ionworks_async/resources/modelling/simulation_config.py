"""A simulation request's configuration, checked as the public client checks it.

The public client validates ``protocol()`` and ``protocol_batch()`` configs
with strict models: unknown keys refused, exactly one protocol source, at
most one list of runs. The same rules are written here over plain dicts, with
the same messages (``Invalid simulation config: ...``), and the same request
body is built from them.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "TOP_LEVEL_KEYS",
    "batch_body",
    "check_config",
    "check_doe",
    "doe_count",
    "single_run_doe",
]

TOP_LEVEL_KEYS = (
    "parameterized_model",
    "protocol_experiment",
    "protocol_id",
    "design_parameters_doe",
    "conditions",
    "experiment_parameters",
    "max_backward_jumps",
    "study_id",
    "project_id",
    "extra_variables",
)
_DOE_KEYS = ("sampling", "rows", "count")
_ROW_KEYS = ("type", "name", "min", "max", "count", "values", "mean", "std")
_CONDITION_KEYS = ("experiment_parameters", "design_parameters")
_QUICK_MODEL_KEYS = ("capacity", "chemistry", "resistance_pct", "cell_spec_id")


def _unknown(given: dict[str, Any], allowed: tuple[str, ...], at: str) -> list[str]:
    return [f"Unknown config key '{at}{key}'." for key in given if key not in allowed]


def _check_doe(doe: Any, at: str) -> list[str]:
    if not isinstance(doe, dict):
        return [f"{at.rstrip('.')}: Input should be a valid dictionary"]
    problems = _unknown(doe, _DOE_KEYS, at)
    for key in ("sampling", "rows"):
        if key not in doe:
            problems.append(f"{at}{key}: Field required")
    rows = doe.get("rows")
    if isinstance(rows, list):
        for index, row in enumerate(rows):
            where = f"{at}rows.{index}."
            if not isinstance(row, dict):
                problems.append(
                    f"{where.rstrip('.')}: Input should be a valid dictionary"
                )
                continue
            problems += _unknown(row, _ROW_KEYS, where)
            problems += [
                f"{where}{key}: Field required"
                for key in ("type", "name")
                if key not in row
            ]
    elif "rows" in doe:
        problems.append(f"{at}rows: Input should be a valid list")
    return problems


def check_doe(doe: Any) -> dict[str, Any]:
    """Check a design of experiments given alone; return it or raise ``ValueError``."""
    problems = _check_doe(doe, "design_parameters_doe.")
    if problems:
        raise ValueError("Invalid simulation config: " + " ".join(problems))
    return dict(doe)


def check_config(config: Any) -> dict[str, Any]:
    """Check a batch config; return it (a dict) or raise ``ValueError``."""
    if not isinstance(config, dict):
        raise ValueError("Invalid simulation config: it must be a dict.")
    problems = _unknown(config, TOP_LEVEL_KEYS, "")
    top_level_unknown = bool(problems)
    if "parameterized_model" not in config:
        problems.append("parameterized_model: Field required")
    experiment = config.get("protocol_experiment")
    if experiment is not None:
        if not isinstance(experiment, dict):
            problems.append("protocol_experiment: Input should be a valid dictionary")
        else:
            problems += _unknown(
                experiment, ("protocol", "name"), "protocol_experiment."
            )
            problems += [
                f"protocol_experiment.{key}: Field required"
                for key in ("protocol", "name")
                if key not in experiment
            ]
    if config.get("design_parameters_doe") is not None:
        problems += _check_doe(
            config["design_parameters_doe"], "design_parameters_doe."
        )
    conditions = config.get("conditions")
    if conditions is not None:
        if not isinstance(conditions, list):
            problems.append("conditions: Input should be a valid list")
        else:
            for index, condition in enumerate(conditions):
                if isinstance(condition, dict):
                    problems += _unknown(
                        condition, _CONDITION_KEYS, f"conditions.{index}."
                    )
    if not problems:
        if (experiment is None) == (config.get("protocol_id") is None):
            problems.append(
                "Provide exactly one of 'protocol_experiment' (UCP YAML) or "
                "'protocol_id' (a saved protocol)."
            )
        elif conditions is not None and config.get("design_parameters_doe") is not None:
            problems.append(
                "Provide either 'conditions' (an explicit list of runs) or "
                "'design_parameters_doe' (a sampled design), not both."
            )
        elif conditions is not None and not conditions:
            problems.append("'conditions' must contain at least one run.")
    if problems:
        if top_level_unknown:
            problems.append(
                f"Valid top-level keys: {', '.join(sorted(TOP_LEVEL_KEYS))}."
            )
        raise ValueError("Invalid simulation config: " + " ".join(problems))
    return config


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(item) for item in value]
    return value


def single_run_doe(design_parameters: dict[str, Any]) -> dict[str, Any]:
    """Return the one-run design of given parameter values."""
    return {
        "sampling": "grid",
        "rows": [
            {"type": "discrete", "name": name, "values": [float(value)]}
            for name, value in design_parameters.items()
        ],
    }


def doe_count(doe: dict[str, Any]) -> int:
    """Return how many simulations a design of experiments makes.

    Raises
    ------
    ValueError
        For a grid row with neither ``values`` nor ``count``.
    """
    if doe.get("sampling") != "grid":
        return int(doe.get("count") or 1)
    total = 1
    for row in doe.get("rows", []):
        if row.get("values") is not None:
            total *= len(row["values"])
        elif row.get("count") is not None:
            total *= int(row["count"])
        else:
            raise ValueError(
                f"DOE row {row.get('name')!r} is missing 'values' (discrete) or "
                "'count' (range) — cannot compute simulation count."
            )
    return total


def _model(value: Any) -> Any:
    """Return a quick model given flat (``{"capacity": 5}``) as ``quick_model``."""
    to_dump = getattr(value, "model_dump", None)
    if callable(to_dump) and type(value).__name__ == "QuickModelConfig":
        return {"quick_model": to_dump()}
    if isinstance(value, dict) and not {"quick_model", "model_id", "parameters"} & set(
        value
    ):
        quick = {k: value[k] for k in _QUICK_MODEL_KEYS if k in value}
        if quick:
            return {"quick_model": quick}
    return value


def _floats(values: dict[str, Any]) -> dict[str, Any]:
    """Return parameter values with whole numbers as floats (``float | str``)."""
    return {
        name: float(value)
        if isinstance(value, int) and not isinstance(value, bool)
        else value
        for name, value in values.items()
    }


def batch_body(
    config: dict[str, Any], template_id: str, project_id: str | None
) -> dict[str, Any]:
    """Return the body of ``/simulations/with-template/batch`` for a checked config."""
    shared = _floats(config.get("experiment_parameters") or {})
    conditions = config.get("conditions")
    doe = config.get("design_parameters_doe")
    body = {
        "parameterized_model": _model(config["parameterized_model"]),
        "experiment_template_id": template_id,
        "experiment_parameter_sets": [shared],
        "conditions": [
            {
                "experiment_parameters": {
                    **shared,
                    **_floats(condition.get("experiment_parameters") or {}),
                },
                "design_parameters": _floats(condition.get("design_parameters") or {}),
            }
            for condition in conditions
        ]
        if conditions
        else None,
        "design_parameters_doe": _without_none(doe) if doe else None,
        "max_backward_jumps": config.get("max_backward_jumps"),
        "study_id": config.get("study_id"),
        "extra_variables": config.get("extra_variables"),
        "project_id": project_id,
    }
    return {key: value for key, value in body.items() if value is not None}
