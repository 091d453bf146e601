"""Progress of a batch: a bar, a plain counter, or the caller's own callable.

A callable given by the caller is user code: it runs in a worker thread,
never on the event loop, so it may print, write files or call the blocking
client. Its calls are delivered one at a time, in order, none skipped,
without holding the batch back; the batch waits for the last one before it
returns.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections import deque
from collections.abc import Callable
from importlib.util import find_spec
from typing import Any, TextIO

from .._runtime.threads import run_in_thread
from ..display import in_notebook
from ..types import Progress

__all__ = ["ByteProgress", "Progress", "ProgressReporter", "reporter"]

logger = logging.getLogger("ionworks")

Snapshot = tuple[int, int | None, int]


class ProgressReporter:
    """Receives ``(done, total, failed)`` after each item; closed at the end."""

    def report(self, done: int, total: int | None, failed: int) -> None:
        """Record progress (called on the event loop; never blocks)."""

    async def aclose(self) -> None:
        """Deliver what is pending and finish the display."""


class _Counter:
    """A one-line progress counter, for when tqdm is not installed."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.last = 0.0
        self.latest: Snapshot | None = None

    def show(self, done: int, total: int | None, failed: int) -> None:
        self.latest = (done, total, failed)
        now = time.monotonic()
        if now - self.last >= 0.1 or done == total:
            self.last = now
            self._render(done, total, failed, now)

    def _render(self, done: int, total: int | None, failed: int, now: float) -> None:
        rate = done / max(now - self.started, 1e-9)
        text = f"\r{done}" + (f"/{total}" if total is not None else "")
        text += f" done, {failed} failed, {rate:.1f}/s"
        if total is not None and rate > 0:
            text += f", ETA {max(total - done, 0) / rate:.0f} s"
        self.stream.write(text + "   ")
        self.stream.flush()

    def close(self) -> None:
        if self.latest is not None:
            self._render(*self.latest, time.monotonic())
        self.stream.write("\n")
        self.stream.flush()


def bar_class() -> Any:
    """Return the tqdm class to draw with, or ``None`` for the plain line.

    In a notebook: tqdm's widget when ipywidgets is installed, else ``None``
    (tqdm's text bar there warns and draws a red block). Elsewhere, tqdm's
    text bar when tqdm is installed.
    """
    try:
        if in_notebook():
            if find_spec("ipywidgets") is None:
                return None
            from tqdm.notebook import tqdm as widget

            return widget
        from tqdm import tqdm as text

        return text
    except ImportError:
        return None


def _line_stream() -> TextIO:
    """Where the plain line goes: stdout in a notebook (no red), else stderr."""
    return sys.stdout if in_notebook() else sys.stderr


class _Shown:
    """A tqdm bar; in a notebook, a widget that leaves its last line behind.

    A notebook saves a widget's state only when asked to, so a saved notebook
    would show the bar as first drawn (``0% 0/11``). Closing puts the final
    figures in the widget's place, as text, which every notebook saves.
    """

    def __init__(self, tqdm: Any, **options: Any) -> None:
        self.handle: Any = None
        if tqdm.__module__ != "tqdm.notebook":
            self.bar = tqdm(**options)
            return
        from IPython.display import display

        self.bar = tqdm(display=False, **options)
        self.handle = display(self.bar.container, display_id=True)  # type: ignore[no-untyped-call]

    def close(self) -> None:
        self.bar.close()
        if self.handle is not None:
            self.handle.update({"text/plain": str(self.bar)}, raw=True)


class _Bar(_Shown):
    """A tqdm bar: a widget in notebooks, text elsewhere (see :func:`bar_class`)."""

    def __init__(self, tqdm: Any, total: int | None) -> None:
        super().__init__(tqdm, total=total, unit="item")

    def show(self, done: int, total: int | None, failed: int) -> None:
        self.bar.update(done - self.bar.n)
        self.bar.set_postfix(failed=failed, refresh=False)


def _display(total: int | None) -> _Bar | _Counter:
    """Make the display (in a worker thread: tqdm's import and a widget are slow)."""
    tqdm = bar_class()
    return _Counter(_line_stream()) if tqdm is None else _Bar(tqdm, total)


class _Drawn(ProgressReporter):
    """A bar or a line, made and drawn in a worker thread, never on the loop.

    Drawing shows the latest figures: those that came while a drawing was
    under way are skipped for the newest (a bar shows where the batch is).
    """

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.display: _Bar | _Counter | None = None
        self.latest: Snapshot | None = None
        self.drawing: asyncio.Task[None] | None = None
        self.report(0, total, 0)

    def report(self, done: int, total: int | None, failed: int) -> None:
        self.latest = (done, total, failed)
        if self.drawing is None or self.drawing.done():
            self.drawing = asyncio.ensure_future(self._draw())

    async def _draw(self) -> None:
        while self.latest is not None:
            snapshot, self.latest = self.latest, None
            await run_in_thread()(self._show, snapshot)

    def _show(self, snapshot: Snapshot) -> None:
        if self.display is None:
            self.display = _display(self.total)
        self.display.show(*snapshot)

    def _close(self) -> None:
        if self.display is not None:
            self.display.close()

    async def aclose(self) -> None:
        while self.drawing is not None and not self.drawing.done():
            await asyncio.shield(self.drawing)
        await run_in_thread()(self._close)


class _Callback(ProgressReporter):
    """The caller's callable, called in a worker thread, in order, every time."""

    def __init__(self, callback: Callable[[int, int | None, int], None]) -> None:
        self.callback = callback
        self.pending: deque[Snapshot] = deque()
        self.delivering: asyncio.Task[None] | None = None
        self.broken = False

    def report(self, done: int, total: int | None, failed: int) -> None:
        if self.broken:
            return
        self.pending.append((done, total, failed))
        if self.delivering is None or self.delivering.done():
            self.delivering = asyncio.ensure_future(self._deliver())

    async def _deliver(self) -> None:
        while self.pending and not self.broken:
            batch = list(self.pending)
            self.pending.clear()
            try:
                await run_in_thread()(self._call_each, batch)
            except Exception:
                self.broken = True
                logger.warning(
                    "The progress callback raised; it is not called again for "
                    "this batch (the batch goes on).",
                    exc_info=True,
                )

    def _call_each(self, batch: list[Snapshot]) -> None:
        for snapshot in batch:
            self.callback(*snapshot)

    async def aclose(self) -> None:
        while self.delivering is not None and not self.delivering.done():
            await asyncio.shield(self.delivering)


def reporter(progress: Progress, total: int | None) -> ProgressReporter:
    """Return the reporter for a ``progress`` argument.

    Parameters
    ----------
    progress : bool or callable
        ``False`` for none; ``True`` for a tqdm bar when tqdm is installed
        (in Jupyter, a widget when ipywidgets is installed, else a one-line
        counter on stdout), else a one-line counter on stderr;
        a callable receives ``(done, total_or_None, failed)``.
    total : int or None
        The number of items, when the source knows it.

    Returns
    -------
    ProgressReporter
        The reporter.
    """
    if callable(progress):
        return _Callback(progress)
    if not progress:
        return ProgressReporter()
    return _Drawn(total)


class ByteProgress:
    """The bytes sent of one upload: a tqdm bar (a notebook widget), else a line.

    Drawn as :func:`bar_class` chooses.

    Parameters
    ----------
    total : int
        The size of the upload, in bytes.
    label : str
        What is being sent (a file or measurement name).

    Notes
    -----
    Made, updated and closed in worker threads (never on the event loop):
    :meth:`reached` is called from aiohttp's as the file is read; a retried
    upload reads from 0 again, so the bar shows the furthest point reached.
    """

    def __init__(self, total: int, label: str) -> None:
        self.total = total
        self.label = label
        self.shown: _Shown | None = None
        self.last = 0.0
        self.stream = _line_stream()
        tqdm = bar_class()
        if tqdm is not None:
            self.shown = _Shown(
                tqdm, total=total, unit="B", unit_scale=True, desc=label
            )

    def reached(self, position: int) -> None:
        """Record that the upload has read ``position`` bytes of the file."""
        if self.shown is not None:
            bar = self.shown.bar
            if position > bar.n:
                bar.update(position - bar.n)
            return
        now = time.monotonic()
        if now - self.last >= 0.5 or position >= self.total:
            self.last = now
            share = position / self.total if self.total else 1.0
            self.stream.write(
                f"\r{self.label}: {position / 1e6:.1f} of {self.total / 1e6:.1f} MB "
                f"({share:.0%})   "
            )
            self.stream.flush()

    def close(self) -> None:
        """Finish the display."""
        if self.shown is not None:
            self.shown.close()
        else:
            self.stream.write("\n")
            self.stream.flush()

    def finish(self, whole: bool) -> None:
        """Show the upload whole (when it was) and finish the display."""
        if whole:
            self.reached(self.total)
        self.close()
