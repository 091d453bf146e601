"""Run by tests/integration/test_peer.py in the public client's own environment.

The public client's raw-data calls against ionworks-local: upload a file,
list, get, download (twice: the second from its cache), update, link it to a
measurement, list both ways, unlink, delete. Arguments: the server's URL and
key. Prints one JSON line of what it saw.
"""

import json
import os
import sys

from ionworks import Ionworks

url, key = sys.argv[1], sys.argv[2]
client = Ionworks(api_key=key, api_url=url)
spec = client.cell_spec.create({"name": "Raw spec"})
cell = client.cell_instance.create(spec.id, {"name": "cell-1"})
made = client.cell_measurement.create_properties(
    cell.id, "mass", {"mass": {"value": 1.0, "unit": "g"}}
)
original = b"Today's Date\tmade by hand\n" + os.urandom(2048)
with open("run.041", "wb") as handle:
    handle.write(original)
raw = client.raw_data.upload(
    spec.project_id, "run.041", source="Maccor, channel 41", metadata={"lab": "A"}
)
page = client.raw_data.list(spec.project_id)
got = client.raw_data.get(raw.id)
download_url = client.raw_data.download_url(raw.id)
first = client.raw_data.download(raw.id)
second = client.raw_data.download(raw.id)
updated = client.raw_data.update(raw.id, name="run 41", metadata={"lab": "B"})
cleared = client.raw_data.update(raw.id, source="")
client.cell_measurement.attach_raw_data(made.id, [raw.id])
client.cell_measurement.attach_raw_data(made.id, [raw.id])  # idempotent
linked = client.cell_measurement.list_raw_data(made.id)
measurements = client.raw_data.list_measurements(raw.id)
client.cell_measurement.detach_raw_data(made.id, raw.id)
after = client.cell_measurement.list_raw_data(made.id)
client.raw_data.delete(raw.id)
try:
    client.raw_data.get(raw.id)
    gone = False
except Exception as error:
    gone = "404" in str(error) or "not found" in str(error).lower()
print(
    json.dumps(
        {
            "uploaded": [raw.name, raw.filename, raw.source],
            "listed": [[r.id for r in page] == [raw.id], page.total],
            "got": [got.id == raw.id, got.project_id == spec.project_id],
            "signed": download_url.startswith(url) and "token=" in download_url,
            "downloaded": [first == original, second == original],
            "updated": [updated.name, getattr(updated, "metadata", None)],
            "cleared": cleared.source,
            "linked": [[r.id for r in linked] == [raw.id], linked.total],
            "measurements": [list(measurements) == [made.id], measurements.total],
            "after": after.total,
            "gone": gone,
        }
    )
)
