"""Bodies of modelling requests, made JSON the way the public client makes them.

A model's ``parameters`` may be given as a PyBaMM ``ParameterValues`` (sent
as its ``to_json()``) or as the name of one of PyBaMM's parameter sets
(``"Chen2020"``, read by PyBaMM when it is installed); ``simulation_settings``
as an ionworks-schema ``SimulationSettings`` (sent as its ``to_config()``).
Neither package is imported unless such a value is given.
"""

from __future__ import annotations

import importlib
from typing import Any

from ...errors import MissingDependencyError

__all__ = ["built_in_config", "model_body"]


def _parameters(value: Any) -> Any:
    if isinstance(value, str):
        try:
            pybamm = importlib.import_module("pybamm")
        except ImportError:
            raise MissingDependencyError(
                f"parameters={value!r} names a PyBaMM parameter set, which needs "
                "PyBaMM: pip install pybamm (or give the parameters as a dict)"
            ) from None
        value = pybamm.ParameterValues(value)
    to_json = getattr(value, "to_json", None)
    return to_json() if callable(to_json) else value


def _config(config: Any) -> Any:
    """Return a PyBaMM model given as ``config`` as its type and options."""
    if config is None or isinstance(config, dict):
        return config
    pybamm = importlib.import_module("pybamm")  # a PyBaMM model: PyBaMM is there
    if not isinstance(config, pybamm.BaseModel):
        return config
    built_in = built_in_config(pybamm, config)
    if built_in is None:
        raise TypeError(
            f"{type(config).__name__} is a custom pybamm model; create it with "
            "ModelClient.upload_custom(model, name=...) instead of create()."
        )
    return built_in


def built_in_config(pybamm: Any, model: Any) -> dict[str, Any] | None:
    """Return one of PyBaMM's lithium-ion models as its type and options.

    ``None`` for any other model (a custom one).
    """
    name = type(model).__name__
    if not hasattr(pybamm.lithium_ion, name):
        return None
    options = {k: v for k, v in getattr(model, "options", {}).items() if v is not None}
    return {"type": name, **({"options": options} if options else {})}


def model_body(data: Any, *, parameters: bool = True, config: bool = False) -> Any:
    """Return a model's body with its settings (and ``parameters``) as JSON."""
    if not isinstance(data, dict):
        return data
    body = dict(data)
    if config and "config" in body:
        body["config"] = _config(body["config"])
    settings = body.get("simulation_settings")
    to_config = getattr(settings, "to_config", None)
    if callable(to_config):
        body["simulation_settings"] = to_config()
    if parameters and "parameters" in body:
        body["parameters"] = _parameters(body["parameters"])
    return body
