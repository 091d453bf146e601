"""Records of equivalent-circuit (ECM) fits: jobs, results, validations."""

from __future__ import annotations

from typing import Any

import attrs

from ._base import Record, register_record

__all__ = [
    "EcmFitJob",
    "FitResults",
    "RcPairFit",
    "SaveToProjectResponse",
    "ValidationResults",
]


@register_record
@attrs.define(kw_only=True, repr=False)
class RcPairFit(Record):
    """One RC pair's curves over state of charge: resistance, capacitance, tau."""

    SUMMARY = ("r", "c")

    r: list[float]
    c: list[float]
    tau: list[float]


@register_record
@attrs.define(kw_only=True, repr=False)
class FitResults(Record):
    """An ECM fit: its error, the model against the data, and its curves."""

    SUMMARY = ("rmse_mV", "num_rcs")

    rmse_mV: float
    num_rcs: int
    time: list[float]
    data_voltage: list[float]
    model_voltage: list[float]
    soc: list[float]
    ocv: list[float]
    r0: list[float]
    rc_pairs: list[RcPairFit] | None = attrs.field(factory=list)
    ocv_provided: bool = False
    capacity_Ah: list[float] | None = None

    def to_api_payload(self) -> dict[str, Any]:
        """Return the curves the API saves or validates."""
        return {
            "soc": self.soc,
            "ocv": self.ocv,
            "r0": self.r0,
            "rc_pairs": [
                {"r": pair.r, "c": pair.c, "tau": pair.tau}
                for pair in self.rc_pairs or []
            ],
            "capacity_Ah": self.capacity_Ah,
        }


@register_record
@attrs.define(kw_only=True, repr=False)
class EcmFitJob(Record):
    """A submitted ECM fit: its job's id and first status."""

    SUMMARY = ("job_id", "status")

    job_id: str
    status: str


@register_record
@attrs.define(kw_only=True, repr=False)
class SaveToProjectResponse(Record):
    """A fit saved as a model and a parameterized model."""

    SUMMARY = ("model_id", "parameterized_model_id")

    model_id: str
    parameterized_model_id: str


@register_record
@attrs.define(kw_only=True, repr=False)
class ValidationResults(Record):
    """An ECM re-simulated on a held-out trace: its errors and the traces."""

    SUMMARY = ("rmse_mV", "max_mV", "model_source")

    rmse_mV: float
    mae_mV: float
    max_mV: float
    num_rcs: int
    capacity_Ah: list[float]
    initial_soc: float
    model_source: str
    time: list[float]
    data_voltage: list[float]
    model_voltage: list[float]
    residual_mV: list[float]
