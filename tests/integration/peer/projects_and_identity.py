"""Run by tests/integration/test_peer.py in the public client's own environment.

The public client's project, identity, list-by-project, watch and
resolve_measurement calls against ionworks-local. Arguments: the server's URL
and key. Prints one JSON line of what it saw.
"""

import json
import sys

from ionworks import Ionworks

url, key = sys.argv[1], sys.argv[2]
client = Ionworks(api_key=key, api_url=url)
health = client.health_check()
me = client.whoami()
projects = client.project.list()
made = client.project.create({"name": "Peer project"})
got = client.project.get(made.id)
renamed = client.project.update(made.id, {"name": "Peer project 2"})
spec = client.cell_spec.create({"name": "Peer spec", "project_id": made.id})
cell = client.cell_instance.create(spec.id, {"name": "cell-1"})
mass = client.cell_measurement.create_properties(
    cell.id, "mass", {"mass": {"value": 1.0, "unit": "g"}}
)
in_project = client.cell_measurement.list_by_project(made.id)
client.cell_measurement.watch(mass.id)
client.cell_measurement.watch(mass.id)
client.cell_measurement.unwatch(mass.id)
resolved = client.resolve_measurement("Peer spec", "cell-1", "mass", project_id=made.id)
try:
    client.resolve_measurement("Peer spec", "cell-1", "nothing", project_id=made.id)
    missing = None
except Exception as error:
    missing = getattr(error, "status_code", None)
client.cell_spec.delete(spec.id)
client.project.delete(made.id)
print(
    json.dumps(
        {
            "health": health.get("status"),
            "me": [bool(me["email"]), bool(me["authorized_organization"]["id"])],
            "projects": [len(projects) >= 1, bool(projects[0].organization_id)],
            "made": [got.name, renamed.name],
            "in_project": [m.name for m in in_project],
            "resolved": resolved.id == mass.id,
            "missing": missing,
        }
    )
)
