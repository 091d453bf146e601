"""``PaginatedList``: what ``list()`` returns — a real list that knows the total."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

__all__ = ["PaginatedList"]

T = TypeVar("T")


class PaginatedList(list[T]):
    """The records ``list()`` returned: a ``list``, with the number of matches.

    ``list()`` given neither ``limit`` nor ``offset`` walks every page and
    returns every match; given either, it returns that one page. Either way
    the result is a real ``list`` (``isinstance(x, list)``, ``.sort()``,
    ``+``, slicing and ``.count(item)`` behave as for any list) that also
    carries :attr:`total`.

    Parameters
    ----------
    items : iterable, optional
        The records.
    total : int or None, optional
        How many records match the query across all pages, when known.

    Attributes
    ----------
    total : int or None
        How many records match across all pages: for a whole walk, the number
        returned; for one page, what the API said (``None`` for legacy routes
        that answer a bare array).
    """

    __slots__ = ("total",)

    def __init__(self, items: Iterable[T] = (), total: int | None = None) -> None:
        super().__init__(items)
        self.total = total

    @property
    def items(self) -> list[T]:
        """The records themselves (for code written for ``.items``)."""
        return self

    def __repr__(self) -> str:
        return f"PaginatedList({list.__repr__(self)}, total={self.total})"
