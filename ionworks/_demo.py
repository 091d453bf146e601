"""``ionworks-local demo``: the seed guide's workflow, against an in-process server.

The demo is the seed guide's code run as a user runs it, with ``from
ionworks import Ionworks`` (the blocking client), against ionworks-local
started in this process: so it lives with the blocking client, and the
server's command line is given it (:func:`main`) rather than importing it.
"""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

from ionworks_async.local import serve
from ionworks_async.local.cli import main as server_main
from ionworks_async.local.demo import constant_current_protocol
from ionworks_async.local.faults import FaultSettings

from . import Ionworks, NotFoundError, get_dataframe_backend

__all__ = ["main", "run_demo"]


def main(argv: list[str] | None = None) -> int:
    """Run the ``ionworks-local`` command line, ``demo`` included."""
    return server_main(argv, demo=run_demo)


def _stats(url: str, method: str = "GET") -> dict[str, Any]:
    request = urllib.request.Request(f"{url}/_local/stats", method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else {}


def run_demo(*, latency_ms: float = 0.0) -> int:
    """Run the guide's workflow with the blocking client and print a report.

    Returns
    -------
    int
        The exit code: 0 when every step did what the guide says.
    """

    def say(text: str) -> None:
        print(text, flush=True)

    with serve(in_memory=True, faults=FaultSettings(latency_ms=latency_ms)) as server:
        say(f"ionworks-local is serving {server.url} (in memory)\n")
        with Ionworks(server.api_key, server.url) as client:
            cell_spec = client.cell_spec.create_or_get(
                {
                    "name": "NCM622/Graphite coin cell",
                    "form_factor": "R2032",
                    "manufacturer": "Ionworks demo",
                    "ratings": {
                        "capacity": {"value": 1.0, "unit": "A.h"},
                        "voltage_min": {"value": 2.5, "unit": "V"},
                        "voltage_max": {"value": 4.2, "unit": "V"},
                    },
                }
            )
            say(f"specification  {cell_spec.name}  ({cell_spec.id})")
            cell_instance = client.cell_instance.create_or_get(
                cell_spec.id,
                {
                    "name": "NCM622-GR-001",
                    "batch": "BATCH-2024-001",
                    "date_manufactured": "2024-01-20",
                    "measured_properties": {
                        "cathode": {"loading": {"value": 12.1, "unit": "mg/cm**2"}},
                        "anode": {"loading": {"value": 6.4, "unit": "mg/cm**2"}},
                    },
                },
            )
            again = client.cell_instance.create_or_get(
                cell_spec.id, {"name": "NCM622-GR-001"}
            )
            assert again.id == cell_instance.id, "create_or_get created a duplicate"
            say(
                f"instance       {cell_instance.name}  ({cell_instance.id}); "
                "create_or_get again returned the same record"
            )
            instances = client.cell_instance.list(cell_spec.id)
            say(f"listed         {len(instances)} instance(s) of the specification")

            series = constant_current_protocol()
            started = time.perf_counter()
            measurement = client.cell_measurement.create(
                cell_instance.id,
                {
                    "measurement": {
                        "name": "1C cycling",
                        "protocol": {"name": "CC 1C", "ambient_temperature_degc": 25},
                    },
                    "time_series": series,
                },
            )
            say(
                f"uploaded       {measurement.name}: {len(series['Time [s]'])} rows, "
                f"processing {measurement.processing_status} after "
                f"{time.perf_counter() - started:.2f} s"
            )

            _stats(server.url, "DELETE")
            started = time.perf_counter()
            detail = client.cell_instance.detail(cell_instance.id)
            elapsed = time.perf_counter() - started
            requests = sum(
                count
                for route, count in _stats(server.url)["requests"].items()
                if "/_local/" not in route
            )
            (first,) = detail.measurements
            data, steps, cycles = first.time_series, first.steps, first.cycles
            assert data is not None and steps is not None and cycles is not None
            say(
                f"detail()       {len(detail.measurements)} measurement, "
                f"{len(data)} rows, {len(steps)} steps, {len(cycles)} cycles "
                f"as {get_dataframe_backend()} frames; "
                f"{requests} requests in {elapsed * 1000:.0f} ms"
            )
            types = sorted(set(steps["Step type"]))
            say(f"step types     {', '.join(types)}")

            updated = client.cell_instance.update(
                cell_instance.id, {"batch": "BATCH-2024-002"}
            )
            say(f"updated        batch {cell_instance.batch} -> {updated.batch}")
            client.cell_instance.delete(cell_instance.id)
            try:
                client.cell_instance.get(cell_instance.id)
            except NotFoundError:
                say("deleted        the instance and its measurements (get -> 404)")
            else:
                raise AssertionError("the instance was not deleted")
    say("\ndemo finished: every step worked")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
