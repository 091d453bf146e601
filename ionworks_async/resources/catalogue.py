"""The sub-clients that follow the public client route for route, declared.

``AsyncIonworks`` inherits them from :class:`RouteSubClients`: each is
imported when it is first used, so importing the client imports none of
their code or records (see :class:`~._base.SubClient`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base import SubClient

if TYPE_CHECKING:  # the lab's sub-clients are imported on first use
    from .lab import (
        AsyncChannelClient,
        AsyncCyclerClient,
        AsyncLabClient,
        AsyncPlannedMeasurementClient,
        AsyncProtocolClient,
        AsyncSiteClient,
    )
    from .materials import (
        AsyncElectrolyteClient,
        AsyncMaterialClient,
        AsyncMaterialPropertyDatasetClient,
    )
    from .modelling import (
        AsyncAnalysisClient,
        AsyncECMClient,
        AsyncJobClient,
        AsyncModelBuilderClient,
        AsyncModelClient,
        AsyncOptimizationClient,
        AsyncParameterizedModelClient,
        AsyncPipelineClient,
        AsyncSimplePipelineClient,
        AsyncSimulationClient,
        AsyncStudyClient,
    )
    from .organization import (
        AsyncOrganizationClient,
        AsyncSearchClient,
        AsyncUrlsClient,
    )


__all__ = ["RouteSubClients"]

_LAB = "ionworks_async.resources.lab."
_ORG = "ionworks_async.resources.organization."
_MATERIALS = "ionworks_async.resources.materials."
_MODELLING = "ionworks_async.resources.modelling."


class RouteSubClients:
    """The sub-clients of the lab, the organisation, materials and modelling."""

    site: SubClient[AsyncSiteClient] = SubClient(
        _LAB + "site:AsyncSiteClient", "Sites: the lab's locations, owning cyclers."
    )
    cycler: SubClient[AsyncCyclerClient] = SubClient(
        _LAB + "cycler:AsyncCyclerClient", "Cyclers: test equipment, with channels."
    )
    channel: SubClient[AsyncChannelClient] = SubClient(
        _LAB + "channel:AsyncChannelClient", "Channels of cyclers, and their outages."
    )
    lab: SubClient[AsyncLabClient] = SubClient(
        _LAB + "view:AsyncLabClient", "The lab view: channels and who is on them."
    )
    planned_measurement: SubClient[AsyncPlannedMeasurementClient] = SubClient(
        _LAB + "planned:AsyncPlannedMeasurementClient",
        "Planned measurements: tests to schedule.",
    )
    protocol: SubClient[AsyncProtocolClient] = SubClient(
        _LAB + "protocol:AsyncProtocolClient", "Protocols: saved test procedures."
    )
    organization: SubClient[AsyncOrganizationClient] = SubClient(
        _ORG + "organization:AsyncOrganizationClient",
        "The organisation: its members, their roles, and its usage.",
    )
    search: SubClient[AsyncSearchClient] = SubClient(
        _ORG + "search:AsyncSearchClient", "Search over the names of every record."
    )
    urls: SubClient[AsyncUrlsClient] = SubClient(
        _ORG + "urls:AsyncUrlsClient", "Links to records in the web app."
    )
    material: SubClient[AsyncMaterialClient] = SubClient(
        _MATERIALS + "material:AsyncMaterialClient", "Materials of a project."
    )
    study: SubClient[AsyncStudyClient] = SubClient(
        _MODELLING + "study:AsyncStudyClient", "Studies: simulations and data gathered."
    )
    job: SubClient[AsyncJobClient] = SubClient(
        _MODELLING + "job:AsyncJobClient", "Jobs of the hosted service, and results."
    )
    material_property_dataset: SubClient[AsyncMaterialPropertyDatasetClient] = (
        SubClient(
            _MATERIALS + "datasets:AsyncMaterialPropertyDatasetClient",
            "Tables of a material's measured properties.",
        )
    )
    analysis: SubClient[AsyncAnalysisClient] = SubClient(
        _MODELLING + "analyses:AsyncAnalysisClient",
        "Analyses: features extracted from a measurement.",
    )
    model: SubClient[AsyncModelClient] = SubClient(
        _MODELLING + "models:AsyncModelClient", "Models: PyBaMM models of a project."
    )
    parameterized_model: SubClient[AsyncParameterizedModelClient] = SubClient(
        _MODELLING + "parameterized:AsyncParameterizedModelClient",
        "Parameterized models: a model with its parameter values.",
    )
    optimization: SubClient[AsyncOptimizationClient] = SubClient(
        _MODELLING + "optimization:AsyncOptimizationClient",
        "Optimizations run by the hosted service.",
    )
    simulation: SubClient[AsyncSimulationClient] = SubClient(
        _MODELLING + "simulation:AsyncSimulationClient",
        "Simulations of protocols on parameterized models.",
    )
    model_builder: SubClient[AsyncModelBuilderClient] = SubClient(
        _MODELLING + "builders:AsyncModelBuilderClient",
        "Model builders: a model's parameters built from a cell's data.",
    )
    ecm: SubClient[AsyncECMClient] = SubClient(
        _MODELLING + "ecm:AsyncECMClient", "Equivalent-circuit (ECM) fits."
    )
    pipeline: SubClient[AsyncPipelineClient] = SubClient(
        _MODELLING + "pipeline:AsyncPipelineClient",
        "Pipelines: a cell model parameterised element by element.",
    )
    simple_pipeline: SubClient[AsyncSimplePipelineClient] = SubClient(
        _MODELLING + "simple_pipeline:AsyncSimplePipelineClient",
        "Simple pipelines (deprecated: use pipeline).",
    )
    electrolyte: SubClient[AsyncElectrolyteClient] = SubClient(
        _MATERIALS + "electrolyte:AsyncElectrolyteClient",
        "Electrolyte transport properties as PyBaMM parameters.",
    )
