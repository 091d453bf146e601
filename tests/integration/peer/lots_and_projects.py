"""Run by tests/integration/test_peer.py in the public client's own environment.

The public client (ionworks-api) against ionworks-local: a specification, a
lot, instances in it, listing by lot, update and delete. Arguments: the
server's URL and key. Prints one JSON line of what it saw.
"""

import json
import sys

from ionworks import Ionworks

url, key = sys.argv[1], sys.argv[2]
client = Ionworks(api_key=key, api_url=url)
spec = client.cell_spec.create({"name": "Peer spec"})
again = client.cell_spec.create_or_get(
    {"name": "Peer spec", "project_id": spec.project_id}
)
lot = client.cell_batch.create(spec.id, {"name": "LOT-1", "notes": "first"})
same_lot = client.cell_batch.create_or_get(spec.id, {"name": "lot-1"})
cell = client.cell_instance.create(spec.id, {"name": "cell-1", "batch_id": lot.id})
loose = client.cell_instance.create(spec.id, {"name": "cell-2"})
members = client.cell_instance.list(spec.id, batch_id=lot.id)
moved = client.cell_instance.update(loose.id, {"batch_id": lot.id})
counted = client.cell_batch.get(lot.id)
renamed = client.cell_batch.update(lot.id, {"name": "LOT-1b"})
renamed_cell = client.cell_instance.get(cell.id)
lots = client.cell_batch.list(spec.id)
try:
    client.cell_instance.create(spec.id, {"name": "x", "batch": "B"})
    refused = None
except ValueError as error:
    refused = str(error)
client.cell_batch.delete(lot.id)
kept = client.cell_instance.get(cell.id)
client.cell_instance.delete(loose.id)
remaining = client.cell_instance.list(spec.id)
client.cell_spec.delete(spec.id)
print(
    json.dumps(
        {
            "spec_project": spec.project_id,
            "create_or_get_same": again.id == spec.id,
            "lot_same": same_lot.id == lot.id,
            "cell_batch": [cell.batch_id == lot.id, cell.batch_name],
            "members": [m.name for m in members],
            "moved": moved.batch_name,
            "count": counted.instance_count,
            "renamed": renamed_cell.batch_name,
            "lots": [entry.name for entry in lots],
            "lots_total": lots.total,
            "refused": refused is not None,
            "kept": [kept.name, kept.batch_id],
            "remaining": [c.name for c in remaining],
        }
    )
)
