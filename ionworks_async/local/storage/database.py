"""The local server's SQLite connection: its transactions and checkpoints.

Statements run on the event loop's thread: each is a few tens of microseconds
(indexed lookups and single-row writes, no fsync), cheaper than a hand-off to
a worker thread, which under load queues requests behind one thread and its
share of the GIL. Every write is one ``BEGIN IMMEDIATE ... COMMIT``
transaction, in WAL mode with foreign keys on. ``synchronous=NORMAL`` keeps
every committed transaction across a crash of the process (``kill -9``); only
a power loss could roll back the last few. The one slow SQLite operation, the
WAL checkpoint (it fsyncs), is taken off the loop: automatic checkpoints are
off, and :meth:`Database.checkpoint` runs on a connection of its own in a
worker thread, every :data:`CHECKPOINT_EVERY` writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

__all__ = ["CHECKPOINT_EVERY", "Database"]

CHECKPOINT_EVERY = 1000
"""Writes between two WAL checkpoints (run in a worker thread)."""


class Database:
    """One SQLite connection (a file, or memory with ``path=None``).

    Parameters
    ----------
    path : Path or None
        The database file; ``None`` keeps it in memory.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._writes = 0
        self._checkpoints: set[asyncio.Task[None]] = set()

    def open(self) -> sqlite3.Connection:
        """Open (and if needed create) the database; return the connection."""
        target = ":memory:" if self.path is None else str(self.path)
        if self.path is not None:  # SQLite gives its -wal and -shm the same mode
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            os.chmod(self.path, 0o600)
        connection = sqlite3.connect(target, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA wal_autocheckpoint=0")  # see checkpoint()
        self._connection = connection
        return connection

    async def close(self) -> None:
        """Finish checkpoints, close, and fold the WAL into the database."""
        await asyncio.gather(*self._checkpoints, return_exceptions=True)
        if self._connection is not None:
            self._connection.close()
            self._connection = None
            await asyncio.to_thread(self.checkpoint)

    def checkpoint(self) -> None:
        """Fold the WAL into the database file, on a connection of its own.

        Blocking (it fsyncs): called in a worker thread.
        """
        if self.path is None:
            return
        with contextlib.closing(sqlite3.connect(self.path, timeout=30)) as connection:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection."""
        if self._connection is None:
            raise RuntimeError("the local server's database is not open")
        return self._connection

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed at the end, rolled back on an error."""
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        self._wrote()

    def _wrote(self) -> None:
        self._writes += 1
        if self.path is None or self._writes % CHECKPOINT_EVERY:
            return
        with contextlib.suppress(RuntimeError):  # no running loop: skip this one
            task = asyncio.get_running_loop().create_task(
                asyncio.to_thread(self.checkpoint)
            )
            self._checkpoints.add(task)
            task.add_done_callback(self._checkpoints.discard)
