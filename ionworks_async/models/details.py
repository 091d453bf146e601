"""What ``detail()`` returns: records with the data fetched for them, read flat."""

from __future__ import annotations

import base64
import math
from typing import Any, Literal

import attrs

from ..display import call_repr, html_table, shape_text, short
from ..tables.backends import Frame
from .records import CellInstance, CellMeasurement
from .surface import plain

__all__ = ["CellInstanceDetail", "CellMeasurementDetail", "StepsAndCycles"]


def columns_json(frame: Frame | None) -> dict[str, list[Any]] | None:
    """Return a frame as JSON-ready columns (a value that is not finite: None)."""
    if frame is None:
        return None
    from ..tables.table import as_table

    def value(item: Any) -> Any:
        if isinstance(item, float) and not math.isfinite(item):
            return None
        return plain(item, "json")

    columns = as_table(frame).to_dict()
    return {name: [value(item) for item in items] for name, items in columns.items()}


@attrs.frozen(kw_only=True, repr=False)
class CellMeasurementDetail:
    """A measurement with the data ``detail()`` fetched for it, read flat.

    Every field of the measurement is readable on the detail itself
    (``md.name``, ``md.processing_status``, ``md.protocol``, fields the client
    does not declare too), as the Ionworks guide reads it; ``md.measurement``
    is the measurement record, for code written against the nested form.

    Attributes
    ----------
    measurement : CellMeasurement
        The measurement's metadata.
    instance_id : str or None
        The id of the measurement's cell instance.
    specification_id : str or None
        The id of the instance's specification (filled by
        ``cell_instance.detail``; ``None`` from ``cell_measurement.detail``).
    steps, cycles, time_series : Frame or None
        The data (a :class:`Table`, or the client's ``dataframe_backend``
        type), or ``None`` when not requested or not available (a legacy
        measurement without a steps file, a properties measurement).
    files : dict of str to bytes or None
        The files of a ``file`` measurement, by file name.
    """

    measurement: CellMeasurement
    instance_id: str | None = None
    specification_id: str | None = None
    steps: Frame | None = None
    cycles: Frame | None = None
    time_series: Frame | None = None
    files: dict[str, bytes] | None = attrs.field(default=None, repr=False)

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup fails: the measurement's fields.
        if name.startswith("_"):
            raise AttributeError(name)
        measurement = object.__getattribute__(self, "measurement")
        try:
            return getattr(measurement, name)
        except AttributeError:
            raise AttributeError(
                f"'CellMeasurementDetail' object has no attribute {name!r}"
            ) from None

    def __dir__(self) -> list[str]:
        # The measurement's fields read flat, so they are listed too.
        return sorted({*super().__dir__(), *dir(self.measurement)})

    @property
    def id(self) -> str:
        """The measurement id."""
        return self.measurement.id

    @property
    def name(self) -> str:
        """The measurement name."""
        return self.measurement.name

    @property
    def cycle_metrics(self) -> Frame | None:
        """One row a cycle of metrics, from the steps fetched (no request).

        :func:`ionworks_async.analysis.cycle_metrics` of :attr:`steps`
        (capacities, energies, efficiencies, retention and fade against the
        first cycle, ...), as the same kind of frame; ``None`` without steps,
        or when the steps have no capacities to measure a cycle by.
        """
        if self.steps is None:
            return None
        from ..analysis.frames import cycle_metrics_of

        try:
            return cycle_metrics_of(self.steps)
        except ValueError:
            return None

    def to_dict(self) -> dict[str, Any]:
        """Return the measurement and its data as JSON-ready values.

        Returns
        -------
        dict
            The measurement's fields (:meth:`Record.to_dict`), its ids, each
            table as columns (``None`` when not fetched; a value that is not
            finite becomes ``None``) and each file as base64 text.
        """
        files = None
        if self.files is not None:
            files = {k: base64.b64encode(v).decode() for k, v in self.files.items()}
        return {
            **self.measurement.to_dict(),
            "instance_id": self.instance_id,
            "specification_id": self.specification_id,
            "steps": columns_json(self.steps),
            "cycles": columns_json(self.cycles),
            "time_series": columns_json(self.time_series),
            "files": files,
        }

    def plot(
        self,
        *,
        title: str | None = None,
        kind: Literal["time_series", "impedance"] | None = None,
    ) -> Any:
        """Draw the time series: voltage and current, or an impedance spectrum.

        Parameters
        ----------
        title : str, optional
            The figure's title (the measurement's name unless given).
        kind : {"time_series", "impedance"}, optional
            What to draw. By default an impedance spectrum (Nyquist and Bode)
            when the series holds one (``Frequency [Hz]``, ``Z_Re [Ohm]``,
            ``Z_Im [Ohm]``), else voltage and current against time with the
            steps shaded.

        Returns
        -------
        matplotlib.figure.Figure
            Shown inline when it ends a notebook cell; ``fig.savefig(path)``
            writes it.

        Raises
        ------
        ValueError
            When the detail holds no time series (a file or properties
            measurement, or one fetched without it), or no spectrum for
            ``kind="impedance"``.
        MissingDependencyError
            When matplotlib is not installed (``ionworks-async[plot]``).

        Examples
        --------
        >>> figure = detail.measurements[0].plot()  # doctest: +SKIP
        >>> figure.savefig("cycling.png")  # doctest: +SKIP
        """
        from ..display.figures import is_impedance, plot_impedance, plot_time_series

        if kind not in (None, "time_series", "impedance"):
            raise ValueError(f"kind must be 'time_series' or 'impedance', not {kind!r}")
        if self.time_series is None:
            raise ValueError(
                f"Measurement {self.id} ({self.name!r}) has no time series to "
                f"plot (its type is {self.measurement.measurement_type!r})"
            )
        if kind == "impedance" or (kind is None and is_impedance(self.time_series)):
            return plot_impedance(self.time_series, title=title or self.name)
        return plot_time_series(self.time_series, title=title or self.name)

    def data_shapes(self) -> dict[str, str | None]:
        """Return each frame's ``rowsxcolumns`` (``None`` where there is none)."""
        return {
            "time_series": shape_text(self.time_series),
            "steps": shape_text(self.steps),
            "cycles": shape_text(self.cycles),
        }

    def __repr__(self) -> str:
        shapes = [f"{k}={v}" for k, v in self.data_shapes().items() if v is not None]
        if self.files is not None:
            shapes.append(f"files={sorted(self.files)!r}")
        return call_repr(
            "CellMeasurementDetail", self.measurement.summary().items(), *shapes
        )

    def _repr_html_(self) -> str:
        summary = self.measurement.summary()
        shapes = {k: v for k, v in self.data_shapes().items() if v is not None}
        rows = [
            *summary.items(),
            *((f"{k} (rows x columns)", v) for k, v in shapes.items()),
        ]
        if self.files is not None:
            rows.append(("files", ", ".join(sorted(self.files))))
        rows += [
            (k, v)
            for k, v in self.measurement.to_dict().items()
            if k not in summary and v is not None
        ]
        return html_table(
            ("field", "value"), rows, caption=f"CellMeasurementDetail {self.name}"
        )


@attrs.frozen(kw_only=True, repr=False)
class StepsAndCycles:
    """A measurement's steps and cycles, fetched in one request.

    Attributes
    ----------
    steps : Frame
        One row a step (a :class:`Table`, or the ``dataframe_backend`` type).
    cycles : Frame
        One row a cycle.
    """

    steps: Frame
    cycles: Frame

    def to_dict(self) -> dict[str, Any]:
        """Return both tables as JSON-ready columns."""
        return {"steps": columns_json(self.steps), "cycles": columns_json(self.cycles)}

    def __repr__(self) -> str:
        return (
            f"StepsAndCycles(steps={shape_text(self.steps)}, "
            f"cycles={shape_text(self.cycles)})"
        )


@attrs.frozen(kw_only=True, repr=False)
class CellInstanceDetail:
    """A cell instance with all its measurements and their data.

    Attributes
    ----------
    instance : CellInstance
        The instance's metadata.
    specification_id : str
        The id of its cell specification (fetch it with ``cell_spec.get``).
    measurements : list of CellMeasurementDetail
        Every measurement of the instance, in the API's list order.
    """

    instance: CellInstance
    specification_id: str
    measurements: list[CellMeasurementDetail]

    @property
    def id(self) -> str:
        """The instance id."""
        return self.instance.id

    @property
    def name(self) -> str:
        """The instance name."""
        return self.instance.name

    def to_dict(self) -> dict[str, Any]:
        """Return the instance, its specification id, its measurements: JSON-ready."""
        return {
            "instance": self.instance.to_dict(),
            "specification_id": self.specification_id,
            "measurements": [m.to_dict() for m in self.measurements],
        }

    def plot(
        self,
        *,
        quantity: Literal["capacity", "energy"] = "capacity",
        title: str | None = None,
    ) -> Any:
        """Draw capacity (or energy) per cycle across the cell's measurements.

        Parameters
        ----------
        quantity : {"capacity", "energy"}, optional
            What to draw: discharge (solid) and charge (dashed).
        title : str, optional
            The figure's title (the instance's name unless given).

        Returns
        -------
        matplotlib.figure.Figure
            The measurements' cycles one after another, each in its colour.

        Raises
        ------
        ValueError
            When no measurement has cycles (fetch with ``include_cycles=True``).
        MissingDependencyError
            When matplotlib is not installed (``ionworks-async[plot]``).
        """
        from ..display.figures import plot_cycles

        return plot_cycles(
            self.measurements, quantity=quantity, title=title or self.name
        )

    def __repr__(self) -> str:
        names = [m.name for m in self.measurements]
        shown = ", ".join(map(repr, names[:5])) + (", …" if len(names) > 5 else "")
        return call_repr(
            "CellInstanceDetail",
            [("id", self.id), ("name", self.name)],
            f"specification_id={self.specification_id!r}",
            f"measurements=[{len(names)}: {shown}]",
        )

    def _repr_html_(self) -> str:
        headers = (
            "name",
            "measurement_type",
            "processing_status",
            "time_series",
            "steps",
            "cycles",
            "values or files",
            "id",
        )
        rows = (
            (
                m.name,
                m.measurement.measurement_type,
                m.measurement.processing_status,
                *m.data_shapes().values(),
                _held(m),
                m.id,
            )
            for m in self.measurements
        )
        caption = (
            f"CellInstanceDetail {self.name} ({self.id}): "
            f"{len(self.measurements)} measurement(s)"
        )
        return html_table(headers, rows, caption=caption, total=len(self.measurements))


def _held(detail: CellMeasurementDetail) -> str | None:
    """Return what a measurement holds besides tables: properties, or files."""
    if detail.measurement.measurement_type == "properties":
        return short(detail.measurement.properties or {})
    if detail.files is not None:
        return ", ".join(sorted(detail.files))
    return None
