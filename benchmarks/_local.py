"""Run ionworks-local in a separate process for a benchmark."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

API_KEY = "bench-key"


@contextmanager
def local_server(*flags: str) -> Iterator[str]:
    """Start ``ionworks-local serve --in-memory`` with ``flags``; yield its URL.

    A separate process, as a real API would be: the server does not share the
    client's interpreter (and GIL).
    """
    command = [
        sys.executable,
        "-m",
        "ionworks_async.local.cli",
        "serve",
        "--in-memory",
        "--port",
        "0",
        "--api-key",
        API_KEY,
        *flags,
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        assert server.stdout is not None
        url = server.stdout.readline().split()[-1]
        try:
            yield url
        finally:
            server.terminate()
            server.wait(10)
