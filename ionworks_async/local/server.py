"""Running ionworks-local: ``LocalServer`` (async) and ``serve()`` (blocking)."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import ssl
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Middleware

from .._transport.settings import is_loopback_host
from .faults import Faults, FaultSettings
from .processing import schedule_processing
from .routes import build_app
from .shared import State
from .storage.blobs import FileBlobs, MemoryBlobs
from .storage.signing import Signer
from .storage.store import Store

__all__ = ["DEFAULT_DATA_DIR", "LocalServer", "serve"]

DEFAULT_DATA_DIR = Path(".ionworks-local")
USER_EMAIL = "local-user@ionworks.local"


class FolderLock:
    """An exclusive lock on a data folder: one server a folder.

    Two servers on one folder would each keep caches the other's writes make
    stale (derived steps after an extend). The lock is an ``flock`` on
    ``<folder>/server.lock``, released when the server stops or its process
    dies (where ``fcntl`` is missing, as on Windows, no lock is taken).
    """

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    @classmethod
    def take(cls, folder: Path) -> FolderLock:
        """Lock ``folder``, or raise saying another server holds it."""
        path = folder / "server.lock"
        handle = os.fdopen(
            os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600), "a+"
        )
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return cls(handle)
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise RuntimeError(
                f"Another ionworks-local already serves {folder}: stop it, or "
                "give this one another --data-dir."
            ) from None
        return cls(handle)

    def release(self) -> None:
        """Release the lock."""
        self._handle.close()


KEY_BYTES = 32
"""The URL-signing key's length; a shorter one (an empty or cut file) is replaced."""


def _secret(data_dir: Path | None) -> bytes:
    """Return the URL-signing key, kept in the data folder to outlive a restart.

    A key file that is empty, cut short or not hex (what a crash, a full disk
    or a ``touch`` leaves) is never used: anyone could forge storage URLs with
    it. A new key replaces it, written to a temporary file created with mode
    0600 and renamed into place.
    """
    if data_dir is None:
        return secrets.token_bytes(KEY_BYTES)
    path = data_dir / "signing.key"
    try:
        key = bytes.fromhex(path.read_text().strip())
        if len(key) >= KEY_BYTES:
            return key
    except (OSError, ValueError):
        pass
    key = secrets.token_bytes(KEY_BYTES)
    _write_private(path, key.hex())
    return key


def _write_private(path: Path, text: str) -> None:
    """Write a secret file atomically: made with mode 0600, renamed into place."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def kept_api_key(data_dir: Path, *, new: bool = False) -> str:
    """Return the API key a data folder keeps for its server, made once.

    A server given no key generates one; on a persistent folder it is kept
    (``api.key``, mode 0600), so that a saved ``IONWORKS_API_KEY`` still works
    after a restart. ``new`` replaces it.
    """
    path = data_dir / "api.key"
    if not new:
        try:
            key = path.read_text(encoding="utf-8").strip()
            if key and key.isprintable() and " " not in key:
                return key
        except (OSError, UnicodeDecodeError):
            pass
    key = f"iwl-{secrets.token_urlsafe(24)}"
    _write_private(path, key)
    return key


def server_tls(
    cert: str | os.PathLike[str] | None, key: str | os.PathLike[str] | None
) -> ssl.SSLContext | None:
    """Return the TLS context of a certificate and key, or ``None`` for neither.

    Raises
    ------
    ValueError
        When only one is given, or they cannot be loaded (naming the file).
    """
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        raise ValueError(
            "TLS needs both a certificate and its key (--tls-cert, --tls-key)"
        )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(os.fspath(cert), os.fspath(key))
    except (OSError, ssl.SSLError) as error:
        raise ValueError(
            f"cannot load the TLS certificate {os.fspath(cert)!r} with the key "
            f"{os.fspath(key)!r}: {error}"
        ) from None
    return context


def _private_folder(folder: Path) -> None:
    """Make the data folder, closed to group and others (it holds keys and data)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if hasattr(os, "getuid") and folder.stat().st_uid == os.getuid():
        folder.chmod(0o700)


def api_keys_from_environment() -> list[str]:
    """Keys in ``IONWORKS_LOCAL_API_KEYS`` (comma- or space-separated)."""
    text = os.environ.get("IONWORKS_LOCAL_API_KEYS", "")
    return [key for key in text.replace(",", " ").split() if key]


class LocalServer:
    """An ionworks-local server, run in the current event loop.

    Parameters
    ----------
    host : str, optional
        Interface to listen on. Defaults to ``127.0.0.1``.
    port : int, optional
        Port; 0 (the default) picks a free one.
    data_dir : str or Path, optional
        Where the database and files live (``./.ionworks-local/``).
    in_memory : bool, optional
        Keep everything in memory, gone when the server stops.
    api_keys : iterable of str, optional
        Accepted keys (or bearer tokens); else ``IONWORKS_LOCAL_API_KEYS``;
        else one random key, in :attr:`api_key`, which a persistent data
        folder keeps (``api.key``) for the next start.
    faults : FaultSettings, optional
        Faults to inject from the start (see ``POST /_local/faults``).
    new_key : bool, optional
        Make the data folder's kept key anew.
    access_log : bool, optional
        Log each request (aiohttp's access log, to stderr).
    tls_cert, tls_key : str or Path, optional
        A PEM certificate (chain) and its private key: serve HTTPS, as the
        hosted service does (for testing ``verify`` and TLS costs). Both or
        neither.
    storage_port : int, optional
        Serve storage on its own origin, this port (0 picks one), as the
        hosted service's signed URLs point at another host: uploads and
        downloads then open connections of their own. By default the signed
        URLs point at the API's origin.
    middlewares : sequence of aiohttp middlewares, optional
        Run before the server's own, on every request: to watch the traffic
        a job sends (counts, order, concurrency), or to make the server
        misbehave in ways of one's own (a test's stand-in for a broken API).

    Attributes
    ----------
    url : str
        The base URL, once started.
    storage_url : str
        Where signed storage URLs point, once started (the API's URL unless
        ``storage_port`` was given, or :meth:`advertise_storage` changed it).
    api_key : str
        A key clients can use.
    default_project_id : str
        The project every key's specifications go to when they name none
        (created with the store; ``GET /projects`` lists it first).

    Examples
    --------
    >>> async with LocalServer(in_memory=True) as server:  # doctest: +SKIP
    ...     async with AsyncIonworks(server.api_key, server.url) as client:
    ...         ...
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        data_dir: str | os.PathLike[str] | None = None,
        in_memory: bool = False,
        api_keys: Iterable[str] | None = None,
        faults: FaultSettings | None = None,
        new_key: bool = False,
        access_log: bool = False,
        tls_cert: str | os.PathLike[str] | None = None,
        tls_key: str | os.PathLike[str] | None = None,
        storage_port: int | None = None,
        middlewares: Sequence[Middleware] = (),
    ) -> None:
        self.middlewares = tuple(middlewares)
        self.tls = server_tls(tls_cert, tls_key)
        self.storage_port = storage_port
        self.storage_url = ""
        self.host = host
        self.new_key = new_key
        self.access_log = access_log
        self.port = port
        self.data_dir = None if in_memory else Path(data_dir or DEFAULT_DATA_DIR)
        # Blank keys (an unset variable in a script) are dropped: an empty
        # X-API-Key header must never be valid.
        keys = [key.strip() for key in api_keys or [] if key and key.strip()]
        keys = keys or api_keys_from_environment()
        self.generated_key = not keys
        self.api_keys = frozenset(keys or [f"iwl-{secrets.token_urlsafe(24)}"])
        self.api_key = (
            next(iter(sorted(self.api_keys))) if keys else next(iter(self.api_keys))
        )
        self.fault_settings = faults or FaultSettings()
        self.url = ""
        self.default_project_id = ""
        self._runner: web.AppRunner | None = None
        self._lock: FolderLock | None = None
        self.state: State | None = None

    async def start(self) -> None:
        """Open the store and start listening.

        Raises
        ------
        RuntimeError
            When another ionworks-local already serves the data folder.
        """
        if self.data_dir is not None:
            _private_folder(self.data_dir)
            self._lock = FolderLock.take(self.data_dir)
            store = Store(self.data_dir / "ionworks.sqlite3", user_email=USER_EMAIL)
            blobs: FileBlobs | MemoryBlobs = FileBlobs(self.data_dir / "blobs")
            if self.generated_key:  # the folder keeps the key it was given
                self.api_key = kept_api_key(self.data_dir, new=self.new_key)
                self.api_keys = frozenset([self.api_key])
        else:
            store = Store(None, user_email=USER_EMAIL)
            blobs = MemoryBlobs()
        store.open()
        self.default_project_id = store.default_project_id
        self.state = State(
            store=store,
            blobs=blobs,
            signer=Signer(_secret(self.data_dir)),
            api_keys=self.api_keys,
            faults=Faults(self.fault_settings),
            control_open=is_loopback_host(self.host),
        )
        app = build_app(self.state, self.middlewares)
        access = None
        if self.access_log:
            access = logging.getLogger("aiohttp.access")
            if not access.handlers:
                handler = logging.StreamHandler()
                handler.setFormatter(logging.Formatter("%(message)s"))
                access.addHandler(handler)
            access.setLevel(logging.INFO)
        self._runner = web.AppRunner(app, access_log=access, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, ssl_context=self.tls)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        host = f"[{self.host}]" if ":" in self.host else self.host
        scheme = "http" if self.tls is None else "https"
        self.url = f"{scheme}://{host}:{self.port}"
        self.storage_url = self.url
        if self.storage_port is not None:  # the same app, on an origin of its own
            storage = web.TCPSite(
                self._runner, self.host, self.storage_port, ssl_context=self.tls
            )
            await storage.start()
            self.storage_port = int(self._runner.addresses[1][1])
            self.advertise_storage(f"{scheme}://{host}:{self.storage_port}")
        # Measurements confirmed before a restart finish processing now.
        for measurement_id in store.pending_measurements():
            schedule_processing(self.state, measurement_id)

    def advertise_storage(self, url: str) -> None:
        """Point signed storage URLs at ``url`` (``scheme://host:port``).

        For a proxy in front of the storage site, as a benchmark's emulated
        network puts one.
        """
        self.storage_url = url.rstrip("/")
        if self.state is not None:
            self.state.storage_origin = (
                "" if self.storage_url == self.url else self.storage_url
            )

    async def stop(self) -> None:
        """Stop listening, finish background work and close the store."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self.state is not None:
            tasks = list(self.state.tasks)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.state.store.close()
            self.state = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    async def __aenter__(self) -> LocalServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    def __repr__(self) -> str:
        return f"LocalServer(url={self.url!r}, data_dir={self.data_dir!s})"


@contextmanager
def serve(**options: Any) -> Iterator[LocalServer]:
    """Run a :class:`LocalServer` in a background thread, for blocking code.

    Parameters
    ----------
    **options
        The arguments of :class:`LocalServer`.

    Yields
    ------
    LocalServer
        The running server (``server.url``, ``server.api_key``).

    Examples
    --------
    >>> with serve(in_memory=True) as server:  # doctest: +SKIP
    ...     client = Ionworks(server.api_key, server.url)
    """
    server = LocalServer(**options)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(
        target=loop.run_forever, name="ionworks-local", daemon=True
    )
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(server.start(), loop).result(30)
        yield server
    finally:
        try:
            asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(30)
            loop.close()
