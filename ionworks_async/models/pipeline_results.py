"""A pipeline element's result as ionworks-schema's typed result.

The API stores each element's result as JSON; ionworks-schema's result
classes (``OptimizationResult``, ``ValidationResult``, ...) read it. A result
that names its class (``"type"``) is read as that class; an older one is
recognised by its fields and by the element's kind, as the public client
recognises it. ionworks-schema is imported here, when a result is asked for.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import IonworksError, MissingDependencyError

__all__ = ["installed_schema", "schema_module", "typed_result", "with_progress_cost"]

_FIT_SIGNALS = frozenset(
    {"x", "fun", "costs", "samples", "chains", "log_pdfs", "method", "results"}
)


def schema_module(purpose: str) -> Any:
    """Return ionworks-schema, or say how to install it (for ``purpose``)."""
    try:
        return importlib.import_module("ionworks_schema")
    except ImportError:
        raise MissingDependencyError(
            f"{purpose} needs ionworks-schema: pip install "
            '"ionworks-async[pipeline]" (or pip install ionworks-schema)'
        ) from None


def installed_schema() -> Any:
    """Return ionworks-schema if it is installed, else ``None``."""
    try:
        return importlib.import_module("ionworks_schema")
    except ImportError:
        return None


def _class_of(iws: Any, raw: dict[str, Any], kind: str) -> Any:
    """Return the result class an untyped result's fields and kind point to."""
    validation_shape = (
        "validation_results" in raw or "summary_stats" in raw
    ) and not raw.keys() & _FIT_SIGNALS
    if "validation" in kind:
        return iws.ValidationResult
    if "entry" in kind or "calculation" in kind:
        return iws.PassthroughResult
    if "chains" in raw or "log_pdfs" in raw:
        return iws.PosteriorResult
    if "x" in raw:
        for signal, cls in (
            ("fun", iws.OptimizationResult),
            ("results", iws.RegressionResult),
            ("method", iws.EnsembleResult),
        ):
            if signal in raw:
                return cls
    if validation_shape and "fit" not in kind:
        return iws.ValidationResult
    if "parameter_values" in raw or "fit" in kind:
        return iws.ParameterEstimatorResult
    return iws.BaseResults


def typed_result(name: str, raw: Any, kind: str = "") -> Any:
    """Return an element's stored result as an ionworks-schema result.

    Parameters
    ----------
    name : str
        The element's name (for the error's message).
    raw : dict or None
        The stored result.
    kind : str, optional
        The element's type (``"data_fit"``, ``"validation"``, ...).

    Returns
    -------
    ionworks_schema.BaseResults
        The result, of the class its ``type`` (or its shape) names.

    Raises
    ------
    IonworksError
        When a result naming its class does not read as that class (the
        installed ionworks-schema and the server disagree).
    MissingDependencyError
        When ionworks-schema is not installed.
    """
    iws = schema_module("A pipeline element's typed result")
    raw = raw if isinstance(raw, dict) else {}
    named = raw.get("type")
    if named in iws.results._REGISTRY:
        try:
            return iws.from_config(raw)
        except Exception as error:
            raise IonworksError(
                f"Could not decode the result of element {name!r} as {named!r}: "
                f"{error}. The installed ionworks-schema and the server disagree "
                "about this result type; upgrading ionworks-schema usually "
                "resolves it."
            ) from None
    cls = _class_of(iws, raw, kind.lower())
    fields = {key: value for key, value in raw.items() if key != "type"}
    try:
        return cls(**fields)
    except Exception:  # a shape the class refuses: its parameter values at least
        return iws.BaseResults(parameter_values=raw.get("parameter_values"))


def with_progress_cost(raw: Any, element: dict[str, Any]) -> Any:
    """Return a result with the element's best cost when it holds no cost."""
    best = (element.get("progress") or {}).get("best_cost")
    if not isinstance(raw, dict) or "cost" in raw or best is None:
        return raw
    return {**raw, "cost": best}
