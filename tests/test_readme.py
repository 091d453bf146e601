"""Every Python example in the README runs, as a user would run it."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

from .fake_api import API_KEY, FakeApi

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


async def test_readme_python_examples_run(
    fake_api: tuple[FakeApi, str], tmp_path: Path
) -> None:
    fake, url = fake_api
    fake.add_instance("inst", 3)
    blocks = python_blocks()
    assert blocks, "the README should have Python examples"
    env = {
        **os.environ,
        "IONWORKS_API_KEY": API_KEY,
        "IONWORKS_API_URL": url,
        "CELL_INSTANCE_ID": "inst",
    }
    for index, code in enumerate(blocks):
        script = tmp_path / f"example_{index}.py"
        script.write_text(code)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(script),
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
        assert process.returncode == 0, f"example {index} failed:\n{stderr.decode()}"
        if "detail(" in code:
            assert "cell inst: 3 measurements" in stdout.decode()
