"""The blocking facade: parity with the async core, and the private loop's behaviour."""

from __future__ import annotations

import asyncio
import inspect
import os
import subprocess
import sys
import textwrap
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ionworks
import ionworks_async
from ionworks import Ionworks, NotFoundError
from ionworks._codegen import _public_methods, blocking_doc
from ionworks_async import AsyncIonworks

from ..support.local_api import API_KEY, TIME_SERIES, LocalApi

PAIRS = [
    (ionworks.CellSpecificationClient, ionworks_async.AsyncCellSpecificationClient),
    (ionworks.CellBatchClient, ionworks_async.AsyncCellBatchClient),
    (ionworks.CellInstanceClient, ionworks_async.AsyncCellInstanceClient),
    (ionworks.CellMeasurementClient, ionworks_async.AsyncCellMeasurementClient),
]


def run_script(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "always::ResourceWarning", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )


# -- generated signatures -----------------------------------------------------


def _spelled_out(function: Callable[..., Any]) -> inspect.Signature:
    """The signature with ``**filters: Unpack[TD]`` written as TD's keywords."""
    signature = inspect.signature(function)
    parameters: list[inspect.Parameter] = []
    for parameter in signature.parameters.values():
        if parameter.kind is not parameter.VAR_KEYWORD:
            parameters.append(parameter)
            continue
        name = str(parameter.annotation).removeprefix("Unpack[").removesuffix("]")
        typed_dict = inspect.unwrap(function).__globals__[name]
        for key, annotation in typed_dict.__annotations__.items():
            parameters.append(
                inspect.Parameter(
                    key,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=None,
                    annotation=annotation.__forward_arg__,
                )
            )
    return signature.replace(parameters=parameters)


def _builtins_unqualified(signature: inspect.Signature) -> inspect.Signature:
    """Read ``builtins.list[str]`` as ``list[str]``.

    The generator qualifies a builtin that a blocking method of the same name
    shadows in the class body (``CellMeasurementClient.list``); it is the same
    type.
    """

    def plain(annotation: Any) -> Any:
        if isinstance(annotation, str):
            return annotation.replace("builtins.", "")
        return annotation

    return signature.replace(
        parameters=[
            parameter.replace(annotation=plain(parameter.annotation))
            for parameter in signature.parameters.values()
        ],
        return_annotation=plain(signature.return_annotation),
    )


@pytest.mark.parametrize(("sync_class", "async_class"), PAIRS)
def test_every_async_method_has_a_blocking_twin_with_the_same_signature(
    sync_class: type, async_class: type
) -> None:
    names = [name for name, _ in _public_methods(async_class)]
    assert names, "expected public methods"
    for name in names:
        async_method = getattr(async_class, name)
        sync_method = getattr(sync_class, name)
        expected = _spelled_out(async_method)
        if inspect.isasyncgenfunction(async_method):
            returns = expected.return_annotation.replace("AsyncIterator[", "Iterator[")
            expected = expected.replace(return_annotation=returns)
        assert _builtins_unqualified(inspect.signature(sync_method)) == expected, name
        expected_doc = blocking_doc(inspect.getdoc(async_method))
        assert inspect.getdoc(sync_method) == expected_doc, name
        assert not inspect.iscoroutinefunction(sync_method)


def test_client_signature_matches_async_client() -> None:
    assert inspect.signature(Ionworks.__init__) == inspect.signature(
        AsyncIonworks.__init__
    )


def test_generated_file_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ionworks._codegen", "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout


def test_check_fails_with_a_diff_on_a_stale_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ionworks import _codegen

    stale = tmp_path / "_generated.py"
    stale.write_text(
        _codegen.TARGET.read_text().replace("def detail(", "def detail_old(", 1)
    )
    monkeypatch.setattr(_codegen, "TARGET", stale)
    assert _codegen.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "-    def detail_old(" in out and "+    def detail(" in out


def test_a_new_async_method_needs_no_sync_code(monkeypatch: pytest.MonkeyPatch) -> None:
    from ionworks import _codegen

    async def archive(self: Any, cell_instance_id: str, *, reason: str = "old") -> None:
        """Archive an instance."""

    monkeypatch.setattr(
        ionworks_async.AsyncCellInstanceClient, "archive", archive, raising=False
    )
    text = _codegen.generate()
    assert (
        "    def archive(\n        self,\n        cell_instance_id: str,\n        *,\n"
        in text
    )
    signature_end = '        reason: str = "old",\n    ) -> None:\n'
    assert signature_end + '        """Archive an instance."""' in text


def test_seed_reference_is_constructible() -> None:
    from ionworks.cell_batch import CellBatchClient
    from ionworks.cell_instance import CellInstanceClient

    client = Ionworks(api_key="k", api_url="http://127.0.0.1:9")
    sub = CellInstanceClient(client)
    assert isinstance(sub, ionworks.CellInstanceClient)
    assert isinstance(client.cell_batch, CellBatchClient)
    assert client.measurement is client.cell_measurement
    client.close()
    client.close()
    assert client.closed


# -- parity: the same behaviour through both clients ---------------------------


SCENARIOS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("cell_instance.get", ("inst",), {}),
    ("cell_instance.detail", ("inst",), {}),
    ("cell_instance.detail", ("inst",), {"include_time_series": False}),
    ("cell_measurement.list", ("inst",), {"limit": 2}),
    ("cell_measurement.get", ("inst-m1",), {}),
    ("cell_measurement.detail", ("inst-m1",), {}),
    ("cell_measurement.steps", ("inst-m0",), {}),
    ("cell_measurement.cycles", ("inst-m0",), {}),
    ("measurement.time_series", ("inst-m2",), {}),
    (
        "cell_measurement.create_or_get",
        (
            "inst",
            {"measurement": {"name": "measurement 0"}, "time_series": TIME_SERIES},
        ),
        {},
    ),
    ("cell_instance.get", ("missing",), {}),
]


def resolve(client: object, path: str) -> Callable[..., Any]:
    target: Any = client
    for part in path.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


def outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("ok", call())
    except ionworks.IonworksError as error:
        return ("error", type(error), error.status_code, error.message, error.path)


@pytest.mark.parametrize(
    ("path", "args", "kwargs"), SCENARIOS, ids=[s[0] for s in SCENARIOS]
)
def test_blocking_and_async_give_equal_results(
    threaded_api: tuple[LocalApi, str],
    path: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    _, url = threaded_api
    with Ionworks(API_KEY, url) as blocking:
        blocking_result = outcome(lambda: resolve(blocking, path)(*args, **kwargs))

    async def run_async() -> Any:
        async with AsyncIonworks(API_KEY, url) as client:
            try:
                return ("ok", await resolve(client, path)(*args, **kwargs))
            except ionworks.IonworksError as error:
                return (
                    "error",
                    type(error),
                    error.status_code,
                    error.message,
                    error.path,
                )

    assert blocking_result == asyncio.run(run_async())


def test_iter_all_is_a_blocking_iterator_closed_on_break(
    threaded_api: tuple[LocalApi, str],
) -> None:
    api, url = threaded_api
    api.add_instance("big", 250)
    with Ionworks(API_KEY, url) as client:
        every = list(client.cell_measurement.iter_all("big"))
        assert [m.id for m in every] == [f"big-m{i}" for i in range(250)]
        before = api.counts["/cell_instances/{id}/cell_measurements"]
        for index, _ in enumerate(client.cell_measurement.iter_all("big")):
            if index == 5:
                break
        assert api.counts["/cell_instances/{id}/cell_measurements"] == before + 1


# -- the private loop ---------------------------------------------------------


async def test_blocking_call_inside_a_running_event_loop(
    threaded_api: tuple[LocalApi, str],
) -> None:
    _, url = threaded_api
    asyncio.get_running_loop()  # as in a notebook cell or a pytest-asyncio test
    with Ionworks(API_KEY, url) as client:
        assert client.cell_instance.get("inst").id == "inst"


def test_blocking_call_on_the_private_loop_thread_raises(
    threaded_api: tuple[LocalApi, str],
) -> None:
    _, url = threaded_api
    with Ionworks(API_KEY, url) as client:

        async def misuse() -> Any:
            return client.cell_instance.get("inst")

        with pytest.raises(RuntimeError, match="AsyncIonworks"):
            ionworks._loop.run(misuse())
        assert client.cell_instance.get("inst").id == "inst"  # still fine


def test_sixteen_threads_share_one_client(threaded_api: tuple[LocalApi, str]) -> None:
    api, url = threaded_api
    for index in range(16):
        api.add_instance(f"t{index}", 0)
    failures: list[str] = []
    with Ionworks(API_KEY, url) as client:

        def work(index: int) -> None:
            for _ in range(50):
                instance = client.cell_instance.get(f"t{index}")
                if instance.id != f"t{index}":
                    failures.append(instance.id)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert not failures
    assert api.counts["/cell_instances/{id}"] == 16 * 50


def test_exceptions_arrive_unchanged_with_the_callers_line(
    threaded_api: tuple[LocalApi, str],
) -> None:
    _, url = threaded_api
    with Ionworks(API_KEY, url) as client, pytest.raises(NotFoundError) as caught:
        client.cell_instance.get("missing")  # the caller's line
    error = caught.value
    assert type(error) is NotFoundError and error.status_code == 404
    assert (
        error.path == "/cell_instances/missing"
        and error.message == "Cell instance 'missing' not found"
    )
    frames = traceback.extract_tb(error.__traceback__)
    assert any(
        frame.filename == __file__ and "the caller's line" in (frame.line or "")
        for frame in frames
    )


def test_ctrl_c_cancels_the_in_flight_request(
    threaded_api: tuple[LocalApi, str],
) -> None:
    api, url = threaded_api
    api.hang_time_series = {"inst-m0"}
    result = run_script(
        f"""
        import os, signal, sys, threading, time
        from ionworks import Ionworks
        client = Ionworks({API_KEY!r}, {url!r})
        sent = []
        def interrupt():
            time.sleep(0.5)
            sent.append(time.monotonic())
            os.kill(os.getpid(), signal.SIGINT)
        threading.Thread(target=interrupt, daemon=True).start()
        try:
            client.cell_measurement.time_series("inst-m0")
        except KeyboardInterrupt:
            print(f"interrupted {{time.monotonic() - sent[0]:.3f}}")
        time.sleep(0.5)
        print(client.cell_instance.get("inst").id)
        client.close()
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "interrupted"  # the hang was cut short
    assert result.stdout.split()[2] == "inst"
    events = [name for name, _ in api.events]
    assert events == ["disconnect", "get_instance"]  # cancelled before the next call
    assert (
        api.counts["/cell_measurements/{id}/time_series/download"] == 1
    )  # never re-sent
    assert "Traceback" not in result.stderr and "Unclosed" not in result.stderr


def test_fork_child_uses_the_parents_client(threaded_api: tuple[LocalApi, str]) -> None:
    _, url = threaded_api
    result = run_script(
        f"""
        import os
        from ionworks import Ionworks
        client = Ionworks({API_KEY!r}, {url!r})
        assert client.cell_instance.get("inst").id == "inst"
        pid = os.fork()
        if pid == 0:
            try:
                ok = client.cell_instance.detail("inst").id == "inst"
            except BaseException as error:
                print("child failed:", repr(error))
                os._exit(1)
            os._exit(0 if ok else 2)
        _, status = os.waitpid(pid, 0)
        print("child", os.waitstatus_to_exitcode(status))
        print("parent", client.cell_instance.get("inst").id)
        client.close()
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["child", "0", "parent", "inst"], result.stdout


def test_unclosed_client_is_cleaned_up_at_exit_silently(
    threaded_api: tuple[LocalApi, str],
) -> None:
    _, url = threaded_api
    result = run_script(
        f"""
        from ionworks import Ionworks
        client = Ionworks({API_KEY!r}, {url!r})
        print(len(client.cell_instance.detail("inst").measurements))
        """
    )
    assert result.returncode == 0 and result.stdout.strip() == "3"
    assert result.stderr == ""
