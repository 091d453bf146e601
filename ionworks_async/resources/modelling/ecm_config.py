"""An ECM fit's configuration, checked, with the defaults the API is sent.

``fit_from_measurements`` takes ``{"measurements": [...], "ecm_options":
{...}}``; keys the public client's models do not know are dropped, unset
options take its defaults, and ``None`` is not sent.
"""

from __future__ import annotations

import itertools
from typing import Any

__all__ = ["fit_request"]

_MEASUREMENT = ("id", "start_step", "end_step", "initial_soc", "capacity")
_DEFAULTS: dict[str, Any] = {
    "num_rcs": 2,
    "fit_ocv": True,
    "capacity": None,
    "ocv_soc_curve": None,
    "bounds_capacity": None,
    "num_knots": None,
    "num_knots_r0": None,
    "knot_schedule": None,
    "clamp_boundary_knots": True,
    "clamp_max_ratio": 10.0,
    "regularization": 0.0,
}


def _number(
    value: Any,
    where: str,
    *,
    low: float | None = None,
    above: bool = False,
    high: float | None = None,
    integer: bool = False,
) -> list[str]:
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        return [f"{where}: must be {'an integer' if integer else 'a number'}"]
    problems = []
    if low is not None and (value <= low if above else value < low):
        problems.append(f"{where}: must be {'>' if above else '>='} {low}")
    if high is not None and value > high:
        problems.append(f"{where}: must be <= {high}")
    return problems


def _curve(curve: Any) -> list[str]:
    if not isinstance(curve, dict):
        return ["ecm_options.ocv_soc_curve: must be an object with soc and ocv"]
    soc, ocv = curve.get("soc"), curve.get("ocv")
    if not isinstance(soc, list) or not isinstance(ocv, list):
        return ["ecm_options.ocv_soc_curve: soc and ocv must be lists"]
    if len(soc) < 2 or len(ocv) < 2:
        return ["ecm_options.ocv_soc_curve: soc and ocv need at least 2 values"]
    if len(soc) != len(ocv):
        return ["ecm_options.ocv_soc_curve: soc and ocv must be the same length."]
    if any(b <= a for a, b in itertools.pairwise(soc)):
        return ["ecm_options.ocv_soc_curve: soc values must be strictly increasing."]
    if soc[0] < 0.0 or soc[-1] > 1.0:
        return ["ecm_options.ocv_soc_curve: soc values must lie in [0, 1]."]
    return []


def _options(options: dict[str, Any]) -> list[str]:
    where = "ecm_options."
    problems = _number(
        options["num_rcs"], where + "num_rcs", low=0, high=5, integer=True
    )
    if options["capacity"] is not None:
        problems += _number(options["capacity"], where + "capacity", low=0, above=True)
    if options["ocv_soc_curve"] is not None:
        problems += _curve(options["ocv_soc_curve"])
    bounds = options["bounds_capacity"]
    if bounds is not None:
        if not isinstance(bounds, dict) or "lo" not in bounds or "hi" not in bounds:
            problems.append(where + "bounds_capacity: needs lo and hi")
        else:
            for key in ("lo", "hi"):
                problems += _number(
                    bounds[key], f"{where}bounds_capacity.{key}", low=0, above=True
                )
            if not problems and bounds["hi"] <= bounds["lo"]:
                problems.append(
                    where + "bounds_capacity.hi: hi must be greater than lo."
                )
    for key in ("num_knots", "num_knots_r0"):
        if options[key] is not None:
            problems += _number(options[key], where + key, low=1, high=64, integer=True)
    schedule = options["knot_schedule"]
    if schedule is not None:
        if not isinstance(schedule, list) or not schedule:
            problems.append(where + "knot_schedule: knot_schedule must be non-empty.")
        elif any(
            isinstance(k, bool) or not isinstance(k, int) or k < 1 for k in schedule
        ):
            problems.append(where + "knot_schedule: entries must be >= 1.")
        elif any(b <= a for a, b in itertools.pairwise(schedule)):
            problems.append(where + "knot_schedule: must be strictly increasing.")
    problems += _number(
        options["clamp_max_ratio"], where + "clamp_max_ratio", low=1, above=True
    )
    problems += _number(options["regularization"], where + "regularization", low=0)
    return problems


def fit_request(config: Any) -> dict[str, Any]:
    """Return the body of ``/ecm/fit-from-measurements`` for a config.

    Raises
    ------
    ValueError
        ``Invalid fit_from_measurements config: ...``, naming each problem.
    """
    problems: list[str] = []
    if not isinstance(config, dict):
        raise ValueError("Invalid fit_from_measurements config: it must be a dict.")
    measurements = config.get("measurements")
    if not isinstance(measurements, list) or not measurements:
        problems.append("measurements: at least one measurement is required")
        measurements = []
    kept = []
    for index, measurement in enumerate(measurements):
        where = f"measurements.{index}."
        if not isinstance(measurement, dict) or not isinstance(
            measurement.get("id"), str
        ):
            problems.append(where + "id: required")
            continue
        item = {
            k: measurement[k] for k in _MEASUREMENT if measurement.get(k) is not None
        }
        for key in ("start_step", "end_step"):
            if key in item:
                problems += _number(item[key], where + key, integer=True)
        if "initial_soc" in item:
            problems += _number(
                item["initial_soc"], where + "initial_soc", low=0, high=1
            )
        if "capacity" in item:
            problems += _number(item["capacity"], where + "capacity", low=0, above=True)
        kept.append(item)
    given = config.get("ecm_options") or {}
    if not isinstance(given, dict):
        problems.append("ecm_options: must be an object")
        given = {}
    options = {key: given.get(key, default) for key, default in _DEFAULTS.items()}
    problems += _options(options)
    if problems:
        raise ValueError("Invalid fit_from_measurements config: " + "; ".join(problems))
    options = {key: value for key, value in options.items() if value is not None}
    if "ocv_soc_curve" in options:
        options["ocv_soc_curve"] = {
            k: options["ocv_soc_curve"][k] for k in ("soc", "ocv")
        }
    if "bounds_capacity" in options:
        options["bounds_capacity"] = {
            k: options["bounds_capacity"][k] for k in ("lo", "hi")
        }
    return {"measurements": kept, "ecm_options": options}
