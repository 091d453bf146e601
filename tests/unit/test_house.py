"""The plan of the house: one public surface, the import rules, resources built
from a context (httpx's ``test_exported_members`` is the model of the first).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy

import ionworks
import ionworks_async
from ionworks_async import EXPORTS, AsyncCellInstanceClient, AsyncIonworks, CellInstance
from ionworks_async._settings import Settings
from ionworks_async._transport import Request, Response, Transport
from ionworks_async.models import CellMeasurementDetail
from ionworks_async.models._base import structure_record
from ionworks_async.resources import ResourceContext

ROOT = Path(ionworks_async.__file__).parent
FACADE = Path(ionworks.__file__).parent

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
    "CellMeasurementDetail",
    "CellSpecification",
    "ConflictError",
    "DataFrameBackend",
    "Frame",
    "IonworksError",
    "IssueCode",
    "ItemFailure",
    "MeasurementProcessingError",
    "MeasurementTag",
    "MeasurementValidationError",
    "MeasurementValidationWarning",
    "MissingDependencyError",
    "NotFoundError",
    "PaginatedList",
    "PayloadTooLargeError",
    "Project",
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
    "validate_time_series",
]
SHARED = sorted({*SHARED, "Unknown"} - {"UnknownSentinel"})
ASYNC_ONLY = [
    "AsyncCellBatchClient",
    "AsyncCellInstanceClient",
    "AsyncCellMeasurementClient",
    "AsyncCellSpecificationClient",
    "AsyncIonworks",
    "AsyncProjectClient",
    "AsyncRawDataClient",
]
BLOCKING_ONLY = [
    "CellBatchClient",
    "CellInstanceClient",
    "CellMeasurementClient",
    "CellSpecificationClient",
    "Ionworks",
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


def test_no_resource_module_knows_the_client() -> None:
    for path in (ROOT / "resources").rglob("*.py"):
        assert "ionworks_async._client" not in _imports(path), path
        # and none reaches a private attribute of another object
        text = path.read_text()
        assert not re.search(r"\b(?!self\b|cls\b)[a-z_]+\._(?!_)\w+", _code(text)), path


def _code(text: str) -> str:
    """The source without docstrings and comments, for the attribute scan."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            node.value.value = ""
    code = ast.unparse(tree)
    # relative imports ("from .._base import") and module attributes are not objects
    return "\n".join(
        line for line in code.splitlines() if not line.lstrip().startswith("from ")
    )


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
