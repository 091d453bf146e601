"""The data cache: a repeat ``detail()`` costs one round trip.

The data of a processed measurement changes only with its ``updated_at``, so
``detail()`` keeps it on disk (``cache_dir``; on by default) and a repeat reads
unchanged measurements from there. Run against ionworks-local, or any server
``IONWORKS_API_KEY`` and ``IONWORKS_API_URL`` name.
"""

import ionworks
from ionworks_async.local.demo import constant_current_protocol

client = ionworks.Ionworks(cache_dir="ionworks-cache")  # or IONWORKS_CACHE_DIR
spec = client.cell_spec.create_or_get({"name": "cached cells"})
cell = client.cell_instance.create_or_get(spec.id, {"name": "cell 1"})
client.cell_measurement.create_or_get(
    cell.id,
    {"measurement": {"name": "run"}, "time_series": constant_current_protocol()},
)

first = client.cell_instance.detail(cell.id)  # fetched, and kept on disk
again = client.cell_instance.detail(cell.id)  # the instance and the list only
print(again.measurements[0].steps.equals(first.measurements[0].steps))  # True
print(client.clear_cache())  # 2
