"""Links into the Ionworks web app for records, built from the API's address.

The app's address follows the API's: ``api.ionworks.com`` is
``app.ionworks.com``, ``NAME-api.ionworks.com`` is ``NAME.ionworks.com``;
``IONWORKS_APP_URL`` overrides it. Only :meth:`AsyncUrlsClient.simulation`
sends a request (to find a simulation's model, when it is not given).
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from .._routes import RouteResource, route

__all__ = ["AsyncUrlsClient", "app_base_url"]

DEFAULT_APP_URL = "https://app.ionworks.com"


def app_base_url(api_url: str | None) -> str:
    """Return the web app's address for an API address."""
    override = os.getenv("IONWORKS_APP_URL")
    if override:
        return override.rstrip("/")
    host = urlsplit(api_url or "").hostname or ""
    found = re.fullmatch(r"([a-z0-9-]+)-api\.ionworks\.com", host)
    if found and host != "api.ionworks.com":
        return f"https://{found[1]}.ionworks.com"
    return DEFAULT_APP_URL


class AsyncUrlsClient(RouteResource):
    """Links to records in the web app (the public client's ``client.urls``).

    Each method takes the project last; without it the client's default
    project is used.

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    def _link(self, suffix: str, project_id: str | None) -> str:
        base = app_base_url(self._context.transport.settings.api_url)
        return f"{base}/projects/{self._project(project_id)}{suffix}"

    async def project(self, project_id: str | None = None) -> str:
        """Return the link to a project (its studies).

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return self._link("/studies", project_id)

    async def model(self, model_id: str, project_id: str | None = None) -> str:
        """Return the link to a model.

        Parameters
        ----------
        model_id : str
            The model's id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return self._link(f"/models/{model_id}", project_id)

    async def parameterized_model(
        self, parameterized_model_id: str, project_id: str | None = None
    ) -> str:
        """Return the link to a parameterized model.

        Parameters
        ----------
        parameterized_model_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return self._link(f"/parameterized-models/{parameterized_model_id}", project_id)

    async def optimization(
        self, optimization_id: str, project_id: str | None = None
    ) -> str:
        """Return the link to an optimization.

        Parameters
        ----------
        optimization_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return self._link(f"/optimizations/{optimization_id}", project_id)

    async def pipeline(self, pipeline_id: str, project_id: str | None = None) -> str:
        """Return the link to a pipeline.

        Parameters
        ----------
        pipeline_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return self._link(f"/pipelines/{pipeline_id}", project_id)

    async def study(self, study_id: str, project_id: str | None = None) -> str:
        """Return the link to a study.

        Parameters
        ----------
        study_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return self._link(f"/studies/{study_id}", project_id)

    async def simulation(
        self,
        simulation_id: str,
        parameterized_model_id: str | None = None,
        project_id: str | None = None,
    ) -> str:
        """Return the link to a simulation (its model is asked for if not given).

        Parameters
        ----------
        simulation_id : str
            Its id.
        parameterized_model_id : str, optional
            Its parameterized model; fetched with the simulation if not given.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.

        Raises
        ------
        ValueError
            When the simulation has no parameterized model.
        """
        if parameterized_model_id is None:
            path = route("/simulations/{simulation_id}", simulation_id=simulation_id)
            found = (await self._object("GET", path)).get("parameterized_model_id")
            if not found:
                raise ValueError(
                    f"Simulation {simulation_id} has no parameterized_model_id; "
                    "pass parameterized_model_id explicitly."
                )
            parameterized_model_id = str(found)
        return self._link(
            f"/parameterized-models/{parameterized_model_id}/simulations/"
            f"{simulation_id}",
            project_id,
        )

    async def protocol(self, protocol_id: str, project_id: str | None = None) -> str:
        """Return the link to a protocol.

        Parameters
        ----------
        protocol_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return self._link(f"/protocols/{protocol_id}", project_id)

    async def material(self, material_id: str, project_id: str | None = None) -> str:
        """Return the link to a material.

        Parameters
        ----------
        material_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return self._link(f"/materials/{material_id}", project_id)

    async def cell_specs(self, project_id: str | None = None) -> str:
        """Return the link to a project's cell specifications.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return self._link("/data/specs", project_id)

    async def cell_instances(self, spec_id: str, project_id: str | None = None) -> str:
        """Return the link to a specification's cell instances.

        Parameters
        ----------
        spec_id : str
            The specification's id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return self._link(f"/data/specs/{spec_id}/instances", project_id)

    async def measurement(
        self, measurement_id: str, project_id: str | None = None
    ) -> str:
        """Return the link to a measurement.

        Parameters
        ----------
        measurement_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        str
            The link.
        """
        return self._link(f"/data/measurements/{measurement_id}", project_id)
