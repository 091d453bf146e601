"""Original files kept as raw data, and linked to the measurements made from them.

Raw files never change, so ``download`` keeps them in the data cache.
"""

import io

from ionworks import Ionworks

with Ionworks() as client:
    spec = client.cell_spec.create_or_get({"name": "raw data demo"})
    cell = client.cell_instance.create_or_get(spec.id, {"name": "cell 1"})
    mass = client.cell_measurement.create_properties(
        cell.id,
        "mass at receipt",
        {"mass": {"value": 68.2, "unit": "g"}},
        if_exists="get",
    )
    original = client.raw_data.upload(
        spec.project_id, io.BytesIO(b"scale export, 68.2 g"), name="scale.txt"
    )
    client.cell_measurement.attach_raw_data(mass.id, [original.id])
    print(
        [r.name for r in client.cell_measurement.list_raw_data(mass.id)]
    )  # ['scale.txt']
    print(client.raw_data.download(original.id))  # b'scale export, 68.2 g'
    client.raw_data.delete(original.id)
