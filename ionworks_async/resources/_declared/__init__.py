"""The plain methods of each resource, declared once: path, record, filters, words.

A resource's plain methods — ``get``, ``list`` with its filters, ``iter_all``,
``create``, ``create_or_get``, ``create_many``, ``update``, ``delete`` — do
the same thing for every record kind; what differs is declared here
(:mod:`.vocabulary` says how). The generator (``python -m
ionworks_async.resources._declared.codegen``) writes their code into
:mod:`ionworks_async.resources._generated`, one base class a resource, and CI
checks the file (``--check``), as it does the blocking facade. The
hand-written classes subclass them, override a hook of
:class:`~ionworks_async.resources._plain.PlainResource` where a resource has
behaviour of its own (a default project, lot names, tags), and add the
methods that are not plain.

Adding a sub-client of plain records is one :class:`Declared` (here, in
:mod:`.cells` or :mod:`.records`), its path in
:mod:`ionworks_async.resources._paths`, and its tests.
"""

from __future__ import annotations

from .cells import BATCH, INSTANCE, SPECIFICATION
from .records import MEASUREMENT, PROJECT, RAW_DATA
from .vocabulary import Declared, Doc, Extra

__all__ = ["DECLARED", "Declared", "Doc", "Extra"]

DECLARED: tuple[Declared, ...] = (
    SPECIFICATION,
    BATCH,
    INSTANCE,
    PROJECT,
    MEASUREMENT,
    RAW_DATA,
)
"""Every resource's plain methods, in the order they are generated."""
