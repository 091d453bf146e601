"""``ionworks-local demo``: the seed guide's workflow, against an in-process server.

Why the blocking facade appears inside the async core here: the demo is the
seed guide's code run as a user runs it, with ``from ionworks import
Ionworks`` (the blocking client), against ionworks-local. It is an example
of using the package, not part of it: nothing in ``ionworks_async`` imports
this module, ``ionworks`` is imported inside :func:`run_demo` only, and the
``ionworks-local demo`` command (ionworks-local's CLI, which lives here) is its
one caller. :func:`constant_current_protocol` is the README's synthetic data.
"""

from __future__ import annotations

import json
import math
import time
import urllib.request
from typing import Any

__all__ = ["constant_current_protocol", "run_demo"]


def constant_current_protocol(
    cycles: int = 2,
    *,
    capacity_ah: float = 1.0,
    c_rate: float = 1.0,
    sample_seconds: float = 5.0,
    rest_seconds: float = 600.0,
) -> dict[str, list[float]]:
    """Generate a time series of constant-current discharge/charge cycles.

    Each cycle is a discharge at ``c_rate``, a rest, a charge and a rest,
    sampled every ``sample_seconds``; the voltage follows a simple open-circuit
    curve of the state of charge plus an ohmic drop. Two cycles at the
    defaults are about 3,400 rows.

    Returns
    -------
    dict of str to list of float
        ``Time [s]``, ``Voltage [V]``, ``Current [A]`` (positive discharging),
        ``Step count``, ``Cycle count``, ``Discharge capacity [A.h]`` and
        ``Charge capacity [A.h]`` (counted from 0 in each step).
    """
    current = capacity_ah * c_rate
    resistance = 0.05
    columns: dict[str, list[float]] = {
        name: []
        for name in (
            "Time [s]",
            "Voltage [V]",
            "Current [A]",
            "Step count",
            "Cycle count",
            "Discharge capacity [A.h]",
            "Charge capacity [A.h]",
        )
    }
    now = 0.0
    state_of_charge = 1.0
    step = 0

    def open_circuit(soc: float) -> float:
        soc = min(max(soc, 1e-3), 1 - 1e-3)
        return 3.4 + 0.7 * soc + 0.05 * math.log(soc / (1 - soc))

    for cycle in range(cycles):
        for amps, seconds in (
            (current, 3600 / c_rate),
            (0.0, rest_seconds),
            (-current, 3600 / c_rate),
            (0.0, rest_seconds),
        ):
            discharged = charged = 0.0  # cyclers count each step from 0
            for _ in range(int(seconds / sample_seconds)):
                columns["Time [s]"].append(now)
                columns["Voltage [V]"].append(
                    round(open_circuit(state_of_charge) - amps * resistance, 6)
                )
                columns["Current [A]"].append(amps)
                columns["Step count"].append(step)
                columns["Cycle count"].append(cycle)
                columns["Discharge capacity [A.h]"].append(discharged)
                columns["Charge capacity [A.h]"].append(charged)
                now += sample_seconds
                delta = amps * sample_seconds / 3600
                state_of_charge -= delta / capacity_ah
                if amps > 0:
                    discharged += delta
                else:
                    charged -= delta
            step += 1
    return columns


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
    from ionworks import Ionworks, NotFoundError, get_dataframe_backend

    from .faults import FaultSettings
    from .server import serve

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
