"""One module a cycler; :data:`READERS`, found in them, in the order files are tried.

Every module of this package is imported and every reader class it defines
(one with the attributes of :class:`~.._protocol.Reader`) is built with no
argument, so adding a format is adding its module. The readers are tried in
their ``order``: the cycler's own readers first, workbooks next, the generic
``csv`` and ``parquet`` last, so a file goes to the reader of the cycler that
wrote it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import cast

from ..toolkit import Reader

__all__ = ["ALIASES", "FOLDER_NAMES", "READERS"]

_NEEDED = ("key", "cycler", "order", "folder_names", "recognises", "read")


def _readers() -> tuple[Reader, ...]:
    found: list[Reader] = []
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and all(
                hasattr(cls, name) for name in _NEEDED
            ):
                found.append(cast(Reader, cls()))
    return tuple(sorted(found, key=lambda reader: (reader.order, reader.key)))


READERS: tuple[Reader, ...] = _readers()
"""Every reader, in the order a file is tried against them."""

ALIASES: dict[str, str] = {
    alias: reader.key for reader in READERS for alias in getattr(reader, "aliases", ())
}
"""Other keys ionworksdata accepts for the same reader."""

FOLDER_NAMES: frozenset[str] = frozenset(
    name for reader in READERS for name in reader.folder_names
)
"""Folder names that group files by cycler (lower case, letters and digits)."""
