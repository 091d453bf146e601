"""Records of parameterisation pipelines and their (deprecated) simple form."""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

from ._base import Record, register_record
from .pipeline_results import typed_result

__all__ = [
    "CalculationResponse",
    "DataFitResponse",
    "EntryResponse",
    "PipelineResponse",
    "PipelineSubmissionResponse",
    "SimplePipelineSubmissionResponse",
    "with_source",
]

S = TypeVar("S", "PipelineResponse", "SimplePipelineSubmissionResponse")

_NO_PLOTS = (
    "SimplePipeline {id} stored no model-vs-data plot data, so there is nothing "
    "to draw. A SimplePipeline data fit stores an overlay only when the pipeline "
    "includes a Validation element — add one, or run the same elements as a full "
    "Pipeline, whose data fit validates its best-fit parameters and stores the "
    "overlay itself."
)


@register_record
@attrs.define(kw_only=True, repr=False)
class PipelineSubmissionResponse(Record):
    """A pipeline submitted to the hosted service: its state."""

    SUMMARY = ("id", "name", "status")

    id: str
    name: str
    status: str
    is_terminal: bool
    is_failed: bool
    description: str | None = None
    error: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class PipelineResponse(Record):
    """A finished pipeline's result, and each element's typed result.

    ``element(name)`` and ``results`` need ionworks-schema (``pip install
    "ionworks-async[pipeline]"``); they read the pipeline's elements once.
    From a coroutine, ``await response.load()`` first (a blocking read there
    would stop the event loop it needs); elsewhere — a script, the blocking
    client, a worker thread — they read them when first asked.
    """

    SUMMARY = ("element_results",)

    result: dict[str, Any]
    element_results: dict[str, Any]
    _source: Any = attrs.field(default=None, init=False, repr=False, eq=False)

    def _elements(self) -> Any:
        source = getattr(self, "_source", None)
        if source is None:
            raise ValueError(
                "PipelineResponse has no client/pipeline context; typed results "
                "are only available from PipelineClient.result()."
            )
        return source

    async def load(self) -> PipelineResponse:
        """Read the pipeline's elements, so that ``element()`` need not wait.

        Returns
        -------
        PipelineResponse
            This response.
        """
        await self._elements().load()
        return self

    def element(self, name: str) -> Any:
        """Return one element's result, typed (an ionworks-schema result).

        Parameters
        ----------
        name : str
            The element's name in the pipeline.

        Returns
        -------
        ionworks_schema.BaseResults
            Its result; a data fit's and a validation's read their trace,
            overlay and series from the API when first asked.

        Raises
        ------
        ValueError
            When no element has this name.
        """
        return self._elements().result(name, self.element_results.get(name))

    @property
    def results(self) -> dict[str, Any]:
        """Every element's typed result, by name (see :meth:`element`)."""
        return {name: self.element(name) for name in self.element_results}


@register_record
@attrs.define(kw_only=True, repr=False)
class SimplePipelineSubmissionResponse(Record):
    """A simple pipeline (deprecated: use a pipeline) and, once done, its result."""

    SUMMARY = ("id", "name", "status")

    id: str
    project_id: str
    organization_id: str
    status: str
    created_at: str
    updated_at: str
    is_terminal: bool
    is_failed: bool
    user_id: str | None = None
    name: str | None = None
    description: str | None = None
    created_by_email: str | None = None
    job_id: str | None = None
    error: str | None = None
    error_code: str | None = None
    config_path: str | None = None
    result: dict[str, Any] | None = None
    _source: Any = attrs.field(default=None, init=False, repr=False, eq=False)

    @property
    def result_object(self) -> Any:
        """The result, typed: an ionworks-schema result (see ``PipelineResponse``)."""
        result = typed_result(self.name or "result", self.result)
        source = getattr(self, "_source", None)
        if source is not None:
            source.attach(result, self.job_id)
        result.explain_no_plots(_NO_PLOTS.format(id=self.id))
        return result


@register_record
@attrs.define(kw_only=True, repr=False)
class DataFitResponse(Record):
    """The parameter values a data fit found."""

    SUMMARY = ("parameter_values",)

    parameter_values: dict[str, Any]


@register_record
@attrs.define(kw_only=True, repr=False)
class CalculationResponse(Record):
    """The parameter values a calculation produced."""

    SUMMARY = ("parameter_values",)

    parameter_values: dict[str, Any]


@register_record
@attrs.define(kw_only=True, repr=False)
class EntryResponse(Record):
    """The parameter values a direct entry gave."""

    SUMMARY = ("parameter_values",)

    parameter_values: dict[str, Any]


def with_source(record: S, source: Any) -> S:
    """Return ``record``, its typed results reading through ``source``.

    ``source`` holds the client's jobs and the pipeline's elements
    (:class:`~ionworks_async.resources.modelling.pipeline_elements.ElementSource`).
    """
    record._source = source
    return record
