"""A raw HTTP/1.1 server on loopback that answers whatever bytes a test sets."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import attrs


@attrs.frozen
class RawAnswer:
    """The bytes of one answer, and whether to close the connection after it."""

    data: bytes
    close: bool = False


def http_answer(
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    *,
    content_length: str | None = "auto",
    close: bool = False,
) -> RawAnswer:
    """Build an answer; ``content_length`` may lie, be garbage, or be left out."""
    lines = [f"HTTP/1.1 {status} Whatever"]
    lines += [f"{name}: {value}" for name, value in headers]
    if content_length == "auto":
        lines.append(f"Content-Length: {len(body)}")
    elif content_length is not None:
        lines.append(f"Content-Length: {content_length}")
    if close:
        lines.append("Connection: close")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
    return RawAnswer(head + body, close=close or content_length not in ("auto",))


class RawServer:
    """Answers every request with ``answer(method, target, headers)``."""

    def __init__(self) -> None:
        self.answer: Callable[[str, str, dict[str, str]], RawAnswer] = (
            lambda method, target, headers: http_answer(200, [], b"{}")
        )
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.url = ""
        self._server: asyncio.AbstractServer | None = None
        self._connections: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (
                    asyncio.IncompleteReadError,
                    asyncio.LimitOverrunError,
                    ConnectionError,
                ):
                    return
                request_line, *header_lines = head.decode("latin-1").split("\r\n")
                method, target, *_ = [*request_line.split(" "), "", ""]
                headers = {}
                for line in header_lines:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0") or 0)
                if length:
                    await reader.readexactly(length)
                self.requests.append((method, target, headers))
                answer = self.answer(method, target, headers)
                writer.write(answer.data)
                await writer.drain()
                if answer.close:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            self._connections.discard(task)
            writer.close()
