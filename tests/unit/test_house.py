"""The plan of the house: one public surface, the import rules, resources built
from a context (httpx's ``test_exported_members`` is the model of the first).
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import aiohttp
import pytest
from multidict import CIMultiDict, CIMultiDictProxy

import ionworks
import ionworks_async
from ionworks_async import EXPORTS, AsyncCellInstanceClient, AsyncIonworks, CellInstance
from ionworks_async._transport import Request, Response, Transport
from ionworks_async._transport.settings import Settings
from ionworks_async.models import CellMeasurementDetail
from ionworks_async.models._base import structure_record
from ionworks_async.resources import ResourceContext

ROOT = Path(ionworks_async.__file__).parent
FACADE = Path(ionworks.__file__).parent

CACHE_SWITCHES = [
    "clear_cache",
    "get_cache_directory",
    "get_cache_enabled",
    "get_cache_ttl",
    "set_cache_directory",
    "set_cache_enabled",
    "set_cache_ttl",
]
SHARED = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "BatchResult",
    "CellBatch",
    "CellInstance",
    "CellInstanceDetail",
    "CellMeasurement",
    "CellMeasurementBundle",
    "CellMeasurementBundleResponse",
    "CellMeasurementDetail",
    "CellSpecification",
    "ConflictError",
    "DataFrameBackend",
    "Frame",
    "InviteResult",
    "IonworksError",
    "IssueCode",
    "ItemFailure",
    "MeasurementProcessingError",
    "MeasurementTag",
    "MeasurementTagUsage",
    "MeasurementType",
    "MeasurementValidationError",
    "MeasurementValidationWarning",
    "MissingDependencyError",
    "NotAvailableError",
    "NotFoundError",
    "PaginatedList",
    "PayloadTooLargeError",
    "Project",
    "ProjectRoleInfo",
    "PermissionDeniedError",
    "RateLimitError",
    "RawData",
    "ResponseValidationError",
    "ServerError",
    "StepsAndCycles",
    "Success",
    "TLSVerificationError",
    "Table",
    "UnknownSentinel",
    "UnprocessableEntityError",
    "ValidationIssue",
    "__version__",
    "get_dataframe_backend",
    "set_dataframe_backend",
    "validate_measurement_data",
    "validate_time_series",
    *CACHE_SWITCHES,
]
SHARED = sorted({*SHARED, "Unknown"} - {"UnknownSentinel"})
ASYNC_ONLY = [
    "AsyncCellBatchClient",
    "AsyncCellInstanceClient",
    "AsyncCellMeasurementClient",
    "AsyncCellSpecificationClient",
    "AsyncIonworks",
    "AsyncNavigator",
    "AsyncProjectClient",
    "AsyncRawDataClient",
]
BLOCKING_ONLY = [
    "CellBatchClient",
    "CellInstanceClient",
    "CellMeasurementClient",
    "CellSpecificationClient",
    "Ionworks",
    "Navigator",
    "ProjectClient",
    "RawDataClient",
]


def test_exported_members_of_the_async_package() -> None:
    assert ionworks_async.__all__ == sorted([*SHARED, *ASYNC_ONLY])
    for name in ionworks_async.__all__:
        assert name in dir(ionworks_async)
        assert getattr(ionworks_async, name) is not None


def test_exported_members_of_the_blocking_package() -> None:
    assert ionworks.__all__ == sorted([*SHARED, *BLOCKING_ONLY])
    for name in ionworks.__all__:
        assert name in dir(ionworks), name
        value = getattr(ionworks, name)
        if name in ionworks_async.__all__:
            assert value is getattr(ionworks_async, name)


def test_lazily_loaded_names_are_listed_before_first_use() -> None:
    # A fresh interpreter: nothing touched yet, dir() lists them all.
    import subprocess
    import sys

    code = (
        "import ionworks, ionworks_async;"
        "names = ['validate_time_series', 'IssueCode', 'BatchResult',"
        " 'MeasurementValidationError', '__version__'];"
        "print(all(n in dir(ionworks) and n in dir(ionworks_async) for n in names))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "True", result.stderr


def _type_checking_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            return {
                alias.asname or alias.name
                for statement in node.body
                if isinstance(statement, ast.ImportFrom)
                for alias in statement.names
            }
    return set()


def test_the_type_checkers_view_is_the_table_of_exports() -> None:
    assert _type_checking_names(ROOT / "__init__.py") == set(EXPORTS)
    blocking = _type_checking_names(FACADE / "__init__.py")
    assert blocking == {name for name in EXPORTS if not name.startswith("Async")}


def test_records_and_details_list_their_flat_fields() -> None:
    instance = structure_record(
        {"id": "i1", "name": "cell", "cell_specification_id": "s1", "colour": "red"},
        CellInstance,
    )
    assert "colour" in dir(instance) and instance.colour == "red"
    measurement = structure_record(
        {"id": "m1", "name": "run", "protocol": "CCCV", "cell_instance_id": "i1"},
        ionworks_async.CellMeasurement,
    )
    detail = CellMeasurementDetail(measurement=measurement)
    listed = dir(detail)
    assert {"protocol", "cell_instance_id", "steps", "measurement"} <= set(listed)
    assert detail.protocol == "CCCV"


# -- the import rules ---------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, type-only imports included."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


@functools.cache
def _graph() -> dict[str, set[str]]:
    files = {_module_name(path): path for path in ROOT.rglob("*.py")}
    return {
        name: {target for target in _imports(path) if target in files} - {name}
        for name, path in files.items()
    }


def test_the_import_graph_has_no_circle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == []


def _folder(module: str) -> str:
    """The top-level entry of ``ionworks_async`` a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _folder_graph() -> dict[str, set[str]]:
    """Which top-level folders (and modules) import which, every import counted.

    Lazy imports inside functions and ``TYPE_CHECKING`` ones count too. The
    package's ``__init__`` (the table of public names, which names every
    folder for type checkers) stands above them all and is left out.
    """
    graph: dict[str, set[str]] = {}
    for module, targets in _graph().items():
        if module == "ionworks_async":
            continue
        here = _folder(module)
        graph.setdefault(here, set()).update(
            _folder(target) for target in targets if _folder(target) != here
        )
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return circles


def test_every_arrow_between_folders_points_down() -> None:
    graph = _folder_graph()
    assert "__init__" not in {t for targets in graph.values() for t in targets}
    assert _circles(graph) == []


def test_the_client_never_imports_the_server_nor_the_facade() -> None:
    for module, targets in _graph().items():
        if _folder(module) != "local":
            assert not [t for t in targets if _folder(t) == "local"], module
    for path in ROOT.rglob("*.py"):
        imported = {name.split(".")[0] for name in _imports(path)}
        assert "ionworks" not in imported, path  # the blocking facade is above


LAYERS = [
    ("errors", "_runtime"),
    ("display", "tables", "types", "analysis"),
    ("validation", "read", "pipeline", "models"),
    ("_transport", "_arguments", "_cache", "bulk"),
    ("resources",),
    ("_client",),
    ("ingest", "_cli", "local", "__main__"),
]
"""The folders from the bottom up; each imports only those of lower rows (or
its own row's that this list puts before it)."""


def test_the_folders_stand_in_their_layers() -> None:
    order = [folder for row in LAYERS for folder in row]
    assert sorted(order) == sorted(
        {_folder(_module_name(path)) for path in ROOT.rglob("*.py")} - {"__init__"}
    )
    for folder, targets in _folder_graph().items():
        below = set(order[: order.index(folder)])
        assert targets <= below, (folder, sorted(targets - below))


def _private_module_reaches() -> list[tuple[str, str]]:
    """(importer, module): a private module of another folder imported."""
    reaches = set()
    for module, targets in _graph().items():
        for target in targets:
            inner = target.split(".")[2:]
            if _folder(target) != _folder(module) and any(
                part.startswith("_") and not part.startswith("__") for part in inner
            ):
                reaches.add((module, target))
    return sorted(reaches)


def test_few_imports_reach_into_another_folders_private_modules() -> None:
    assert len(_private_module_reaches()) <= 40, _private_module_reaches()


GENERATED = {"ionworks_async.resources._generated"}


def test_no_module_is_over_450_lines_and_the_top_is_small() -> None:
    long = {
        _module_name(path): len(path.read_text().splitlines())
        for path in ROOT.rglob("*.py")
    }
    assert {m: n for m, n in long.items() if n > 450 and m not in GENERATED} == {}
    entries = [p.name for p in ROOT.iterdir() if p.name != "__pycache__"]
    assert len(entries) <= 22, sorted(entries)


def test_no_resource_module_knows_the_client() -> None:
    for path in (ROOT / "resources").rglob("*.py"):
        assert "ionworks_async._client" not in _imports(path), path
        # and none reaches a private attribute of another object
        assert _private_reaches(path) == [], path


def _private_reaches(path: Path) -> list[str]:
    """``thing._private`` attributes of objects other than ``self`` and ``cls``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (
                isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            )
        ):
            found.append(ast.unparse(node))
    return found


def test_the_generated_facade_imports_only_public_modules() -> None:
    imported = {
        node.module
        for node in ast.walk(ast.parse((FACADE / "_generated.py").read_text()))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    private = {
        module
        for module in imported
        if module.startswith("ionworks_async") and "._" in module
    }
    assert private == set()


# -- a resource from a context ----------------------------------------------


async def test_a_resource_is_built_from_a_context_and_a_fake_transport() -> None:
    seen: list[Request] = []

    async def answer(
        session: aiohttp.ClientSession,
        request: Request,
        *,
        headers: object,
        timeout: object,
        proxy: object,
    ) -> Response:
        seen.append(request)
        body = b'{"id": "i1", "name": "cell", "cell_specification_id": "s1"}'
        return Response(
            200, CIMultiDictProxy(CIMultiDict()), body, request.method, request.url
        )

    transport = Transport(
        Settings(
            api_url="https://api.test", api_key="k", token=None, organization_id=None
        ),
        timeout=10.0,
        download_timeout=300.0,
        max_retries=0,
        max_concurrency=4,
        send=answer,
    )
    context = ResourceContext(
        transport=transport,
        data_cache=None,
        dataframe_backend="table",
        project_id=None,
        max_concurrency=4,
    )
    try:
        instance = await AsyncCellInstanceClient(context).get("i1")
    finally:
        await transport.aclose()
    assert instance.id == "i1" and instance.name == "cell"
    assert [(r.method, r.url.path) for r in seen] == [("GET", "/cell_instances/i1")]


def test_the_documented_constructor_reads_the_context_from_the_client() -> None:
    client = AsyncIonworks(api_key="k", api_url="https://api.test", cache_dir=False)
    resource = AsyncCellInstanceClient(client)
    assert repr(resource) == f"AsyncCellInstanceClient({client!r})"
    assert client.cell_measurement is client.measurement
    assert client.cell_instance is client.cell_instance  # built once


# -- what each folder offers the others ---------------------------------------

FOLDER_SURFACES = {
    "_arguments": [],
    "_cache": [
        "CACHE_DIR_VARIABLE",
        "DEFAULT_CACHE_MAX_BYTES",
        "DataCache",
        "FLUSH_WAIT_SECONDS",
        *sorted([*CACHE_SWITCHES, "default_cache_dir", "resolve_cache_dir"]),
    ],
    "_cli": ["main"],
    "_runtime": [],
    "_transport": [
        "Attempt",
        "AttemptFailed",
        "Body",
        "CallBudget",
        "MultipartTarget",
        "ProxyResolver",
        "QueryParams",
        "Request",
        "Response",
        "Retrier",
        "SentFile",
        "StorageTarget",
        "Transport",
        "Verify",
        "attempt",
        "body_size",
        "decode_json",
        "encode_body",
        "encode_json",
        "error_from_response",
        "iso_datetime",
        "put_stored",
        "signature",
        "tls_setting",
    ],
    "analysis": [
        "SeriesError",
        "cycle_metrics",
        "dqdv",
        "dvdq",
        "plot_dqdv",
        "plot_fade",
        "plot_voltage_capacity",
        "select",
        "specific",
        "steps_and_cycles",
        "summarize",
        "voltage_capacity",
    ],
    "bulk": [
        "BatchResult",
        "ByteProgress",
        "ItemFailure",
        "ItemSource",
        "Progress",
        "ProgressReporter",
        "Success",
        "Unknown",
        "reporter",
        "run_batch",
    ],
    "display": [
        "call_repr",
        "frame_shape",
        "html_table",
        "html_value",
        "in_notebook",
        "ipython_shell",
        "shape_text",
        "short",
        "shown",
    ],
    "ingest": [
        "FileOutcome",
        "FolderReport",
        "LabReport",
        "Plan",
        "ingest_folder",
        "ingest_plan",
        "plan_folder",
    ],
    "local": ["LocalServer", "serve"],
    "models": [
        "Analysis",
        "AnalysisColumnSpec",
        "AnalysisType",
        "AutoScheduleAssignment",
        "AutoScheduleProposal",
        "BuildResult",
        "BuilderReadiness",
        "CalculationResponse",
        "CellBatch",
        "CellInstance",
        "CellInstanceDetail",
        "CellMeasurement",
        "CellMeasurementBundle",
        "CellMeasurementBundleResponse",
        "CellMeasurementDetail",
        "CellSpecification",
        "Channel",
        "ChannelIncident",
        "ChannelState",
        "ColumnSpec",
        "ComputeUsage",
        "ConvertResult",
        "Cycler",
        "CyclerDetail",
        "CyclerServiceEvent",
        "DataFitResponse",
        "EcmFitJob",
        "EntryResponse",
        "FitResults",
        "FlatChannel",
        "InviteResult",
        "JobCreationPayload",
        "JobResponse",
        "KNOWN_ANALYSIS_TYPES",
        "LabChannel",
        "LabCycler",
        "LabMeasurementSummary",
        "LabSite",
        "LabStatus",
        "Material",
        "MaterialPropertyDataset",
        "MeasurementTag",
        "MeasurementTagUsage",
        "MeasurementType",
        "Model",
        "ModelBuilder",
        "Optimization",
        "OrganizationMember",
        "OrganizationUsage",
        "PaginatedList",
        "ParameterizedModel",
        "ParsedProtocol",
        "PipelineResponse",
        "PipelineSubmissionResponse",
        "PlannedMeasurement",
        "PlannedMeasurementStatus",
        "Project",
        "ProjectMembership",
        "ProjectRoleInfo",
        "Protocol",
        "RawData",
        "RcPairFit",
        "ReadinessIssue",
        "ReadinessReport",
        "Record",
        "SaveToProjectResponse",
        "SearchResponse",
        "SearchResult",
        "SimplePipelineSubmissionResponse",
        "SimulationResponse",
        "SimulationResult",
        "SimulationUsage",
        "Site",
        "SiteDetail",
        "StepsAndCycles",
        "Study",
        "Utilization",
        "ValidationResults",
        "ZooImport",
    ],
    "pipeline": [
        "Batches",
        "NATIVE_IN_MEMORY_BYTES",
        "Prepared",
        "RowDigest",
        "SPOOL_BYTES",
        "copy_with_digest",
        "file_digest",
        "parquet_bytes",
        "prepare",
        "rows_digest",
        "source_batches",
        "validate_measurement_data",
        "validate_time_series",
        "with_file_fields",
    ],
    "read": [
        "CorruptFileError",
        "CyclerFileError",
        "Inspection",
        "READERS",
        "UnknownFormatError",
        "arbin",
        "arbin_eis",
        "arbin_res",
        "basytec",
        "bdf",
        "biologic",
        "biologic_csv",
        "biologic_mpt",
        "convert_file",
        "csv",
        "detect_reader",
        "digatron",
        "gamry",
        "inspect_file",
        "keep_required_columns",
        "maccor",
        "measurement_details",
        "metadata",
        "neware",
        "novonix",
        "parquet",
        "repower",
        "start_time",
        "time_series",
        "time_series_and_steps",
    ],
    "resources": [
        "AsyncCellBatchClient",
        "AsyncCellInstanceClient",
        "AsyncCellMeasurementClient",
        "AsyncCellSpecificationClient",
        "AsyncNavigator",
        "AsyncProjectClient",
        "AsyncRawDataClient",
        "HasContext",
        "Navigable",
        "ResourceContext",
    ],
    "tables": [
        "DataFrameBackend",
        "Frame",
        "MissingDependencyError",
        "Table",
        "TableSource",
        "get_dataframe_backend",
        "set_dataframe_backend",
    ],
    "validation": [
        "ALWAYS_ON_CHECK_NAMES",
        "CheckOptions",
        "DATA_TYPES",
        "IssueCode",
        "MeasurementValidationError",
        "MeasurementValidationWarning",
        "STRICT_CHECK_NAMES",
        "SignVote",
        "TimeSeriesChecker",
        "ValidationIssue",
        "ValidationIssues",
        "check_options",
        "errors_in",
    ],
}
"""Each folder's ``__all__``: what it offers the others (pinned, as the top)."""


def test_each_folders_surface_is_pinned() -> None:
    import importlib

    folders = sorted(
        path.name
        for path in ROOT.iterdir()
        if path.is_dir() and (path / "__init__.py").exists()
    )
    assert folders == sorted(FOLDER_SURFACES)
    for folder, names in FOLDER_SURFACES.items():
        module = importlib.import_module(f"ionworks_async.{folder}")
        assert sorted(module.__all__) == names, folder
        assert all(hasattr(module, name) for name in names), folder


# -- the readers: one module a format -----------------------------------------


def test_a_reader_module_takes_its_building_blocks_from_one_place() -> None:
    readers = ROOT / "read" / "readers"
    for path in readers.glob("*.py"):
        if path.name == "__init__.py":
            continue
        inside = {
            target
            for target in _imports(path)
            if target.startswith("ionworks_async") and target.count(".") >= 2
        }
        modules = {t for t in inside if t in _graph()}
        outside = {
            module
            for module in modules
            if module != "ionworks_async.read.toolkit"
            and not module.startswith("ionworks_async.read.readers")  # a sibling
        }
        assert outside == set(), path.name


def test_the_registry_finds_every_reader_and_its_folder_names() -> None:
    from ionworks_async.ingest.plan import is_cycler_folder
    from ionworks_async.read.readers import FOLDER_NAMES, READERS

    modules = {
        path.stem
        for path in (ROOT / "read" / "readers").glob("*.py")
        if path.name != "__init__.py"
    }
    assert {type(reader).__module__.rpartition(".")[2] for reader in READERS} == (
        modules
    )
    assert [reader.order for reader in READERS] == sorted(r.order for r in READERS)
    generic = [reader.key for reader in READERS if reader.order >= 900]
    assert generic == ["csv", "parquet"]  # tried last
    for reader in READERS:
        for name in reader.folder_names:
            assert name in FOLDER_NAMES
            assert is_cycler_folder(name.title()) and is_cycler_folder(f"{name}-2")
    assert not is_cycler_folder("cell-07")


def test_the_readme_lists_every_reader_key() -> None:
    from ionworks_async.read.readers import READERS

    readme = (ROOT.parent / "README.md").read_text()
    table = readme.split("| cycler | files | reader key |", 1)[1].split("\n\n", 1)[0]
    keys = {
        key
        for row in table.strip().splitlines()[1:]
        for key in re.findall(r"`([^`]+)`", row.rsplit("|", 2)[1])
    }
    assert keys == {reader.key for reader in READERS}


# -- the declared resources ---------------------------------------------------


def test_the_declared_resources_code_is_what_the_generator_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ionworks_async.resources._declared import codegen

    assert codegen.TARGET.read_text() == codegen.generate()
    stale = tmp_path / "_generated.py"
    stale.write_text(
        codegen.TARGET.read_text().replace("async def get(", "async def got(", 1)
    )
    monkeypatch.setattr(codegen, "TARGET", stale)
    assert codegen.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "-    async def got(" in out and "+    async def get(" in out


def test_a_declared_method_keeps_its_words_and_its_hooks() -> None:
    import inspect

    from ionworks_async.resources import AsyncCellBatchClient, AsyncProjectClient
    from ionworks_async.resources._generated import PlainCellBatches

    # The generated method is the one the client has (its hooks overridden).
    assert AsyncCellBatchClient.get.__qualname__.startswith("PlainCellBatches.")
    assert inspect.getdoc(AsyncCellBatchClient.create_or_get).startswith(
        "Create a lot, or get the specification's lot of that name."
    )
    assert AsyncCellBatchClient._same_name("Lot A", "lot a")  # case-insensitive
    assert not PlainCellBatches._same_name("Lot A", "lot a")
    parameters = inspect.signature(AsyncProjectClient.create).parameters
    assert parameters["data"].default is None  # declared optional
