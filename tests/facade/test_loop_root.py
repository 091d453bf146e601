"""The private loop runs one root task: anyio finds it once, never scanning again.

A bare ``run_forever()`` loop has no task started by ``run_until_complete``,
so anyio looked through every running task at each hand-off to a worker
thread (23 % of the blocking client's busy time at 500 measurements). The
loop now runs a root task until exit.
"""

from __future__ import annotations

import asyncio
from typing import Any

import anyio
import pytest

from ionworks._loop import run


def test_hand_offs_to_threads_do_not_scan_the_loops_tasks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from anyio._backends import _asyncio as backend

    scans: list[int] = []
    real = backend.all_tasks

    def counted(*args: Any) -> Any:
        scans.append(1)
        return real(*args)

    async def hand_offs() -> int:
        busy = [asyncio.ensure_future(asyncio.sleep(1)) for _ in range(50)]
        try:
            for _ in range(20):
                await anyio.to_thread.run_sync(lambda: None)
        finally:
            for task in busy:
                task.cancel()
        return len(scans)

    run(hand_offs())  # the first hand-off of the loop may look once
    monkeypatch.setattr(backend, "all_tasks", counted)
    assert run(hand_offs()) == 0
