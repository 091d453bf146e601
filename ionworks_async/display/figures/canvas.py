"""A matplotlib figure without pyplot, shown inline in a notebook; frame columns."""

from __future__ import annotations

from typing import Any

from ...errors import MissingDependencyError
from .. import ipython_shell

__all__ = ["as_written", "column", "column_names", "has_column", "new_figure"]


def new_figure(rows: int, *, height: float) -> tuple[Any, list[Any]]:
    """Return a figure of ``rows`` stacked axes sharing x, and its axes.

    Raises
    ------
    MissingDependencyError
        When matplotlib is not installed.
    """
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependencyError(
            'Plots need matplotlib: pip install "ionworks-async[plot]"'
        ) from None
    _show_inline(Figure)
    figure = Figure(figsize=(9.0, height), layout="constrained")
    axes = figure.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    return figure, list(axes)


def as_written(*texts: Any) -> None:
    """Draw texts as written: a name's ``$`` is no math (``Cost $5 vs $10``)."""
    for text in texts:
        text.set_parse_math(False)


def _show_inline(figure_class: type) -> None:
    """Let a Jupyter kernel show a returned figure as PNG (pyplot's way, without it)."""
    shell = ipython_shell()
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", {})
    png = formatters.get("image/png") if isinstance(formatters, dict) else None
    if png is None:
        return
    try:
        png.lookup_by_type(figure_class)  # matplotlib's own inline support is on
    except KeyError:
        png.for_type(figure_class, _png)


def _png(figure: Any) -> bytes:
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96)
    return buffer.getvalue()


def column_names(frame: Any) -> list[str]:
    """Return the column names of a frame of any backend."""
    names: Any = getattr(frame, "column_names", None)
    if names is None:
        names = getattr(frame, "columns", ())
    return [str(name) for name in names]


def has_column(frame: Any, name: str) -> bool:
    """Whether a frame of any backend has the column."""
    return name in column_names(frame)


def column(frame: Any, name: str) -> Any:
    """Return a column of a frame of any backend as a float64 numpy array.

    Raises
    ------
    ValueError
        When the frame has no such column, naming the ones it has.
    """
    import numpy as np

    if not has_column(frame, name):
        raise ValueError(
            f"The data has no {name!r} column; it has {column_names(frame)}"
        )
    values = frame[name]
    if hasattr(values, "to_numpy"):
        values = values.to_numpy()  # pandas, polars, pyarrow (a Table gives a list)
    return np.asarray(values, dtype=np.float64)
