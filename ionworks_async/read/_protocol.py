"""What a cycler reader is: a key, a way to recognise its files, a way to read them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from ._columns import CyclerColumns
from ._head import Head

__all__ = ["Reader"]


class Reader(Protocol):
    """A reader of one cycler's files (a class of a module under :mod:`.readers`).

    A reader module is found by the registry (:data:`.readers.READERS`): a
    class defined in it with these attributes is a reader, built with no
    argument. Adding a format is adding its module.
    """

    key: str
    """The reader's name, as ionworksdata's ``reader=`` takes it."""
    cycler: str
    """The cycler (or format) the files come from, as metadata names it."""
    order: int
    """When files are tried against it, lowest first: a cycler's own readers
    below 800, workbooks at 800, the generic readers of the API's columns
    from 900."""
    folder_names: tuple[str, ...]
    """Folder names (lower case, letters and digits only) that labs file
    this cycler's exports under; ``ionworks ingest`` does not take such a
    folder for a cell."""

    def recognises(self, head: Head) -> bool:
        """Whether the file is this reader's, from its first bytes alone."""
        ...

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read the whole file into SI columns and header metadata."""
        ...
