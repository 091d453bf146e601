"""The public type aliases of the signatures, in one module.

Each is an alias, not a class: annotate with them, pass what they name.
Importing this module loads nothing heavy (no aiohttp, no pyarrow). The
aliases of data tables (:data:`Frame`, :data:`DataFrameBackend`,
:data:`TableSource`) are :mod:`~ionworks_async.tables`' own, named here too.
"""

from __future__ import annotations

import datetime as dt
import os
import ssl
from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from typing import IO, Literal, TypeAlias, TypeVar

from .tables.aliases import DataFrameBackend, Frame, TableSource

__all__ = [
    "CacheDir",
    "ConversionTarget",
    "DataFrameBackend",
    "DateLike",
    "FileInput",
    "FileSources",
    "Frame",
    "IfExists",
    "ItemSource",
    "ModelChemistry",
    "OrgRole",
    "PathInput",
    "Progress",
    "SimulationState",
    "TableSource",
    "Verify",
]

I = TypeVar("I")  # noqa: E741

CacheDir: TypeAlias = "str | os.PathLike[str] | Literal[False] | None"
"""A cache folder, ``False`` for no cache, or ``None`` for the default."""

FileInput: TypeAlias = "str | os.PathLike[str] | IO[bytes]"
"""A file to upload: its path, or an open binary file."""

FileSources: TypeAlias = (
    "str | os.PathLike[str] | Mapping[str, bytes | IO[bytes]] | "
    "Iterable[str | os.PathLike[str] | IO[bytes] | tuple[str, bytes | IO[bytes]]]"
)
"""The files of a file measurement: paths, open binary files (named by their
``name``), ``(file name, bytes or open binary file)`` pairs, or a mapping of
file name to content."""

DateLike: TypeAlias = dt.datetime | dt.date | str
"""A point in time for a filter: a datetime, a date, or an ISO 8601 string."""

ConversionTarget: TypeAlias = Literal[
    "maccor", "arbin", "arbin_sdx", "neware", "biologic_bttest", "novonix"
]
"""A cycler format a protocol converts to."""

IfExists: TypeAlias = Literal["get", "error"]
"""What a bulk create does with a name that exists: return it, or fail."""

ModelChemistry: TypeAlias = Literal["lithium_ion", "lithium_sulfur", "ecm", "generic"]
"""The chemistry of an uploaded model."""

PathInput: TypeAlias = "str | os.PathLike[str]"
"""A file's path."""

SimulationState: TypeAlias = Literal["queued", "running", "completed", "failed"]
"""A simulation's state, to list those in it."""

OrgRole: TypeAlias = Literal["Admin", "Member"]
"""A role in the organisation."""

ItemSource: TypeAlias = Iterable[I] | AsyncIterable[I]
"""Items of a batch: any iterable or async iterable, consumed lazily."""

Progress: TypeAlias = bool | Callable[[int, int | None, int], None]
"""``True`` for a progress bar, or a callable ``(done, total_or_None, failed)``."""

Verify: TypeAlias = bool | str | os.PathLike[str] | ssl.SSLContext
"""How to verify TLS certificates: on, off, a CA bundle path, or a context."""
