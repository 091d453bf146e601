"""HTML tables for notebooks: every value escaped, long ones cut."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from .text import LIMIT, short

__all__ = ["html_table", "html_value"]

ROWS = 50
"""The most rows an HTML table shows; the rest are counted below it."""


def html_value(value: Any, limit: int = LIMIT) -> str:
    """Return one cell's HTML: the value's short text, escaped (empty for None)."""
    if value is None:
        return ""
    return escape(short(value, limit))


def html_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    caption: str | None = None,
    total: int | None = None,
    limit: int = LIMIT,
) -> str:
    """Return a compact HTML table (at most :data:`ROWS` rows).

    Parameters
    ----------
    headers : sequence of str
        The column names.
    rows : iterable of sequences
        The cells, one sequence a row; only the first :data:`ROWS` are read.
    caption : str, optional
        Text above the table (escaped).
    total : int, optional
        How many rows there are in all, when more than are given; a line
        below the table counts the rows not shown.
    limit : int, optional
        The longest text a cell shows.

    Returns
    -------
    str
        The HTML.
    """
    head = "".join(f"<th>{escape(name)}</th>" for name in headers)
    body = []
    for count, row in enumerate(rows):
        if count == ROWS:
            break
        body.append(
            "<tr>" + "".join(f"<td>{html_value(v, limit)}</td>" for v in row) + "</tr>"
        )
    shown = len(body)
    parts = []
    if caption:
        parts.append(f"<p><b>{escape(caption)}</b></p>")
    parts.append(
        '<table class="ionworks"><thead><tr>'
        + head
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )
    if total is not None and total > shown:
        parts.append(f"<p>… and {total - shown} more</p>")
    return "".join(parts)
