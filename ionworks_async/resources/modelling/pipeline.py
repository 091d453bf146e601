"""Pipelines: a cell model parameterised by the hosted service, element by element.

A pipeline's configuration is an ionworks-schema ``Pipeline`` or its dict.
With ionworks-schema installed (``pip install "ionworks-async[pipeline]"``),
a dict is read by its ``Pipeline`` and sent as its canonical form, as the
public client does; without it, a dict is sent as given and the service
checks it. Either way its values are made JSON as the public client makes
them (:mod:`.outbound`).
"""

from __future__ import annotations

import builtins
import re
from typing import Any

from ..._runtime.threads import run_in_thread
from ...errors import IonworksError, ResponseValidationError
from ...models.pages import PaginatedList
from ...models.pipelines import (
    PipelineResponse,
    PipelineSubmissionResponse,
    with_source,
)
from .._records_api import parse_page
from .._routes import RouteResource, plain_pairs, route
from .job import AsyncJobClient
from .outbound import canonical_config, given_or_taken, outbound, renaming
from .pipeline_elements import ElementSource
from .polling import wait_until_ended

__all__ = ["AsyncPipelineClient"]

PIPELINES = "/pipelines"
PIPELINE = PIPELINES + "/{pipeline_id}"
_UUID = re.compile(r'invalid input syntax for type uuid: "([^"]*)"')


class AsyncPipelineClient(RouteResource):
    """Client for pipelines (the public client's ``client.pipeline``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def create(
        self,
        config: Any,
        *,
        project_id: str | None = None,
        name: str | None = None,
        description: str | None = None,
        options: dict[str, Any] | None = None,
    ) -> PipelineSubmissionResponse:
        """Submit a pipeline to run.

        Parameters
        ----------
        config : ionworks_schema.Pipeline or dict
            Its elements; a dict may also hold ``project_id``, ``options``,
            ``name`` and ``description`` (the arguments win).
        project_id : str, optional
            The project (default: the client's).
        name, description : str, optional
            Its name and description (default: the config's).
        options : dict, optional
            Runtime options (``{"live_progress_updates": True}``).

        Returns
        -------
        PipelineSubmissionResponse
            The submitted pipeline (its ``id`` and ``status``).

        Raises
        ------
        ValueError
            For a config that is not valid, a project id that is not a UUID, or
            a project the key cannot reach.
        """
        if isinstance(config, dict):
            config = dict(config)
            fields = given_or_taken(
                config,
                project_id=project_id,
                options=options,
                name=name,
                description=description,
            )
            project_id, options = fields["project_id"], fields["options"]
            name, description = fields["name"], fields["description"]
        else:
            name = name if name is not None else getattr(config, "name", None)
            if description is None:
                description = getattr(config, "description", None)
        project = self._project(project_id)
        run = run_in_thread()  # ionworks-schema's import, files read: off the loop
        payload = await run(canonical_config, config)
        payload["project_id"] = project
        payload["options"] = options or {}
        if name is not None:
            payload["name"] = name
        if description is not None:
            payload["description"] = description
        try:
            body = await run(outbound, payload)
            return await self._one(
                "POST", PIPELINES, PipelineSubmissionResponse, body=body
            )
        except IonworksError as error:
            found = _UUID.search(str(error.message))
            if found:
                raise ValueError(
                    f"Invalid project_id format: '{found.group(1)}' is not a valid "
                    "UUID. Please provide a valid project ID from your project "
                    "settings page."
                ) from error
            if error.status_code == 403 or error.error_code == "FORBIDDEN":
                raise ValueError(
                    f"Access denied: The project '{project}' is not accessible with "
                    "your API key. Please verify that your API key has access to "
                    "this project."
                ) from error
            raise

    async def update(
        self,
        pipeline_id: str,
        name: str | None = None,
        description: str | None = None,
    ) -> PipelineSubmissionResponse:
        """Rename a pipeline, or change its description.

        Parameters
        ----------
        pipeline_id : str
            Its id.
        name, description : str, optional
            The new values (at least one).

        Returns
        -------
        PipelineSubmissionResponse
            The updated pipeline.
        """
        path = route(PIPELINE, pipeline_id=pipeline_id)
        body = renaming(name, description)
        return await self._one("PATCH", path, PipelineSubmissionResponse, body=body)

    async def list(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        id: str | None = None,
        name: str | None = None,
        description: str | None = None,
        status: str | None = None,
        created_by_email: str | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
        created_at_gt: str | None = None,
        created_at_lt: str | None = None,
        updated_at_gt: str | None = None,
        updated_at_lt: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[PipelineSubmissionResponse]:
        """List a project's pipelines: one page, the filters as the API takes them.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.
        id, name, description, status, created_by_email : str, optional
            Filters, in the API's words (``"eq.x"``, ``"ilike.%x%"``).
        created_at, updated_at : str, optional
            Times to match.
        created_at_gt, created_at_lt, updated_at_gt, updated_at_lt : str, optional
            Times to follow or precede.
        order_by, order : str, optional
            The order.

        Returns
        -------
        PaginatedList of PipelineSubmissionResponse
            The page.
        """
        params = plain_pairs(
            project_id=self._project(project_id),
            limit=limit,
            skip=offset,
            id=id,
            name=name,
            description=description,
            status=status,
            created_by_email=created_by_email,
            created_at=created_at,
            updated_at=updated_at,
            created_at_gt=created_at_gt,
            created_at_lt=created_at_lt,
            updated_at_gt=updated_at_gt,
            updated_at_lt=updated_at_lt,
            order_by=order_by,
            order=order,
        )
        answer = await self._json("GET", PIPELINES, params=params)
        if isinstance(answer, dict):
            if not isinstance(answer.get("pipelines"), list):
                raise ResponseValidationError(
                    f"The Ionworks API answered GET {PIPELINES} without a list of "
                    "'pipelines'.",
                    method="GET",
                    path=PIPELINES,
                )
            answer = {**answer, "items": answer["pipelines"]}
        page = parse_page(answer, PipelineSubmissionResponse, "GET", PIPELINES)
        if page.total is None:
            page.total = len(page)
        return page

    async def get(self, job_id: str) -> PipelineSubmissionResponse:
        """Return a pipeline's state.

        Parameters
        ----------
        job_id : str
            The pipeline's id.

        Returns
        -------
        PipelineSubmissionResponse
            Its state.
        """
        path = route(PIPELINE, pipeline_id=job_id)
        return await self._one("GET", path, PipelineSubmissionResponse)

    async def result(self, job_id: str) -> PipelineResponse:
        """Return a finished pipeline's result.

        Parameters
        ----------
        job_id : str
            The pipeline's id.

        Returns
        -------
        PipelineResponse
            Its result and each element's (``element(name)``, ``results``).
        """
        path = route(PIPELINE, pipeline_id=job_id) + "/result"
        response = await self._one("GET", path, PipelineResponse)
        jobs = AsyncJobClient(self._context)
        source = ElementSource(jobs, job_id, lambda: self._elements(job_id))
        return with_source(response, source)

    async def cancel(self, pipeline_id: str) -> PipelineSubmissionResponse:
        """Cancel a pipeline.

        Parameters
        ----------
        pipeline_id : str
            Its id.

        Returns
        -------
        PipelineSubmissionResponse
            Its state.
        """
        path = route(PIPELINE, pipeline_id=pipeline_id) + "/cancel"
        return await self._one("POST", path, PipelineSubmissionResponse, body={})

    async def delete(self, pipeline_id: str) -> None:
        """Delete a pipeline.

        Parameters
        ----------
        pipeline_id : str
            Its id.
        """
        await self._delete(route(PIPELINE, pipeline_id=pipeline_id))

    async def _elements(self, pipeline_id: str) -> builtins.list[dict[str, Any]]:
        path = route(PIPELINE, pipeline_id=pipeline_id) + "/elements"
        found = await self._array("GET", path, what="pipeline elements")
        return [element for element in found if isinstance(element, dict)]

    async def _element_job(
        self,
        pipeline_id: str,
        element_name: str,
        elements: builtins.list[dict[str, Any]] | None,
    ) -> str:
        if elements is None:
            elements = await self._elements(pipeline_id)
        for element in elements:
            if element.get("name") == element_name:
                job_id = element.get("job_id")
                if not job_id:
                    raise ValueError(
                        f"Element '{element_name}' in pipeline {pipeline_id} has no "
                        "associated job — it may not have run yet."
                    )
                return str(job_id)
        raise ValueError(
            f"No element named '{element_name}' found in pipeline {pipeline_id}."
        )

    async def get_element_metadata(
        self,
        pipeline_id: str,
        element_name: str,
        elements: builtins.list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Return the metadata of an element's job.

        Parameters
        ----------
        pipeline_id : str
            The pipeline.
        element_name : str
            The element.
        elements : list of dict, optional
            The pipeline's elements, if already read (saves a request).

        Returns
        -------
        dict
            The job's metadata.
        """
        job_id = await self._element_job(pipeline_id, element_name, elements)
        return await AsyncJobClient(self._context).get_metadata(job_id)

    async def get_element_series_channels(
        self,
        pipeline_id: str,
        element_name: str,
        elements: builtins.list[dict[str, Any]] | None = None,
    ) -> dict[str, dict[str, builtins.list[str]]]:
        """Return the series an element's job holds: objective, source, columns.

        Parameters
        ----------
        pipeline_id : str
            The pipeline.
        element_name : str
            The element.
        elements : list of dict, optional
            The pipeline's elements, if already read.

        Returns
        -------
        dict
            Objective to source to column names.
        """
        job_id = await self._element_job(pipeline_id, element_name, elements)
        return await AsyncJobClient(self._context).get_series_channels(job_id)

    async def get_element_series(
        self,
        pipeline_id: str,
        element_name: str,
        objective: str,
        elements: builtins.list[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> dict[str, builtins.list[Any]]:
        """Return columns of one of an element's series.

        Parameters
        ----------
        pipeline_id : str
            The pipeline.
        element_name : str
            The element.
        objective : str
            The objective.
        elements : list of dict, optional
            The pipeline's elements, if already read.
        **kwargs
            As ``client.job.get_series`` takes them (``source``, ``columns``,
            ``x_column``, ``max_points``, ``x_min``, ``x_max``).

        Returns
        -------
        dict
            Column name to values.
        """
        job_id = await self._element_job(pipeline_id, element_name, elements)
        jobs = AsyncJobClient(self._context)
        return await jobs.get_series(job_id, objective, **kwargs)

    async def wait_for_completion(
        self,
        pipeline_id: str,
        timeout: int = 600,
        poll_interval: int = 2,
        verbose: bool = True,
        raise_on_failure: bool = True,
    ) -> PipelineSubmissionResponse:
        """Wait until a pipeline ends.

        Polls under the deadline, waiting longer between polls (from
        ``poll_interval`` up to four times it); cancelling the call stops it.

        Parameters
        ----------
        pipeline_id : str
            Its id.
        timeout : float, optional
            Seconds to wait in all. Defaults to 600.
        poll_interval : float, optional
            Seconds before the second poll. Defaults to 2.
        verbose : bool, optional
            Log each status (``logging``, at INFO).
        raise_on_failure : bool, optional
            Raise when it failed. Defaults to True.

        Returns
        -------
        PipelineSubmissionResponse
            Its final state.

        Raises
        ------
        IonworksError
            When it failed (``error_code`` ``JOB_FAILED``).
        TimeoutError
            When it has not ended by the deadline.
        """
        found: PipelineSubmissionResponse = await wait_until_ended(
            lambda: self.get(pipeline_id),
            f"Pipeline {pipeline_id}",
            timeout=timeout,
            poll_interval=poll_interval,
            verbose=verbose,
            raise_on_failure=raise_on_failure,
        )
        return found
