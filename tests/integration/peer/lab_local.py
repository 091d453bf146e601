"""A lab's day with ionworks-local: run with each client in turn (test_lab_local.py).

The script is the public client's (``import ionworks``): it registers a site,
a cycler and its channels, services the cycler, plans and schedules tests,
saves a protocol, reads the lab view, invites a member, searches, and keeps a
material's table and an analysis. Each step prints what a script could tell
apart (names, states, counts, an error's status), never an id, so that the
two clients' runs compare. Arguments: the server's URL and key.
"""

import json
import sys

from ionworks import Ionworks
from ionworks.errors import IonworksError

url, key = sys.argv[1], sys.argv[2]
seen = {}


def step(name, call):
    """Record what a step answered, or the status of its error."""
    try:
        seen[name] = call()
    except IonworksError as error:
        seen[name] = ["error", error.status_code]
    except ValueError as error:
        seen[name] = ["ValueError", type(error).__name__]


project = Ionworks(api_key=key, api_url=url).get("/projects")["items"][0]["id"]
client = Ionworks(api_key=key, api_url=url, project_id=project)
site = client.site.create({"name": "Boston", "location": "Lab A"})
cycler = client.cycler.create(site.id, {"name": "Maccor-1", "project_id": project})
one = client.channel.create(cycler.id, {"name": "CH1", "max_amps": 5.0})
two = client.channel.create(cycler.id, {"name": "CH2", "max_amps": 1.0})
step("site conflict", lambda: client.site.create_or_get({"name": "Boston"}).name)
step(
    "cyclers by make", lambda: [c.name for c in client.cycler.list(site.id, name="mac")]
)
step("channels", lambda: client.channel.list_all(cycler_id=cycler.id).total)
step("detail", lambda: [len(c.channels) for c in client.site.detail(site.id).cyclers])
step(
    "service",
    lambda: (
        client.cycler.start_service(
            cycler.id, "calibration", "2030-01-01T00:00:00Z"
        ).event_type
    ),
)
step("out", lambda: [c.out_of_commission for c in client.channel.list(cycler.id)])
step(
    "second service",
    lambda: client.cycler.start_service(cycler.id, "repair", "2030-01-02"),
)
step(
    "complete",
    lambda: (
        client.cycler.complete_service(
            cycler.id, calibration_interval_days=30
        ).event_type
    ),
)
step("back", lambda: [c.out_of_commission for c in client.channel.list(cycler.id)])
step("incidents", lambda: client.channel.list_incidents(one.id).total)
step(
    "protocol",
    lambda: (
        client.protocol.create("CC", {"steps": [{"Rest": {"duration": "1 h"}}]}).name
    ),
)
step("same protocol", lambda: client.protocol.find_by_name("CC").name)
step(
    "protocol words",
    lambda: client.protocol.human_readable(client.protocol.find_by_name("CC").id),
)
a = client.planned_measurement.create({"name": "a", "estimated_duration_seconds": 3600})
b = client.planned_measurement.create({"name": "b"})
step("requested", lambda: client.planned_measurement.get(a.id).status)
step(
    "scheduled",
    lambda: (
        client.planned_measurement.schedule(
            a.id, one.id, "2030-01-01T00:00:00Z", "2030-01-01T01:00:00Z"
        ).status
    ),
)
step(
    "overlap",
    lambda: (
        client.planned_measurement.schedule(
            b.id, one.id, "2030-01-01T00:30:00Z", "2030-01-01T01:30:00Z"
        ).status
    ),
)
proposal = client.planned_measurement.auto_schedule_proposal(
    [b.id], "2030-01-01T00:00:00Z"
)
step(
    "proposed", lambda: [(x.channel_name, x.is_scheduled) for x in proposal.assignments]
)
step(
    "applied",
    lambda: [
        p.status
        for p in client.planned_measurement.apply_auto_schedule_proposal(
            proposal.assignments
        )
    ],
)
step("cancelled", lambda: client.planned_measurement.cancel(a.id).status)
step("planned", lambda: client.planned_measurement.list(status="scheduled").total)
spec = client.cell_spec.create({"name": "LFP"})
cell = client.cell_instance.create(spec.id, {"name": "cell 1"})
run = client.post(
    f"/cell_instances/{cell.id}/cell_measurements/create",
    {"name": "run", "measurement_type": "properties", "channel_id": two.id},
)
status = client.lab.status(project)
step("states", lambda: [c.state for c in status.sites[0].cyclers[0].channels])
step("utilization", lambda: client.lab.utilization(project, status=status).percent)
step(
    "free",
    lambda: [f.channel.name for f in client.lab.free_channels(project, status=status)],
)
step("on channel", lambda: client.lab.on_channel(project, two.id, status=status).name)
step("watched", lambda: client.lab.list_watched(project))
step("invite", lambda: client.organization.invite("ada@lab.example").already_member)
step("members", lambda: sorted(m.role for m in client.organization.members()))
step("search", lambda: [(h.entity_type, h.name) for h in client.search.query("CH")])
material = client.post("/materials", {"name": "Graphite"})
step("materials", lambda: client.material.list(name_exact="Graphite").total)
dataset = client.material_property_dataset.create(
    material["id"], "k", {"c [mol.m-3]": [1000.0, 1200.0], "k [S.m-1]": [0.9, 1.0]}
)
step("units", lambda: client.material_property_dataset.get_units(dataset.id))
step(
    "data",
    lambda: client.material_property_dataset.get_data(dataset.id).to_dict(
        as_series=False
    ),
)


def conductivity(values):
    """The conductivity a ParameterValues gives at 1100 mol/m3 (interpolated)."""
    import numpy
    import pybamm

    function = values["Electrolyte conductivity [S.m-1]"]
    symbol = function(pybamm.Scalar(1100.0), pybamm.Scalar(298.15))
    return round(float(numpy.asarray(symbol.evaluate()).reshape(-1)[0]), 9)


step(
    "electrolyte",
    lambda: conductivity(
        client.electrolyte.transport_from_dataset(
            dataset.id,
            columns={"Electrolyte conductivity [S.m-1]": "k [S.m-1]"},
            concentration_column="c [mol.m-3]",
        )
    ),
)
analysis = client.analysis.create(
    run["id"], "ECM", "ecm_from_eis", {"R0": [0.01, 0.02]}
)
step("analysis", lambda: client.analysis.find_one(run["id"], name="ECM").analysis_type)
step(
    "analysis data",
    lambda: client.analysis.get_data(analysis.id).to_dict(as_series=False),
)
step("compute", lambda: client.protocol.convert("steps: []", "maccor"))
step("pipeline", lambda: client.pipeline.create({"elements": {}}))
print(json.dumps(seen))
