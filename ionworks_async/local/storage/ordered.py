"""The order of a list's matches, kept between its pages until the next write.

A client walking a list asks for page after page of one query. Counting the
matches and skipping ``OFFSET`` rows at every page makes the walk grow with
the square of the list; instead the first page reads the matches' row ids
in order, once, and every later page of the same query takes its slice and
reads those rows alone, until any write (``total_changes`` moves) makes the
order stale.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["OrderedIds"]

Key = tuple[str, tuple[Any, ...]]


class OrderedIds:
    """The ordered row ids of the latest list queries (a few, by query).

    Parameters
    ----------
    size : int, optional
        The queries kept.
    """

    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._found: OrderedDict[Key, tuple[int, list[int]]] = OrderedDict()

    def clear(self) -> None:
        """Forget every order (a new connection counts its changes anew)."""
        self._found.clear()

    def ids(
        self,
        db: sqlite3.Connection,
        sql: str,
        values: Sequence[Any],
        read: Callable[[], list[int]],
    ) -> list[int]:
        """Return a query's row ids in order, read by ``read`` when not held."""
        key = (sql, tuple(values))
        version = db.total_changes
        held = self._found.get(key)
        if held is not None and held[0] == version:
            self._found.move_to_end(key)
            return held[1]
        found = read()
        self._found[key] = (version, found)
        while len(self._found) > self._size:
            self._found.popitem(last=False)
        return found
