"""The private event loop that runs every blocking call.

One daemon thread a process runs one asyncio loop; each blocking method hands
its coroutine to that loop and waits for the result. This is a small runner of
our own rather than anyio's ``BlockingPortal``: the portal lives inside one
``with`` block, while we need a process-wide loop started lazily on first use,
recreated after ``fork()``, closed at interpreter exit after the clients'
sessions, with deadlock detection and a Ctrl-C path that cancels the request
and waits for its clean-up. Each of those is a few lines here.

Because the loop has its own thread, blocking calls work the same from plain
scripts, from many threads at once, and from code already inside a running
event loop (a Jupyter cell, a pytest-asyncio test) — without ``nest_asyncio``
and without an ``asyncio.run()`` per call.
"""

from __future__ import annotations

import asyncio
import atexit
import contextvars
import os
import threading
import weakref
from collections.abc import AsyncIterator, Coroutine, Iterator
from typing import Any, TypeVar

from ionworks_async import AsyncIonworks
from ionworks_async._runtime.boundary import trimmed
from ionworks_async._runtime.user_warnings import Carried, carrying, reissue
from ionworks_async.errors import IonworksError

__all__ = ["iterate", "register_client", "run"]

T = TypeVar("T")

CANCEL_GRACE = 1.0
"""Seconds a Ctrl-C waits for the cancelled request to clean up."""
EXIT_GRACE = 5.0
"""Seconds interpreter exit waits for the clients' sessions to close."""


class _LoopThread:
    """A lazily started event loop in a daemon thread, one per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._clients: weakref.WeakSet[AsyncIonworks] = weakref.WeakSet()
        # Sessions inherited over fork() belong to the parent; they are kept
        # referenced, never closed, so that nothing in the child touches them.
        self._orphans: list[object] = []
        self._done: asyncio.Future[None] | None = None

    def loop(self) -> asyncio.AbstractEventLoop:
        """Return the running private loop, starting it if needed."""
        loop = self._loop
        if loop is not None:
            return loop
        with self._lock:
            if self._loop is None:
                self._start()
            assert self._loop is not None
            return self._loop

    def _start(self) -> None:
        loop = asyncio.new_event_loop()
        ready = threading.Event()
        done = loop.create_future()

        async def root() -> None:
            await done

        def serve() -> None:
            # The loop runs one root task until shutdown, as asyncio.run() would:
            # anyio finds it once (by its run_until_complete callback) and keeps
            # it, where a bare run_forever() made anyio scan every task at each
            # hand-off to a worker thread.
            asyncio.set_event_loop(loop)
            loop.call_soon(ready.set)
            loop.run_until_complete(root())

        thread = threading.Thread(target=serve, name="ionworks-event-loop", daemon=True)
        thread.start()
        ready.wait()
        self._loop, self._thread, self._done = loop, thread, done

    def after_fork_in_child(self) -> None:
        """Forget the parent's loop and sessions (``os.register_at_fork``).

        The parent's loop thread does not exist in the child, and its lock
        may have been held by another thread at the fork: start afresh. Each
        client's session is recreated lazily on the child's own loop.
        """
        self._orphans.append(self._loop)
        self._loop, self._thread, self._done = None, None, None
        self._pid = os.getpid()
        self._lock = threading.Lock()
        for client in list(self._clients):
            self._orphans.append(client.context.transport.forget_session())

    def on_loop_thread(self) -> bool:
        """Whether the caller is running on the private loop's own thread."""
        thread = self._thread
        return thread is not None and thread.ident == threading.get_ident()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the private loop and block until it is done.

        Raises
        ------
        RuntimeError
            When called on the private loop's own thread (it would deadlock).
        KeyboardInterrupt
            On Ctrl-C, after cancelling the coroutine and giving it up to
            :data:`CANCEL_GRACE` seconds to clean up.
        """
        if self.on_loop_thread():
            coroutine.close()
            raise RuntimeError(
                "A blocking Ionworks call was made on the Ionworks event-loop "
                "thread, where it would wait for itself forever. Code running on "
                "that loop must use AsyncIonworks and await its methods."
            )
        loop = self.loop()
        call = _Call(coroutine, loop)
        loop.call_soon_threadsafe(call.start)
        try:
            call.finished.acquire()  # a plain lock: Ctrl-C interrupts the wait
        except KeyboardInterrupt:
            loop.call_soon_threadsafe(call.cancel)
            call.finished.acquire(timeout=CANCEL_GRACE)
            raise
        try:
            result: T = call.result()
        finally:
            reissue(call.heard)
        return result

    def register(self, client: AsyncIonworks) -> None:
        """Close this client's session at interpreter exit if it is still open."""
        self._clients.add(client)

    def shutdown(self) -> None:
        """Close every open client, then stop the loop (run at exit)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or self._pid != os.getpid():
            return
        clients = [client for client in list(self._clients) if not client.closed]

        async def close_all() -> None:
            await asyncio.gather(
                *(client.aclose() for client in clients), return_exceptions=True
            )

        if clients and thread.is_alive():
            future = asyncio.run_coroutine_threadsafe(close_all(), loop)
            try:
                future.result(EXIT_GRACE)
            except Exception:  # exiting anyway: never a traceback at exit
                future.cancel()
        done = self._done
        if done is not None:
            loop.call_soon_threadsafe(_finish, done)
        thread.join(EXIT_GRACE)
        if not thread.is_alive():
            loop.close()
        self._loop, self._thread = None, None


def _finish(done: asyncio.Future[None]) -> None:
    """End the loop's root task: its run_until_complete() returns."""
    if not done.done():
        done.set_result(None)


class _Call:
    """One blocking call: a task on the private loop and a lock to wait on.

    A pre-acquired lock, released by the task's done-callback, is the cheapest
    hand-back between threads: ``run_coroutine_threadsafe`` costs about 60 %
    more a call here, through ``concurrent.futures.Future``'s condition and its
    chained callbacks.
    """

    __slots__ = ("coroutine", "finished", "heard", "loop", "task")

    def __init__(
        self, coroutine: Coroutine[Any, Any, Any], loop: asyncio.AbstractEventLoop
    ) -> None:
        self.coroutine = coroutine
        self.loop = loop
        self.task: asyncio.Task[Any] | None = None
        self.finished = threading.Lock()
        self.finished.acquire()
        # Warnings the call issues on the loop (or in its worker threads),
        # carried back to be issued at the caller's line in the caller's thread.
        self.heard: Carried = []

    def start(self) -> None:
        """Start the task (on the loop's thread)."""
        if self.task is None:
            context = contextvars.copy_context()
            context.run(carrying, self.heard)
            self.task = self.loop.create_task(self.coroutine, context=context)
            self.task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self.finished.release()

    def cancel(self) -> None:
        """Cancel the task, or never start it (on the loop's thread)."""
        if self.task is None:
            self.coroutine.close()
            self.task = self.loop.create_future()  # type: ignore[assignment]
            self.task.cancel()  # type: ignore[union-attr]
            self.finished.release()
        else:
            self.task.cancel()

    def result(self) -> Any:
        """Return the task's result, or raise its exception unchanged."""
        assert self.task is not None
        return self.task.result()


_RUNNER = _LoopThread()
atexit.register(_RUNNER.shutdown)
os.register_at_fork(after_in_child=_RUNNER.after_fork_in_child)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on the private loop and return its result.

    Parameters
    ----------
    coroutine : coroutine
        The async core's coroutine.

    Returns
    -------
    T
        Its result; its exception is raised unchanged, but for an
        ``IonworksError``'s internal frames (see
        :mod:`ionworks_async._runtime.boundary`).
    """
    __tracebackhide__ = True
    try:
        return _RUNNER.run(coroutine)
    except IonworksError as error:
        raise trimmed(error) from error.__cause__


def iterate(iterator: AsyncIterator[T]) -> Iterator[T]:
    """Turn an async iterator into a blocking one, closing it on early exit.

    Parameters
    ----------
    iterator : async iterator
        For example ``iter_all(...)`` of the async core.

    Yields
    ------
    T
        Its items; each page is fetched by one blocking call.
    """
    try:
        while True:
            try:
                item = _RUNNER.run(_next(iterator))
            except StopAsyncIteration:
                return
            yield item
    finally:
        close = getattr(iterator, "aclose", None)
        if close is not None and not _RUNNER.on_loop_thread():
            _RUNNER.run(close())


async def _next(iterator: AsyncIterator[T]) -> T:
    return await iterator.__anext__()


def register_client(client: AsyncIonworks) -> None:
    """Have a blocking client's async core closed at exit and reset after fork."""
    _RUNNER.register(client)
