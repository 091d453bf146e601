"""Run by tests/integration/test_peer.py in the public client's own environment.

The public client's large uploads against ionworks-local: a 17 MiB raw-data
file and a 17 MiB file measurement, which it sends by S3 multipart (boto3,
its ``large-uploads`` extra) when ionworks-local offers it, then downloads
to compare. Arguments: the server's URL and key. Prints one JSON line.
"""

import importlib.util
import json
import os
import sys

from ionworks import Ionworks

url, key = sys.argv[1], sys.argv[2]
client = Ionworks(api_key=key, api_url=url)
spec = client.cell_spec.create({"name": "Large"})
cell = client.cell_instance.create(spec.id, {"name": "cell-1"})
data = os.urandom(17 * 1024**2 + 11)
with open("big.bin", "wb") as handle:
    handle.write(data)
raw = client.raw_data.upload(spec.project_id, "big.bin")
same_raw = client.raw_data.download(raw.id) == data
made = client.cell_measurement.create_file(cell.id, "dump", ["big.bin"])
same_file = client.cell_measurement.get_file(made.id, "big.bin") == data
stats = client.get("/_local/stats")
s3 = {k: v for k, v in stats["requests"].items() if "/storage/s3/" in k}
print(
    json.dumps(
        {
            "boto3": importlib.util.find_spec("boto3") is not None,
            "same": [same_raw, same_file],
            "s3": s3,
        }
    )
)
