"""Run by tests/integration/test_peer.py in the public client's own environment.

The public client's measurement workflow against ionworks-local: upload a
time series and wait for processing, create-or-get it again, a properties
measurement, a file measurement, extend a running test, list and tag,
``detail()``, ``steps_and_cycles``, ``time_series``. Arguments: the server's
URL and key. Prints one JSON line of what it saw.
"""

import json
import pathlib
import sys
import tempfile

import pandas as pd

from ionworks import Ionworks

url, key = sys.argv[1], sys.argv[2]
client = Ionworks(api_key=key, api_url=url)
spec = client.cell_spec.create({"name": "Peer measurement spec"})
cell = client.cell_instance.create(spec.id, {"name": "cell-1"})


def frame(start, rows, first_step):
    """A charge then rest: positive current is discharge, so charge is negative."""
    return pd.DataFrame(
        {
            "Time [s]": [float(start + n) for n in range(rows)],
            "Voltage [V]": [3.6 + 0.001 * n for n in range(rows)],
            "Current [A]": [-1.0 if (n // 10) % 2 == 0 else 0.0 for n in range(rows)],
            "Step count": [first_step + n // 10 for n in range(rows)],
            "Cycle count": [0] * rows,
        }
    )


bundle = client.cell_measurement.create(
    cell.id,
    {
        "measurement": {"name": "Formation", "notes": "peer", "tags": ["Peer"]},
        "time_series": frame(0, 40, 0),
    },
)
again = client.cell_measurement.create_or_get(
    cell.id, {"measurement": {"name": "Formation"}, "time_series": frame(0, 40, 0)}
)
props = client.cell_measurement.create_properties(
    cell.id, "mass", {"mass": {"value": 45.2, "unit": "g"}}, tags=["peer", "scale"]
)
folder = pathlib.Path(tempfile.mkdtemp())
photo = folder / "cell.png"
photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
files = client.cell_measurement.create_file(
    cell.id, "photo", [str(photo)], validate_images=True
)
extended = client.cell_measurement.extend(bundle.id, frame(40, 20, 4))
listed = client.cell_measurement.list(cell.id)
tagged = client.cell_measurement.list(cell.id, tags_all=["peer"])
added = client.cell_measurement.add_tags([files.id], ["peer"])
tags = client.cell_measurement.list_tags(spec.project_id)
removed = client.cell_measurement.remove_tags([props.id], ["scale"])
detail = client.cell_measurement.detail(bundle.id, use_cache=False)
both = client.cell_measurement.steps_and_cycles(bundle.id)
series = client.cell_measurement.time_series(bundle.id, use_cache=False)
names = client.cell_measurement.list_files(files.id)
content = client.cell_measurement.get_file(files.id, "cell.png")
instance = client.cell_instance.detail(cell.id)
print(
    json.dumps(
        {
            "bundle": [bundle.name, bundle.processing_status, bundle.steps_created],
            "again_same": again.id == bundle.id,
            "properties": [props.measurement_type, props.tags],
            "file": [files.measurement_type, names, content == photo.read_bytes()],
            "extended": [extended.processing_status, extended.processing_error],
            "listed": sorted(m.name for m in listed),
            "tagged": sorted(m.name for m in tagged),
            "added": added,
            "tags": [(t.tag, t.usage_count) for t in tags],
            "removed": removed,
            "detail": [
                detail.processing_status,
                detail.instance_id == cell.id,
                detail.time_series.height,
                detail.steps.height,
            ],
            "steps_and_cycles": [both.steps.height, both.cycles.height],
            "time_series_rows": series.height,
            "instance_measurements": sorted(m.name for m in instance.measurements),
        }
    )
)
