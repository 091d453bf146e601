"""Bulk creates: 500 cell instances in one call, with a report of every item.

Items are taken from any iterable as slots free up; with ``if_exists="get"``
(the default) a re-run resolves existing names, so a crashed job finishes.
"""

from ionworks import Ionworks

with Ionworks() as client:
    spec = client.cell_spec.create_or_get({"name": "LFP 18650"})
    cells = (
        {"name": f"LFP-{n:04d}", "batch": "B7"} for n in range(500)
    )  # any iterable
    result = client.cell_instance.create_many(spec.id, cells, concurrency=32)
    print(result)  # 500 items in 0.4 s (1250/s): 500 created, 0 existing, 0 failed
    result.raise_for_failures()  # one BatchError listing every failure, if any
