"""The ``ionworks-local`` command: ``serve`` and ``demo``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable

from .._runtime.version import __version__
from .faults import FaultSettings
from .server import DEFAULT_DATA_DIR, LocalServer

__all__ = ["main"]

FAULT_FLAGS = {
    "latency_ms": "added latency a request, in ms",
    "jitter_ms": "random +/- jitter on the latency, in ms",
    "error_rate": "share of requests answered 503 with Retry-After: 1",
    "rate_limit": "requests a second before 429 with Retry-After (0: off)",
    "drop_rate": "share of requests whose connection is closed unanswered",
    "slow_rate": "share of requests answered (503) only after --slow-seconds",
    "slow_seconds": "how long a slow answer takes (default 15)",
    "drop_after_commit_rate": "share of requests applied, then dropped unanswered",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ionworks-local",
        description="An Ionworks-compatible API server on SQLite.",
    )
    parser.add_argument(
        "--version", action="version", version=f"ionworks-local {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the server until Ctrl-C")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1, this machine only; "
        "0.0.0.0 for every interface)",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=8765,
        help="the port to listen on (default 8765; 0: any free one)",
    )
    serve.add_argument(
        "--data-dir",
        default=str(DEFAULT_DATA_DIR),
        help="database and files (default ./.ionworks-local/)",
    )
    serve.add_argument(
        "--in-memory", action="store_true", help="keep nothing once the server stops"
    )
    serve.add_argument(
        "--api-key",
        action="append",
        default=[],
        dest="api_keys",
        help="an accepted key or bearer token (repeatable; else "
        "IONWORKS_LOCAL_API_KEYS; else a random key is printed)",
    )
    for name, text in FAULT_FLAGS.items():
        serve.add_argument(
            f"--{name.replace('_', '-')}", type=float, default=None, help=text
        )
    serve.add_argument(
        "--seed", type=int, default=None, help="make faults reproducible"
    )
    serve.add_argument(
        "--new-key",
        action="store_true",
        help="make a new key for the data folder (given no --api-key, a "
        "persistent folder keeps the key it was first given, in api.key)",
    )
    serve.add_argument(
        "--access-log", action="store_true", help="log each request to stderr"
    )
    serve.add_argument(
        "--tls-cert", metavar="FILE", help="serve HTTPS with this PEM certificate"
    )
    serve.add_argument("--tls-key", metavar="FILE", help="the certificate's key")
    serve.add_argument(
        "--storage-port",
        type=int,
        metavar="PORT",
        help="serve storage on its own origin, this port (0: any), as the hosted "
        "service's signed URLs point at another host",
    )
    demo = commands.add_parser(
        "demo", help="run the guide's workflow against a fresh server"
    )
    demo.add_argument("--latency-ms", type=float, default=0.0)
    return parser


async def _serve(server: LocalServer) -> None:
    await server.start()
    print(f"ionworks-local {server.url}", flush=True)
    if server.generated_key:
        print(f"API key: {server.api_key}", flush=True)
        print(f"  export IONWORKS_API_KEY={server.api_key}", flush=True)
    else:
        print("API keys: as given", flush=True)
    print(
        "Storage: "
        + ("in memory" if server.data_dir is None else str(server.data_dir)),
        flush=True,
    )
    print(f"  export IONWORKS_API_URL={server.url}", flush=True)
    if server.storage_url != server.url:
        print(f"Signed storage URLs: {server.storage_url}", flush=True)
    print(f"Default project: {server.default_project_id}", flush=True)
    print(f"  export IONWORKS_PROJECT_ID={server.default_project_id}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


def main(
    argv: list[str] | None = None, *, demo: Callable[..., int] | None = None
) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: the process's).
    demo : callable, optional
        What ``demo`` runs, given ``latency_ms=``: the blocking client's
        walkthrough (:func:`ionworks._demo.run_demo`; the ``ionworks-local``
        command passes it). The server itself knows no client.
    """
    args = _parser().parse_args(argv)
    if args.command == "demo":
        if demo is None:
            print(
                "ionworks-local: the demo runs the blocking client: run "
                "`ionworks-local demo` or `python -m ionworks._demo demo`",
                file=sys.stderr,
            )
            return 2
        return demo(latency_ms=args.latency_ms)
    settings = FaultSettings()
    try:
        settings.update(
            {
                name: getattr(args, name)
                for name in FAULT_FLAGS
                if getattr(args, name) is not None
            }
        )
        settings.update({"seed": args.seed})
    except ValueError as error:
        print(f"ionworks-local: {error}", file=sys.stderr)
        return 2
    try:
        server = LocalServer(
            host=args.host,
            port=args.port,
            data_dir=args.data_dir,
            in_memory=args.in_memory,
            api_keys=args.api_keys,
            faults=settings,
            new_key=args.new_key,
            access_log=args.access_log,
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            storage_port=args.storage_port,
        )
    except ValueError as error:  # the TLS files
        print(f"ionworks-local: {error}", file=sys.stderr)
        return 2
    try:
        asyncio.run(_serve(server))
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    except RuntimeError as error:  # the data folder is another server's
        print(f"ionworks-local: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"ionworks-local: cannot serve on {args.host}:{args.port}: {error}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
