"""What a cycler reader is: a key, a way to recognise its files, a way to read them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from ._raw import Raw
from ._source import Head

__all__ = ["Reader"]


class Reader(Protocol):
    """A reader of one cycler's files (one module under :mod:`.readers`)."""

    key: str
    """The reader's name, as ionworksdata's ``reader=`` takes it."""
    cycler: str
    """The cycler (or format) the files come from, as metadata names it."""

    def recognises(self, head: Head) -> bool:
        """Whether the file is this reader's, from its first bytes alone."""
        ...

    def read(self, head: Head, options: Mapping[str, Any]) -> Raw:
        """Read the whole file into SI columns and header metadata."""
        ...
