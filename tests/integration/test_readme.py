"""The README's examples (and its docs/ pages') run, as a user would run them."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from ionworks_async.local import serve

README = Path(__file__).resolve().parents[2] / "README.md"
PAGES = [README, *sorted((README.parent / "docs").glob("*.md"))]
"""The front door and the pages it links to: every Python block of each runs."""


def python_blocks() -> list[str]:
    return [
        code
        for page in PAGES
        for code in re.findall(r"```python\n(.*?)```", page.read_text(), re.DOTALL)
    ]


def bash_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README.read_text(), flags=re.DOTALL)


SERVICES = ("web.Application()", "FastAPI(")
"""What marks a service's example: it serves rather than runs to an end."""


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_python_example_runs(
    index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = python_blocks()[index]
    if any(mark in code for mark in SERVICES):
        _serves_with_one_client(code, monkeypatch)
        return
    if "def test_" in code:
        script = tmp_path / f"test_example_{index}.py"
        script.write_text(code)
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(script),
        ]
        result = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "1 passed" in result.stdout
        return
    script = tmp_path / f"example_{index}.py"
    script.write_text(code)
    _runs_twice_as_it_says(script, code, tmp_path)


EXAMPLES = sorted((README.parent / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_script_runs(path: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")  # examples/plots.py draws
    _runs_twice_as_it_says(path, path.read_text(), tmp_path)


def _runs_twice_as_it_says(script: Path, code: str, cwd: Path) -> None:
    """Run a script twice against one ionworks-local; check what it prints."""
    with serve(in_memory=True) as server:
        env = dict(os.environ)
        env.update(IONWORKS_API_KEY=server.api_key, IONWORKS_API_URL=server.url)
        # Twice against one server, as a notebook user re-runs a cell by habit.
        for run in ("first", "second"):
            result = subprocess.run(
                [sys.executable, str(script)],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, (
                f"{script.name} failed on its {run} run:\n{result.stderr}"
            )
            assert result.stderr == ""
            # Where the example says what it prints (``print(x)  # output``),
            # it does.
            for line in code.splitlines():
                printed = re.match(r"\s*print\(.*\)\s+#\s+(.+)$", line)
                if printed and "items in" not in printed.group(1):  # timings vary
                    assert printed.group(1) in result.stdout, (
                        run,
                        printed.group(1),
                        result.stdout,
                    )


def test_every_page_the_readme_links_to_is_there_and_linked() -> None:
    linked = set(re.findall(r"\]\((docs/[^)]+)\)", README.read_text()))
    assert linked == {f"docs/{page.name}" for page in PAGES[1:]}


def test_quick_start_commands_are_the_ones_tested() -> None:
    quick_start = bash_blocks()[0].strip().splitlines()
    assert quick_start == [
        'python -m pip install -e ".[data]" && ionworks-local demo',
        'python -m pip install -e ".[dev]" && python -m pytest',
    ]
    ci = (README.parent / ".ci" / "run").read_text()
    assert "\npython -m pytest\n" in ci  # CI runs the README's test command


def test_quick_start_main_command_runs() -> None:
    command = Path(sys.executable).parent / "ionworks-local"
    assert command.exists(), "the ionworks-local console script is not installed"
    result = subprocess.run(
        [str(command), "demo"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "demo finished: every step worked" in result.stdout


def test_the_ingest_commands_run_on_a_lab_folder(tmp_path: Path) -> None:
    import json
    import shutil

    (block,) = [b for b in bash_blocks() if "ionworks ingest ./lab" in b]
    commands = [line.split("#")[0].split() for line in block.strip().splitlines()]
    lab = tmp_path / "lab" / "Maccor" / "cell-1"
    lab.mkdir(parents=True)
    (tmp_path / "lab" / "spec.json").write_text(json.dumps({"name": "README lab"}))
    data = Path(__file__).resolve().parents[1] / "data" / "cyclers" / "maccor"
    shutil.copy(data / "PredictionDiagnostics_000109_tztest.010", lab)
    script = Path(sys.executable).parent / "ionworks"
    with serve(in_memory=True, api_keys=["readme-key"]) as server:
        env = {
            **os.environ,
            "IONWORKS_API_KEY": "readme-key",
            "IONWORKS_API_URL": server.url,
        }
        outputs = []
        for command in commands:
            assert command[0] == "ionworks"
            done = subprocess.run(
                [str(script), *command[1:]],
                capture_output=True,
                text=True,
                cwd=tmp_path,
                env=env,
                timeout=120,
            )
            assert done.returncode == 0, done.stdout + done.stderr
            outputs.append(done.stdout)
    assert "cell 'cell-1' (folder lab/Maccor/cell-1)" in outputs[0]
    assert json.loads(outputs[1])["counts"]["ingested"] == 1


def _serves_with_one_client(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start a service's example, ask it twice, stop it: one client throughout."""
    from ionworks import Ionworks

    with serve(in_memory=True) as server:
        monkeypatch.setenv("IONWORKS_API_KEY", server.api_key)
        monkeypatch.setenv("IONWORKS_API_URL", server.url)
        with Ionworks() as setup:
            spec = setup.cell_spec.create_or_get({"name": "served"})
            cell = setup.cell_instance.create_or_get(spec.id, {"name": "served-1"})
        namespace: dict[str, Any] = {"__name__": "readme_service"}
        exec(compile(code, str(README), "exec"), namespace)  # as an import would
        app = namespace["app"]
        if "FastAPI(" in code:
            with warnings.catch_warnings():  # Starlette's advice about httpx
                warnings.filterwarnings("ignore", "Using `httpx` with")
                from fastapi.testclient import TestClient

            with TestClient(app) as http:
                for _ in range(2):
                    answer = http.get(f"/cells/{cell.id}")
                    assert answer.status_code == 200, answer.text
                    assert answer.json()["instance"]["name"] == "served-1"
                client = app.state.ionworks
                assert not client.closed
        else:
            client = asyncio.run(_ask_aiohttp(app, namespace["IONWORKS"], cell.id))
        assert client.closed  # closed when the service stopped


async def _ask_aiohttp(app: Any, key: Any, cell_id: str) -> Any:
    from aiohttp.test_utils import TestClient, TestServer

    async with TestClient(TestServer(app)) as http:
        for _ in range(2):
            answer = await http.get(f"/cells/{cell_id}")
            assert answer.status == 200, await answer.text()
            assert (await answer.json())["instance"]["name"] == "served-1"
        client = app[key]
        assert not client.closed
    return client
