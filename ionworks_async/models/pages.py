"""``PaginatedList``: what ``list()`` returns — a real list that knows the total."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from ..display import html_table

__all__ = ["PaginatedList"]

T = TypeVar("T")

SHOWN = 10
"""The most items ``repr`` shows; the rest are counted."""


class PaginatedList(list[T]):
    """The records ``list()`` returned: a ``list``, with the number of matches.

    ``list()`` given neither ``limit`` nor ``offset`` walks every page and
    returns every match; given either, it returns that one page. Either way
    the result is a real ``list`` (``isinstance(x, list)``, ``.sort()``,
    ``+`` and slicing behave as for any list) that also carries :attr:`total`,
    and, as the public client's page has them, :attr:`items` and
    :attr:`count` (the number of records in it: an ``int``, not
    ``list.count``).

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
        """The records, as a plain ``list`` (the public client's ``.items``)."""
        return list(self)

    @property
    def count(self) -> int:  # type: ignore[override]
        """The number of records here (``len()``), as the public client has it."""
        return len(self)

    def __repr__(self) -> str:
        shown = ", ".join(repr(item) for item in self[:SHOWN])
        if len(self) > SHOWN:
            shown += f", … {len(self) - SHOWN} more"
        return f"PaginatedList([{shown}], total={self.total})"

    def _repr_html_(self) -> str:
        kinds = {type(item).__name__ for item in self}
        caption = f"{len(self)} {', '.join(sorted(kinds)) or 'records'}" + (
            f" (of {self.total})" if self.total not in (None, len(self)) else ""
        )
        summary = getattr(self[0], "summary", None) if self else None
        if not callable(summary) or len(kinds) != 1:
            return html_table(("item",), ([item] for item in self), caption=caption)
        headers = list(summary())
        rows = ([getattr(item, name, None) for name in headers] for item in self)
        return html_table(headers, rows, caption=caption, total=len(self))
