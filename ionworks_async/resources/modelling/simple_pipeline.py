"""Simple pipelines (deprecated): one expensive element, run by the hosted service.

Every method warns (``DeprecationWarning``, at the caller's line) and does
what the public client's does: use ``client.pipeline`` instead.
"""

from __future__ import annotations

from typing import Any

from ..._runtime.threads import run_in_thread
from ..._runtime.user_warnings import warn_user
from ...models.pages import PaginatedList
from ...models.pipeline_results import installed_schema
from ...models.pipelines import SimplePipelineSubmissionResponse, with_source
from .._records_api import parse_record
from .._routes import RouteResource, plain_pairs, route
from .job import AsyncJobClient
from .outbound import given_or_taken, outbound, renaming
from .pipeline_elements import ElementSource
from .polling import wait_until_ended

__all__ = ["AsyncSimplePipelineClient"]

SIMPLE_PIPELINES = "/simple_pipelines"
SIMPLE_PIPELINE = SIMPLE_PIPELINES + "/{simple_pipeline_id}"
MIGRATION_GUIDE_URL = (
    "https://docs.ionworks.com/build/parameterize/api#migrating-to-pipeline"
)


def _deprecated(method: str) -> None:
    warn_user(
        f"client.simple_pipeline.{method}() is deprecated and will be removed in a "
        f"future release. Use client.pipeline.{method}() instead, passing an "
        "iws.Pipeline rather than an iws.SimplePipeline; its runs appear in the "
        "Ionworks web app. Results are read differently and a few arguments are "
        f"keyword-only, so see the migration guide: {MIGRATION_GUIDE_URL}",
        DeprecationWarning,
    )


def _config_dict(config: Any) -> dict[str, Any]:
    if isinstance(config, dict):
        return dict(config)
    iws = installed_schema()
    if iws is not None and isinstance(config, iws.Pipeline):
        return dict(config.to_config())
    raise TypeError(
        "SimplePipelineClient.create expects an ionworks_schema.SimplePipeline or "
        f"a dict, got {type(config).__name__}"
    )


class AsyncSimplePipelineClient(RouteResource):
    """Client for simple pipelines (the public client's ``client.simple_pipeline``).

    Deprecated there and here: use ``client.pipeline``.

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    def _record(self, answer: Any, method: str, path: str) -> Any:
        record = parse_record(answer, SimplePipelineSubmissionResponse, method, path)
        return with_source(record, ElementSource(AsyncJobClient(self._context)))

    async def _send(
        self, method: str, path: str, body: Any = None
    ) -> SimplePipelineSubmissionResponse:
        answer = await self._json(method, path, body=body)
        record: SimplePipelineSubmissionResponse = self._record(answer, method, path)
        return record

    async def create(
        self,
        config: Any,
        project_id: str | None = None,
        name: str | None = None,
        description: str | None = None,
        options: dict[str, Any] | None = None,
    ) -> SimplePipelineSubmissionResponse:
        """Submit a simple pipeline (deprecated: ``client.pipeline.create``).

        Parameters
        ----------
        config : ionworks_schema.SimplePipeline or dict
            Its elements; a dict may also hold ``project_id``, ``options``,
            ``name`` and ``description`` (the arguments win).
        project_id : str, optional
            The project (default: the client's).
        name, description : str, optional
            Its name and description.
        options : dict, optional
            Runtime options.

        Returns
        -------
        SimplePipelineSubmissionResponse
            The submitted pipeline.
        """
        _deprecated("create")
        run = run_in_thread()  # ionworks-schema's import, files read: off the loop
        config = await run(_config_dict, config)
        fields = given_or_taken(
            config,
            project_id=project_id,
            options=options,
            name=name,
            description=description,
        )
        body: dict[str, Any] = {
            "project_id": self._project(fields["project_id"]),
            "config": await run(outbound, config),
        }
        body |= {
            key: fields[key]
            for key in ("name", "description", "options")
            if fields[key] is not None
        }
        return await self._send("POST", SIMPLE_PIPELINES, body)

    async def update(
        self,
        simple_pipeline_id: str,
        name: str | None = None,
        description: str | None = None,
    ) -> SimplePipelineSubmissionResponse:
        """Rename a simple pipeline, or change its description (deprecated).

        Parameters
        ----------
        simple_pipeline_id : str
            Its id.
        name, description : str, optional
            The new values (at least one).

        Returns
        -------
        SimplePipelineSubmissionResponse
            The updated pipeline.
        """
        _deprecated("update")
        body = renaming(name, description)
        path = route(SIMPLE_PIPELINE, simple_pipeline_id=simple_pipeline_id)
        return await self._send("PATCH", path, body)

    async def get(self, simple_pipeline_id: str) -> SimplePipelineSubmissionResponse:
        """Return a simple pipeline's state and result (deprecated).

        Parameters
        ----------
        simple_pipeline_id : str
            Its id.

        Returns
        -------
        SimplePipelineSubmissionResponse
            Its state.
        """
        _deprecated("get")
        return await self._get(simple_pipeline_id)

    async def _get(self, simple_pipeline_id: str) -> SimplePipelineSubmissionResponse:
        path = route(SIMPLE_PIPELINE, simple_pipeline_id=simple_pipeline_id)
        return await self._send("GET", path)

    async def list(
        self,
        project_id: str | None = None,
        limit: int = 10,
        offset: int = 0,
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
        order_by: str = "created_at",
        order: str = "desc",
    ) -> PaginatedList[SimplePipelineSubmissionResponse]:
        """List a project's simple pipelines: one page (deprecated).

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page. Default to 10 and 0.
        name, description, status, created_by_email : str, optional
            Filters, in the API's words.
        created_at, updated_at : str, optional
            Times to match.
        created_at_gt, created_at_lt, updated_at_gt, updated_at_lt : str, optional
            Times to follow or precede.
        order_by, order : str, optional
            The order. Default to ``"created_at"``, ``"desc"``.

        Returns
        -------
        PaginatedList of SimplePipelineSubmissionResponse
            The page.
        """
        _deprecated("list")
        params = plain_pairs(
            project_id=self._project(project_id),
            limit=limit,
            offset=offset,
            order_by=order_by,
            order=order,
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
        )
        page = await self._page(
            SIMPLE_PIPELINES, SimplePipelineSubmissionResponse, params
        )
        source = ElementSource(AsyncJobClient(self._context))
        for record in page:
            with_source(record, source)
        return page

    async def cancel(self, simple_pipeline_id: str) -> SimplePipelineSubmissionResponse:
        """Cancel a simple pipeline (deprecated).

        Parameters
        ----------
        simple_pipeline_id : str
            Its id.

        Returns
        -------
        SimplePipelineSubmissionResponse
            Its state.
        """
        _deprecated("cancel")
        path = route(SIMPLE_PIPELINE, simple_pipeline_id=simple_pipeline_id)
        return await self._send("POST", path + "/cancel", {})

    async def delete(self, simple_pipeline_id: str) -> None:
        """Delete a simple pipeline (deprecated).

        Parameters
        ----------
        simple_pipeline_id : str
            Its id.
        """
        _deprecated("delete")
        path = route(SIMPLE_PIPELINE, simple_pipeline_id=simple_pipeline_id)
        await self._delete(path)

    async def wait_for_completion(
        self,
        simple_pipeline_id: str,
        timeout: int = 600,
        poll_interval: int = 2,
        verbose: bool = True,
        raise_on_failure: bool = True,
    ) -> SimplePipelineSubmissionResponse:
        """Wait until a simple pipeline ends (deprecated).

        Polls under the deadline, backing off as ``client.pipeline``'s does.

        Parameters
        ----------
        simple_pipeline_id : str
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
        SimplePipelineSubmissionResponse
            Its final state.
        """
        _deprecated("wait_for_completion")
        found: SimplePipelineSubmissionResponse = await wait_until_ended(
            lambda: self._get(simple_pipeline_id),
            f"SimplePipeline {simple_pipeline_id}",
            timeout=timeout,
            poll_interval=poll_interval,
            verbose=verbose,
            raise_on_failure=raise_on_failure,
        )
        return found
