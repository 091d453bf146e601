"""A server that records every request and answers it from :mod:`.examples`.

A client's script marks the start of each call with ``GET /__call__/{n}``;
the requests that follow, up to the next mark, are that call's. Each is
kept as (method, path, query pairs sorted, body): the body decoded as JSON,
or a multipart form as its parts' (field, file name, content; a parquet file
as its rows). Reads of signed storage (``/blob/...``, by range or whole) are
answered and not recorded: storage is not the API, and each reader reads a
file its own way.
"""

from __future__ import annotations

import email.parser
import gzip
import io
import json
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from .examples import answer

Recorded = dict[str, list[list[Any]]]


def _content(payload: bytes) -> Any:
    """A part's content: a parquet file as its rows (writers' bytes differ)."""
    if payload[:4] == b"PAR1":
        import pyarrow.parquet as pq

        return {"parquet rows": pq.read_table(io.BytesIO(payload)).to_pylist()}
    return payload.decode("latin-1")


def _body(headers: Any, raw: bytes) -> Any:
    if headers.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    kind = headers.get("Content-Type", "")
    if not raw:
        return None
    if kind.startswith("multipart/form-data"):
        message = email.parser.BytesParser().parsebytes(
            f"Content-Type: {kind}\r\n\r\n".encode() + raw
        )
        return [
            [
                part.get_param("name", header="content-disposition"),
                part.get_filename(),
                _content(part.get_payload(decode=True)),
            ]
            for part in message.get_payload()
        ]
    return json.loads(raw)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _handle(self) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if path.startswith("/blob/"):  # signed storage: read, or written to
            self._blob(path)
            return
        body = _body(self.headers, raw)
        if path.startswith("/__call__/"):
            self.server.current = path.removeprefix("/__call__/")
            status, payload = 200, {}
        else:
            query = sorted(parse_qsl(url.query, keep_blank_values=True))
            with self.server.lock:
                self.server.recorded[self.server.current].append(
                    [self.command, path, [list(pair) for pair in query], body]
                )
            status, payload = answer(self.command, path, body)
        if isinstance(payload, bytes):
            self.send_response(status)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        if payload is None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if isinstance(payload, str):
            data, kind = payload.encode(), "text/plain; charset=utf-8"
        else:
            text = json.dumps(payload).replace("{base}", base)
            data, kind = text.encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _blob(self, path: str) -> None:
        """Answer a storage read (not recorded: storage is not the API)."""
        _, content = answer("GET", path, None)
        ranged = self.headers.get("Range", "")
        first, last = 0, len(content) - 1
        if ranged.startswith("bytes="):
            start, _, end = ranged.removeprefix("bytes=").partition("-")
            if start:
                first, last = int(start), min(int(end or last), last)
            else:  # the last n bytes
                first = max(0, len(content) - int(end))
        part = content[first : last + 1]
        self.send_response(206 if ranged else 200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Accept-Ranges", "bytes")
        if ranged:
            self.send_header("Content-Range", f"bytes {first}-{last}/{len(content)}")
        self.send_header("Content-Length", str(len(part)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(part)

    do_HEAD = _handle
    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.current = "before"
        self.recorded: defaultdict[str, list[list[Any]]] = defaultdict(list)


@contextmanager
def recording() -> Iterator[tuple[str, Recorded]]:
    """Serve on a free port; yield its URL and the requests it records by call."""
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.recorded
    finally:
        server.shutdown()
        server.server_close()
