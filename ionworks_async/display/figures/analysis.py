"""A fleet's fade, and a cell's dQ/dV and voltage-capacity curves."""

from __future__ import annotations

from typing import Any

from .canvas import as_written, column, column_names, has_column, new_figure

__all__ = ["plot_curves", "plot_fade", "texts"]


def texts(frame: Any, name: str) -> list[str]:
    """Return a column of a frame of any backend as text (missing: ``""``)."""
    if not has_column(frame, name):
        raise ValueError(
            f"The data has no {name!r} column; it has {column_names(frame)}"
        )
    values = frame[name]
    for way in ("to_pylist", "to_list", "tolist"):
        if hasattr(values, way):
            values = getattr(values, way)()
            break
    return ["" if value is None else str(value) for value in values]


def plot_fade(
    table: Any,
    *,
    metric: str = "Cell capacity retention",
    by: str = "Lot",
    title: str | None = None,
) -> Any:
    """Draw a fleet's fade: each cell's line, coloured by its lot, and each lot's band.

    Parameters
    ----------
    table : Frame
        ``cycle_table()``'s frame (``Cell``, ``Cell cycle``, ``Lot``, the
        metric).
    metric : str, optional
        The column drawn against ``Cell cycle`` (default the retention
        against each cell's first cycle; ``"Discharge capacity [A.h]"``...).
    by : str, optional
        The column that colours the cells (default ``Lot``).
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        Each cell a thin line; each group its median across its cells, cycle
        by cycle, bold, and the band between its lowest and highest.

    Raises
    ------
    ValueError
        When a column is missing or the table has no rows.
    MissingDependencyError
        When matplotlib is not installed.
    """
    import numpy as np

    cycles = column(table, "Cell cycle")
    values = column(table, metric)
    cells = texts(table, "Cell id" if has_column(table, "Cell id") else "Cell")
    groups = texts(table, by)
    if not len(cycles):
        raise ValueError("The table has no rows to draw")
    figure, (axes,) = new_figure(1, height=5.0)
    names = sorted(set(groups))
    colours = {name: f"C{k % 10}" for k, name in enumerate(names)}
    cell_of = np.asarray(cells, dtype=object)
    group_of = np.asarray(groups, dtype=object)
    for cell in dict.fromkeys(cells):
        rows = np.flatnonzero(cell_of == cell)
        order = rows[np.argsort(cycles[rows], kind="stable")]
        axes.plot(
            cycles[order],
            values[order],
            color=colours[group_of[order[0]]],
            linewidth=0.8,
            alpha=0.45,
        )
    for name in names:
        rows = group_of == name
        at = np.unique(cycles[rows])
        stacked = [values[rows & (cycles == c)] for c in at]
        median = np.array([np.nanmedian(v) if len(v) else np.nan for v in stacked])
        low = np.array([np.nanmin(v) for v in stacked])
        high = np.array([np.nanmax(v) for v in stacked])
        shown = name or f"(no {by.lower()})"
        label = f"{shown} (median of {len(set(cell_of[rows]))})"
        axes.plot(at, median, color=colours[name], linewidth=2.2, label=label)
        axes.fill_between(at, low, high, color=colours[name], alpha=0.15, linewidth=0)
    axes.set_xlabel("Cycle (across each cell's measurements)")
    axes.set_ylabel(metric)
    legend = axes.legend(loc="best", fontsize="small")
    as_written(*legend.get_texts())
    if title:
        as_written(figure.suptitle(title))
    return figure


def plot_curves(frame: Any, *, title: str | None = None) -> Any:
    """Draw dQ/dV against voltage, dV/dQ or voltage against capacity, a line a cycle.

    Parameters
    ----------
    frame : Frame
        ``dqdv()``, ``dvdq()`` or ``voltage_capacity()``'s frame: a line each
        cycle and direction, coloured along the cycles (early light, late
        dark), charging solid and discharging dashed.
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        When the frame is none of the three.
    MissingDependencyError
        When matplotlib is not installed.
    """
    import numpy as np

    kinds = (
        ("dQ/dV [A.h.V-1]", "Voltage [V]"),
        ("dV/dQ [V.A.h-1]", "Capacity [A.h]"),
        ("Voltage [V]", "Capacity [A.h]"),
    )
    found = [(y, x) for y, x in kinds if has_column(frame, y) and has_column(frame, x)]
    if not found or not has_column(frame, "Cycle count"):
        raise ValueError(
            "Give dqdv(), dvdq() or voltage_capacity()'s frame; this one has "
            f"{column_names(frame)}"
        )
    y_name, x_name = found[0]
    x, y = column(frame, x_name), column(frame, y_name)
    cycles = column(frame, "Cycle count")
    ways = np.asarray(texts(frame, "Direction"), dtype=object)
    figure, (axes,) = new_figure(1, height=5.0)
    from matplotlib import colormaps

    shades = colormaps["viridis_r"]
    known = np.unique(cycles)
    for k, cycle in enumerate(known):
        colour = shades(0.15 + 0.85 * k / max(len(known) - 1, 1))
        label: str | None = f"cycle {int(cycle)}"
        for way, style in (("charge", "-"), ("discharge", "--")):
            rows = (cycles == cycle) & (ways == way)
            if rows.any():
                axes.plot(x[rows], y[rows], style, color=colour, lw=1.0, label=label)
                label = None  # one legend entry a cycle
    axes.set_xlabel(x_name)
    axes.set_ylabel(y_name)
    if len(known) <= 12:
        axes.legend(loc="best", fontsize="small")
    if title:
        as_written(figure.suptitle(title))
    return figure
