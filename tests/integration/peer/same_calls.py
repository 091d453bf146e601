"""Run by tests/integration/test_same_calls.py with each client in turn.

The same script, written for the public client (``import ionworks``), runs
once in its virtual environment and once in ours, each against a fresh
ionworks-local. Each call's outcome is printed as one JSON object of what a
script could tell apart: the kind of its value (and its keys, length or
leading bytes), or the status of the error it raised (a ``ValueError``
raised before any request by its name). Arguments: the server's URL and key.
"""

import json
import sys

import polars as pl

from ionworks import Ionworks, Navigator, set_dataframe_backend
from ionworks.cache import (
    clear_cache,
    get_cache_enabled,
    get_cache_ttl,
    set_cache_enabled,
    set_cache_ttl,
)
from ionworks.errors import IonworksError
from ionworks.validators import MeasurementValidationError, validate_measurement_data

url, key = sys.argv[1], sys.argv[2]
seen = {}


def kind(value):
    """What a caller can tell of a value, whichever client made it."""
    if value is None:
        return ["none"]
    if type(value).__name__ == "PaginatedList":  # ours is a list too: asked first
        return [
            "PaginatedList",
            len(value),
            type(value.count).__name__,
            type(value.items).__name__,
            type(value.total).__name__,
            [type(item).__name__ for item in value][:1],
        ]
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, dict):
        return ["dict", sorted(value)]
    if isinstance(value, list):
        return ["list", len(value)]
    if isinstance(value, bytes):
        return ["bytes", value[:4].decode("latin-1")]
    if isinstance(value, str):
        return ["str", value.startswith(url)]
    return ["object", type(value).__name__]


def call(name, function, *args, **kwargs):
    """Run one call; note its outcome; return its value (None if it raised)."""
    try:
        value = function(*args, **kwargs)
    except ValueError as error:
        seen[name] = ["ValueError", str(error)[:40]]
        return None
    except Exception as error:  # the client's error: its status tells
        seen[name] = ["error", getattr(error, "status_code", None)]
        return None
    seen[name] = kind(value)
    return value


client = Ionworks(key, url, None)  # positionally, as the public client allows
seen["constructed"] = [client.api_url.rstrip("/") == url.rstrip("/")]
call("health_check", client.health_check)
call("get users/me", client.get, "/users/me")
made = call("post spec", client.post, "/cell_specifications", {"name": "Direct"})
spec_id = made["id"] if isinstance(made, dict) else ""
call("get spec", client.get, f"/cell_specifications/{spec_id}")
patched = call(
    "patch spec", client.patch, f"/cell_specifications/{spec_id}", {"notes": "n"}
)
seen["patched notes"] = [patched.get("notes") if isinstance(patched, dict) else None]
call("request list", client.request, "GET", "/cell_specifications?limit=5")
call("get missing", client.get, "/cell_specifications/no-such-spec")
call("post refused", client.post, "/cell_specifications", {"notes": "no name"})
try:
    client.get("/cell_specifications/no-such-spec")
except IonworksError as error:  # the documented module's class catches it
    seen["caught by ionworks.errors"] = [error.status_code]
call("capabilities", client.capabilities)
call("schema data", client.schema, "data")
call("schema protocol", client.schema, "protocol")
call("schema unknown", client.schema, "nope")
call("redirect_url of no redirect", client.redirect_url, "/healthz")
call(
    "post_multipart refused",
    client.post_multipart,
    "/cell_specifications",
    {"file": ("a.txt", b"text", "text/plain")},
)
cell = client.cell_instance.create(spec_id, {"name": "cell-1"})
rows = 40
series = pl.DataFrame(
    {
        "Time [s]": [float(n) for n in range(rows)],
        "Voltage [V]": [3.6 + 0.001 * n for n in range(rows)],
        "Current [A]": [-1.0 if n < 20 else 0.0 for n in range(rows)],
        "Step count": [n // 20 for n in range(rows)],
        "Cycle count": [0] * rows,
    }
)
created = client.cell_measurement.create(
    cell.id, {"measurement": {"name": "run"}, "time_series": series}
)
measurement_id = client.cell_measurement.list(cell.id)[0].id


def record_kinds(label, record):
    """Note what a script sees of a record: kinds, its dump, assignment."""
    if record is None:
        seen[label + " record"] = None
        return
    dumped = record.model_dump()
    text = json.loads(record.model_dump_json())
    times = ("created_at", "updated_at", "start_time", "end_time")
    seen[label + " record"] = {
        "class": type(record).__name__,
        "times": [type(getattr(record, name, None)).__name__ for name in times],
        "set keys": sorted(record.model_dump(exclude_unset=True)),
        "dump": [dumped["id"] == record.id, text["name"] == record.name],
        "copy": record.model_copy(update={"name": "other"}).name,
    }
    record.notes = "assigned"
    record.lab_code = "L7"
    seen[label + " assigned"] = [record.notes, record.lab_code, record.name]


record_kinds("spec", client.cell_spec.get(spec_id))
record_kinds("cell", cell)
record_kinds("created", created)
measurement = client.cell_measurement.get(measurement_id)
record_kinds("measurement", measurement)
seen["measurement kinds"] = [
    type(measurement.measurement_type).__name__,
    measurement.measurement_type.value,
    measurement.tags,
    created.steps_created,
]
settled = call(  # a dict of dicts: the settled fields, by id (noted: the fields)
    "wait_for_processing",
    lambda: client.cell_measurement.wait_for_processing(measurement_id)[measurement_id],
)
seen["settled status"] = [settled and settled["processing_status"]]
more = series.with_columns(pl.col("Time [s]") + rows, pl.col("Step count") + 2)
extended = call("extend", client.cell_measurement.extend, measurement_id, more)
record_kinds("extended", extended)
record_kinds("batch", client.cell_batch.create(spec_id, {"name": "lot-1"}))
updated = call("spec update", client.cell_spec.update, spec_id, {"notes": "u"})
seen["spec updated"] = [getattr(updated, "notes", None)]
again = call(
    "cell create_or_get",
    client.cell_instance.create_or_get,
    spec_id,
    {"name": "cell-1"},
)
seen["cell again"] = [getattr(again, "id", None) == cell.id]
cycles = call("cycles", client.cell_measurement.cycles, measurement_id)
seen["cycles rows"] = [None if cycles is None else len(cycles)]
changed = call(
    "measurement update", client.cell_measurement.update, measurement_id, {"notes": "m"}
)
seen["measurement updated"] = [getattr(changed, "notes", None)]
with open("note.txt", "wb") as handle:
    handle.write(b"a note")
kept = client.cell_measurement.create_file(cell.id, "notes", ["note.txt"])
call("download_files", client.cell_measurement.download_files, kept.id)
call(
    "download_files named",
    client.cell_measurement.download_files,
    kept.id,
    False,
    ["note.txt"],
)
call("delete measurement", client.cell_measurement.delete, kept.id)
call("get deleted measurement", client.cell_measurement.get, kept.id)
call(
    "upload_multipart refused",
    client.upload_multipart,
    "/cell_specifications",
    files={"f": ("a", b"x", "text/plain")},
)
call("pybamm_models", client.pybamm_models)
call("validate_pybamm_model_config", client.validate_pybamm_model_config, "SPM")
download = f"/cell_measurements/{measurement_id}/time_series/download"
call("redirect_url", client.redirect_url, download)
call("request_raw", client.request_raw, "GET", download)
window = call(
    "time_series window",
    client.cell_measurement.time_series,
    measurement_id,
    False,
    (5, 15),
)
seen["window rows"] = None if window is None else window["Time [s]"].to_list()
beyond = call(
    "time_series window past the end",
    client.cell_measurement.time_series,
    measurement_id,
    row_range=(30, 100),
)
seen["beyond rows"] = None if beyond is None else len(beyond)
lab_project = client.project.create({"name": "Materials"})
record_kinds("project", lab_project)
lab = lab_project.id
first = client.cell_spec.create(
    {
        "name": "A",
        "project_id": lab,
        "anode": {"material_id": "graphite"},
        "cathode": {"material_id": "nmc811"},
    }
)
client.cell_spec.create(
    {"name": "B", "project_id": lab, "anode": {"material_id": "graphite"}}
)
client.cell_spec.create(
    {"name": "C", "project_id": lab, "cathode": {"material_id": "lfp"}}
)


def names(label, function, *args, **kwargs):
    """Note the names a spec list holds (and whether components came with it)."""
    found = call(label, function, *args, **kwargs)
    if found is not None:
        seen[label + " names"] = sorted(spec.name for spec in found)
        seen[label + " components"] = sorted(
            spec.name for spec in found if getattr(spec, "anode", None)
        )


navigator = Navigator(client, project_id=lab)
seen["navigator specs"] = call("navigator specs", lambda: sorted(navigator.specs()))
call("navigator spec missing", navigator.spec, "Z")
call("navigator no project", lambda: Navigator(client).spec("A"))
seen["navigator instances"] = [len(navigator.instances("A"))]
walked = navigator.measurements(cell.id)
seen["navigator measurements"] = [m.name for m in walked]
# pandas: the public Navigator copies its tables with .copy(), which a polars
# frame lacks (its steps() raises AttributeError under polars, the default).
set_dataframe_backend("pandas")
steps = navigator.steps(measurement_id)
again = navigator.steps(measurement_id)
seen["navigator steps"] = [type(steps).__name__, steps is not again, len(steps)]
seen["navigator time series"] = [len(navigator.time_series(measurement_id))]
set_dataframe_backend("polars")
client.cell_measurement.create(
    cell.id, {"measurement": {"name": "again"}, "time_series": series}
)
seen["navigator kept"] = [m.name for m in navigator.measurements(cell.id)]
navigator.invalidate(measurement_id=measurement_id)
seen["navigator invalidated"] = [m.name for m in navigator.measurements(cell.id)]
navigator.clear()
seen["navigator cleared"] = sorted(navigator.specs())
set_cache_enabled(False)
seen["cache off"] = [
    get_cache_enabled(),
    len(client.cell_measurement.steps(measurement_id)),
]
set_cache_enabled(True)
seen["cache cleared"] = [type(clear_cache()).__name__, get_cache_enabled()]
set_cache_ttl(60)
seen["cache ttl"] = [get_cache_ttl()]
validate_measurement_data(series)  # fine: no error, nothing raised
try:
    validate_measurement_data(series.with_columns(pl.col("Time [s]") + 5))
except MeasurementValidationError as error:
    seen["validate late start"] = [sorted(str(issue.code) for issue in error.errors)]
names("specs plain", client.cell_spec.list, project_id=lab)
names("specs full", client.cell_spec.list, True, project_id=lab)
names(
    "specs by material", client.cell_spec.list, material_id="graphite", project_id=lab
)
names(
    "specs by materials",
    client.cell_spec.list,
    material_id=["lfp", "nmc811"],
    project_id=lab,
)
names("specs by no material", client.cell_spec.list, material_id=[], project_id=lab)
names(
    "specs by cathode",
    client.cell_spec.list,
    cathode_material_id="nmc811",
    exclude_cell_spec_id=first.id,
    project_id=lab,
)
names("related", client.cell_spec.related_specs, first.id)
names("related by cathode", client.cell_spec.related_specs, first.id, slots=["cathode"])
names(
    "related with itself", client.cell_spec.related_specs, first.id, exclude_self=False
)
call("related of a wing", client.cell_spec.related_specs, first.id, slots=["wing"])
project = client.project.create({"name": "Members"})
me = client.whoami()["id"]
call("roles", client.project.roles)
call("add_member", client.project.add_member, project.id, me)
call(
    "add_member by role id", client.project.add_member, project.id, me, "Project Admin"
)
call("update_member", client.project.update_member, project.id, me, "project viewer")
call("add_member unknown role", client.project.add_member, project.id, me, "Owner")
call("add_member unknown user", client.project.add_member, project.id, "nobody")
invited = call(
    "invite_member", client.project.invite_member, project.id, "new@lab.example"
)
seen["invited"] = [invited.invite_sent, invited.already_member] if invited else None
call("remove_member", client.project.remove_member, project.id, me)
call("remove_member again", client.project.remove_member, project.id, me)
call(
    "update_member of no member",
    client.project.update_member,
    project.id,
    me,
    "Project Viewer",
)
call("delete spec", client.delete, f"/cell_specifications/{spec_id}")
call("get deleted", client.get, f"/cell_specifications/{spec_id}")
print(json.dumps(seen))
