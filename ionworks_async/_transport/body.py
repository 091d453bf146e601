"""An answer's body, read against its bounds: its size, its rate, and memory.

An API answer (JSON) is read into memory, up to :data:`MAX_JSON_BYTES`. A
download is kept in memory up to :data:`SPOOL_BYTES`, then written to disk as
it arrives (an anonymous temporary file, gone with the process), so that a
body that never ends grows neither memory nor, past the client's
``max_download_bytes``, the disk; a complete one is read back whole. A
trickle ends too: after :data:`TRANSFER_GRACE_SECONDS` a download must
average :data:`MIN_TRANSFER_RATE`.
"""

from __future__ import annotations

import tempfile
import time
from typing import IO, TYPE_CHECKING

from .._runtime.threads import run_in_thread
from ..errors import IonworksError, ResponseValidationError
from .request import Request

if TYPE_CHECKING:
    import aiohttp

__all__ = [
    "MAX_JSON_BYTES",
    "MAX_TRANSFER_BYTES",
    "MIN_TRANSFER_RATE",
    "SPOOL_BYTES",
    "TRANSFER_GRACE_SECONDS",
    "read_bounded",
]

MAX_JSON_BYTES = 256 * 1024**2
"""The bound on an API answer's decoded body (a gzip bomb stops here)."""
MAX_TRANSFER_BYTES = 8 * 1024**3
"""The bound on a download's decoded body, whatever ``Content-Length`` says
(the client's ``max_download_bytes`` by default)."""
SPOOL_BYTES = 32 * 1024**2
"""How much of a download is held in memory before it goes to disk."""
WRITE_BYTES = 4 * 1024**2
"""How much of a spooled download is written at once (in a worker thread)."""
TRANSFER_GRACE_SECONDS = 60.0
"""How long a download may take before its average rate is held to a minimum."""
MIN_TRANSFER_RATE = 64 * 1024
"""Bytes a second a download must average after its grace: a trickle ends."""


async def read_bounded(raw: aiohttp.ClientResponse, request: Request) -> bytes:
    """Read a body against its byte bound, and a download against its rate.

    Raises
    ------
    ResponseValidationError
        For a body beyond its bound (declared, or as it arrives, decoded) or
        a download that falls below :data:`MIN_TRANSFER_RATE` on average
        after :data:`TRANSFER_GRACE_SECONDS`. Not retried: it is the
        server's answer.
    IonworksError
        When a download could not be written to disk as it arrived.
    """
    limit = MAX_JSON_BYTES
    if request.transfer:
        limit = request.max_bytes or MAX_TRANSFER_BYTES
    where = request.where

    def refused(reason: str) -> ResponseValidationError:
        return ResponseValidationError(
            f"{where} was refused: {reason}.",
            method=request.method,
            path=request.url.path,
        )

    beyond = (
        "max_download_bytes (a client setting)" if request.transfer else "the bound"
    )
    declared = raw.content_length
    if declared is not None and declared > limit:
        raise refused(
            f"its Content-Length {declared:,} is beyond {limit:,} bytes, {beyond}"
        )
    started = time.monotonic()
    spool = _Spool(where, SPOOL_BYTES if request.transfer else limit)
    received = 0
    try:
        async for chunk in raw.content.iter_any():
            received += len(chunk)
            if received > limit:
                raise refused(f"its body went beyond {limit:,} bytes, {beyond}")
            await spool.add(chunk)
            if request.transfer:
                elapsed = time.monotonic() - started
                if (
                    elapsed > TRANSFER_GRACE_SECONDS
                    and received < MIN_TRANSFER_RATE * elapsed
                ):
                    raise refused(
                        f"it came at {received / elapsed:,.0f} bytes/s after "
                        f"{elapsed:.0f} s, below {MIN_TRANSFER_RATE:,} bytes/s"
                    )
        return await spool.whole()
    finally:
        spool.close()


class _Spool:
    """A body as it arrives: in memory up to ``in_memory`` bytes, then on disk."""

    def __init__(self, where: str, in_memory: int) -> None:
        self.where = where
        self.in_memory = in_memory
        self.pending: list[bytes] = []
        self.pending_bytes = 0
        self.file: IO[bytes] | None = None

    async def add(self, chunk: bytes) -> None:
        """Keep a chunk; past the memory bound, the held ones go to disk."""
        self.pending.append(chunk)
        self.pending_bytes += len(chunk)
        if self.file is None and self.pending_bytes <= self.in_memory:
            return
        if self.file is None or self.pending_bytes >= WRITE_BYTES:
            await self._flush()

    async def whole(self) -> bytes:
        """Return the whole body (read back from disk if it went there)."""
        if self.file is None:
            return b"".join(self.pending)
        await self._flush()
        whole: bytes = await run_in_thread()(self._read_back)
        return whole

    async def _flush(self) -> None:
        held, self.pending, self.pending_bytes = self.pending, [], 0
        await run_in_thread()(self._write, held)

    def _write(self, held: list[bytes]) -> None:
        try:
            if self.file is None:
                # closed by close(), on every way out of read_bounded
                self.file = tempfile.TemporaryFile(prefix="ionworks-download-")  # noqa: SIM115
            self.file.write(b"".join(held))
        except OSError as error:
            raise IonworksError(
                f"{self.where} failed: the download could not be written to disk "
                f"as it arrived ({error.strerror or error}). Free space in "
                f"{tempfile.gettempdir()}, or set TMPDIR to a folder with room."
            ) from None

    def _read_back(self) -> bytes:
        assert self.file is not None
        self.file.seek(0)
        return self.file.read()

    def close(self) -> None:
        """Drop what is on disk (the file was never named: nothing is left)."""
        if self.file is not None:
            self.file.close()
