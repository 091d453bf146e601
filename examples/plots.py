"""Figures of a cell's data: a measurement's voltage and current, capacity per cycle.

Needs matplotlib (``pip install -e ".[plot]"``). A figure is a matplotlib
``Figure`` built without pyplot; in a notebook it shows inline.
"""

import ionworks
from ionworks_async.local.demo import constant_current_protocol

client = ionworks.Ionworks()
spec = client.cell_spec.create_or_get({"name": "plotted cells"})
cell = client.cell_instance.create_or_get(spec.id, {"name": "plotted 1"})
client.cell_measurement.create_or_get(
    cell.id,
    {"measurement": {"name": "1C"}, "time_series": constant_current_protocol()},
)
detail = client.cell_instance.detail(cell.id)
figure = detail.measurements[0].plot()  # voltage and current, steps shaded
figure.savefig("1C.png")
detail.plot(quantity="capacity").savefig("cycles.png")  # per cycle, every run
print([axes.get_ylabel() for axes in figure.axes])  # ['Voltage [V]', 'Current [A]']
