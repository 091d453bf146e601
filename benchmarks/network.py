"""``detail()`` over an emulated network: TLS, storage on its own origin, RTT 20/60 ms.

ionworks-local serves HTTPS (a test CA's certificate) with its storage on a
second origin; two :class:`~benchmarks._link.Link` proxies put a round trip
between the clients and each origin. Each client runs in a process of its
own, as a script would: its first ``detail()`` is *cold* (the process's
import, the client's build and every connection's TCP and TLS handshakes);
then *warm* calls on the open connections; then, after ``idle`` seconds of
nothing, one more. The clients take turns (ours async, ours blocking,
ionworks-api 0.38) round after round, and all idle at once.

The floor counts dependent round trips: warm, 3 (the instance ‖ the list,
the data requests, the storage redirects); cold, 5 (TCP and TLS first).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ._link import Link

__all__ = ["CLIENTS", "run", "table"]

API_KEY = "bench-key"
CLIENTS = ("async", "blocking", "async, run before", "ionworks-api 0.38")
RUN_BEFORE = "async, run before"
"""Ours async in a process whose cache folder holds what an earlier process
learned of the connections (no data: its data cache is emptied before each
process): its cold call only."""
FLOOR_TRIPS = {"cold": 5, "warm": 3}

OURS_ASYNC = """
import time
t0 = time.perf_counter()
import asyncio, json, sys
from ionworks_async import AsyncIonworks
imported = time.perf_counter()
url, key, ca, cell = sys.argv[1:5]
cache = sys.argv[5] if len(sys.argv) > 5 else False

async def main():
    loop = asyncio.get_running_loop()
    async with AsyncIonworks(key, url, verify=ca, cache_dir=cache) as client:
        while True:
            start, cpu = time.perf_counter(), time.process_time()
            detail = await client.cell_instance.detail(cell)
            end = time.perf_counter()
            print(json.dumps({"import_s": imported - t0, "call_s": end - start,
                              "cpu_s": time.process_time() - cpu,
                              "script_s": end - t0, "n": len(detail.measurements)}),
                  flush=True)
            if not await loop.run_in_executor(None, sys.stdin.readline):
                return

asyncio.run(main())
"""

BLOCKING_LOOP = """
while True:
    start, cpu = time.perf_counter(), time.process_time()
    detail = client.cell_instance.detail(cell)
    end = time.perf_counter()
    print(json.dumps({"import_s": imported - t0, "call_s": end - start,
                      "cpu_s": time.process_time() - cpu,
                      "script_s": end - t0, "n": len(detail.measurements)}),
          flush=True)
    if not sys.stdin.readline():
        break
"""
"""A blocking client's calls: the first at once, each next when asked."""

OURS_BLOCKING = (
    """
import time
t0 = time.perf_counter()
import json, sys
from ionworks import Ionworks
imported = time.perf_counter()
url, key, ca, cell = sys.argv[1:5]
client = Ionworks(key, url, verify=ca, cache_dir=False)
"""
    + BLOCKING_LOOP
    + "client.close()\n"
)

PEER = (
    """
import time
t0 = time.perf_counter()
import json, sys
import ionworks
imported = time.perf_counter()
url, key, ca, cell = sys.argv[1:5]
ionworks.set_cache_enabled(False)
client = ionworks.Ionworks(api_key=key, api_url=url)
"""
    + BLOCKING_LOOP
)


class _Links:
    """The two proxies (API, storage), on an event loop of their own thread."""

    def __init__(self, api_port: int, storage_port: int, rtt: float) -> None:
        import asyncio

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.api = Link("127.0.0.1", api_port, rtt)
        self.storage = Link("127.0.0.1", storage_port, rtt)
        self.api_port = self._call(self.api.start())
        self.storage_port = self._call(self.storage.start())

    def _call(self, coroutine: Any) -> Any:
        import asyncio

        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(30)

    def connections(self) -> int:
        """Connections opened through both proxies so far."""
        return self.api.connections + self.storage.connections

    def close(self) -> None:
        """Close both proxies and stop their loop."""
        self._call(self.api.aclose())
        self._call(self.storage.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


class _Client:
    """One client's process; its first call starts at once, each later on ask."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: str) -> None:
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=cwd,
        )

    def answer(self) -> dict[str, Any]:
        """The next call's figures (the first is the cold call's)."""
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"a client process ended early ({self.process.wait()})")
        result: dict[str, Any] = json.loads(line)
        return result

    def ask(self) -> dict[str, Any]:
        """Make one more call and return its figures."""
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        return self.answer()

    def close(self) -> None:
        """End the process (closing its stdin ends its loop)."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextmanager
def _tls_server(folder: Path) -> Iterator[tuple[Any, Path]]:
    """ionworks-local over HTTPS with storage on its own origin; its CA bundle."""
    import trustme

    from ionworks_async.local.server import serve

    ca = trustme.CA()
    issued = ca.issue_cert("127.0.0.1")
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    issued.cert_chain_pems[0].write_to_path(str(folder / "cert.pem"))
    issued.private_key_pem.write_to_path(str(folder / "key.pem"))
    with serve(
        in_memory=True,
        api_keys=[API_KEY],
        tls_cert=folder / "cert.pem",
        tls_key=folder / "key.pem",
        storage_port=0,
    ) as server:
        yield server, folder / "ca.pem"


def _seed(url: str, ca: Path, measurements: int) -> str:
    from ionworks import Ionworks
    from ionworks_async.local.demo import constant_current_protocol

    with Ionworks(API_KEY, url, verify=ca, cache_dir=False) as client:
        spec = client.cell_spec.create({"name": "network bench"})
        cell = client.cell_instance.create(spec.id, {"name": "cell"})
        for index in range(measurements):
            client.cell_measurement.create(
                cell.id,
                {
                    "measurement": {"name": f"run {index}"},
                    "time_series": constant_current_protocol(1),
                },
            )
        return cell.id


def _commands(peer: str | None) -> dict[str, list[str]]:
    commands = {
        "async": [sys.executable, "-c", OURS_ASYNC],
        "blocking": [sys.executable, "-c", OURS_BLOCKING],
        RUN_BEFORE: [sys.executable, "-c", OURS_ASYNC],
    }
    if peer:
        commands["ionworks-api 0.38"] = [peer, "-I", "-c", PEER]
    return commands


def _environment(name: str, ca: Path, home: str) -> dict[str, str]:
    if name.startswith("ionworks-api"):  # isolated: a bare environment
        return {
            "PATH": os.environ.get("PATH", ""),
            "HOME": home,
            "REQUESTS_CA_BUNDLE": str(ca),
            "SSL_CERT_FILE": str(ca),
        }
    return {**os.environ, "IONWORKS_CACHE_DIR": "off"}


def _measure(
    links: _Links,
    cell: str,
    ca: Path,
    commands: dict[str, list[str]],
    rounds: int,
    warm_calls: int,
    idle: float,
    progress: Callable[[str], None],
) -> dict[str, dict[str, list[float]]]:
    url = f"https://127.0.0.1:{links.api_port}"
    samples: dict[str, dict[str, list[float]]] = {
        name: {
            "script": [],
            "import": [],
            "cold": [],
            "warm": [],
            "idle": [],
            "connections": [],
            "cold_cpu": [],
            "warm_cpu": [],
        }
        for name in commands
    }
    waiting: list[tuple[str, _Client]] = []
    with tempfile.TemporaryDirectory() as home:
        cache = Path(home) / "cache"

        def start(name: str) -> _Client:
            extra = [str(cache)] if name == RUN_BEFORE else []
            if name == RUN_BEFORE:  # what it learned stays; the data goes
                shutil.rmtree(cache / "measurement-data-v1", ignore_errors=True)
            return _Client(
                [*commands[name], url, API_KEY, str(ca), cell, *extra],
                _environment(name, ca, home),
                home,
            )

        try:
            if RUN_BEFORE in commands:  # the process that ran before the first
                primer = start(RUN_BEFORE)
                primer.answer()
                primer.close()
            for round_number in range(rounds):
                for name in commands:
                    before = links.connections()
                    client = start(name)
                    cold = client.answer()
                    figures = samples[name]
                    figures["connections"].append(links.connections() - before)
                    figures["script"].append(cold["script_s"])
                    figures["import"].append(cold["import_s"])
                    figures["cold"].append(cold["call_s"])
                    figures["cold_cpu"].append(cold["cpu_s"])
                    if name == RUN_BEFORE:
                        client.close()  # its data is cached now: cold only
                        continue
                    warm = [client.ask() for _ in range(warm_calls)]
                    figures["warm"].append(statistics.median(w["call_s"] for w in warm))
                    figures["warm_cpu"].append(
                        statistics.median(w["cpu_s"] for w in warm)
                    )
                    waiting.append((name, client))
                progress(f"  round {round_number + 1} of {rounds}: cold and warm done")
            for _, client in waiting:  # each idles from its own last call
                client.ask()
            progress(f"  idle {idle:g} s")
            time.sleep(idle)
            for name, client in waiting:
                samples[name]["idle"].append(client.ask()["call_s"])
        finally:
            for _, client in waiting:
                client.close()
    return samples


def run(
    rtts: tuple[float, ...] = (0.020, 0.060),
    *,
    rounds: int = 3,
    warm_calls: int = 5,
    idle: float = 60.0,
    measurements: int = 24,
    peer: str | None = None,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Measure every client at each RTT; return the medians and the floors.

    Returns
    -------
    dict
        ``{"rtt_ms": {client: {"script", "import", "cold", "warm", "idle",
        "connections"}: median}, "floor": {"cold", "warm"}}`` in seconds.
    """
    commands = _commands(peer)
    report: dict[str, Any] = {"measurements": measurements, "idle_s": idle}
    with (
        tempfile.TemporaryDirectory() as folder,
        _tls_server(Path(folder)) as (
            server,
            ca,
        ),
    ):
        cell = _seed(server.url, ca, measurements)
        for rtt in rtts:
            progress(f"RTT {rtt * 1000:g} ms")
            api_port = int(server.url.rsplit(":", 1)[1])
            links = _Links(api_port, int(server.storage_port), rtt)
            try:
                server.advertise_storage(f"https://127.0.0.1:{links.storage_port}")
                samples = _measure(
                    links, cell, ca, commands, rounds, warm_calls, idle, progress
                )
            finally:
                links.close()
            report[f"{rtt * 1000:g}"] = {
                "floor": {k: trips * rtt for k, trips in FLOOR_TRIPS.items()},
                "clients": {
                    name: {
                        key: statistics.median(v)
                        for key, v in figures.items()
                        if v  # a run-before process has its cold call only
                    }
                    for name, figures in samples.items()
                },
            }
    return report


def table(report: dict[str, Any]) -> str:
    """The report as a markdown table: medians, and each against its floor."""
    lines = [
        f"`detail()` of {report['measurements']} time-series measurements over "
        "TLS, storage on its own origin; medians; floor = dependent round trips "
        f"x RTT; after idle = the call after {report['idle_s']:g} s of nothing.",
        "",
        "| RTT | client | import + cold | cold `detail()` | cold / floor | "
        "warm | warm / floor | after idle | after idle / warm | cold connections "
        "| client CPU, cold / warm |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for rtt, entry in report.items():
        if not isinstance(entry, dict) or "floor" not in entry:
            continue
        floor = entry["floor"]
        for name, m in entry["clients"].items():
            later = (
                f"{m['warm'] * 1000:.0f} ms | {m['warm'] / floor['warm']:.2f}x | "
                f"{m['idle'] * 1000:.0f} ms | {m['idle'] / m['warm']:.2f}x"
                if "warm" in m
                else "(as async) | | | "
            )
            cpu = f"{m['cold_cpu'] * 1000:.0f}" + (
                f" / {m['warm_cpu'] * 1000:.0f} ms" if "warm_cpu" in m else " ms"
            )
            lines.append(
                f"| {rtt} ms | {name} | {m['script'] * 1000:.0f} ms | "
                f"{m['cold'] * 1000:.0f} ms | {m['cold'] / floor['cold']:.2f}x | "
                f"{later} | {m['connections']:.0f} | {cpu} |"
            )
        peer = entry["clients"].get("ionworks-api 0.38")
        for name in ("async", RUN_BEFORE):
            ours = entry["clients"].get(name)
            if peer and ours:
                lines.append(
                    f"| {rtt} ms | import + cold, ours {name} vs ionworks-api | "
                    f"{peer['script'] / ours['script']:.1f}x faster | | | | | | | | |"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.network [--quick] [--peer PYTHON]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m benchmarks.network")
    parser.add_argument("--quick", action="store_true", help="1 round, 2 s idle")
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--rtt", type=float, action="append", help="ms (repeat; default 20 and 60)"
    )
    parser.add_argument("--peer", default=os.environ.get("IONWORKS_PEER_PYTHON"))
    args = parser.parse_args(argv)
    report = run(
        tuple(ms / 1000 for ms in args.rtt) if args.rtt else (0.020, 0.060),
        rounds=1 if args.quick else args.rounds,
        idle=2.0 if args.quick else args.idle,
        measurements=4 if args.quick else 24,
        warm_calls=2 if args.quick else 5,
        peer=args.peer,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(table(report))
    print(json.dumps(report), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
