"""The Examples sections of the public methods run, as written, in the blocking client.

The async methods' examples ``await``; their blocking twins' docstrings are the
same without it (the generator drops it), and those run here, in order,
against ionworks-local: each example starts from ``client``, a specification
``spec`` and a cell instance ``cell``, and later ones use what the upload's
example made (``series``, ``bundle``).
"""

from __future__ import annotations

import doctest
import inspect
from typing import Any

import ionworks
from ionworks import Ionworks

from ..support import LOCAL_KEY

ORDER = [
    "CellSpecificationClient.create_or_get",
    "CellInstanceClient.create_or_get",
    "CellMeasurementClient.create",
    "CellMeasurementClient.create_or_get",
    "CellMeasurementClient.time_series",
    "CellInstanceClient.detail",
    "CellMeasurementClient.create_properties",
    "CellInstanceClient.create_many",
]
"""Every public method with an example, in the order they build on each other."""


def _examples() -> dict[str, str]:
    """The blocking methods whose docstrings have examples that run."""
    found = {}
    for name in ionworks.__all__:
        cls = getattr(ionworks, name)
        if not (isinstance(cls, type) and name.endswith("Client")):
            continue
        for method_name, method in vars(cls).items():
            doc = inspect.getdoc(method) or ""
            runnable = [line for line in doc.splitlines() if ">>>" in line]
            if runnable and not all("+SKIP" in line for line in runnable):
                found[f"{name}.{method_name}"] = doc
    return found


def test_every_example_runs_and_prints_what_it_says(local_thread_server: Any) -> None:
    examples = _examples()
    assert sorted(examples) == sorted(ORDER)  # a new example is added to ORDER
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    with Ionworks(LOCAL_KEY, local_thread_server.url, cache_dir=False) as client:
        spec = client.cell_spec.create({"name": "examples"})
        names: dict[str, Any] = {
            "client": client,
            "spec": spec,
            "cell": client.cell_instance.create(spec.id, {"name": "cell 1"}),
        }
        for name in ORDER:
            test = parser.get_doctest(examples[name], names, name, None, 0)
            runner.run(test, clear_globs=False)
            names = test.globs
            assert "await" not in examples[name], name
    summary = runner.summarize(verbose=False)
    assert summary.attempted >= 20 and summary.failed == 0, summary
