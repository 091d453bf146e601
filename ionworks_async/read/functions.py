"""ionworksdata's ``read`` functions, with its arguments and their meanings.

``time_series``, ``time_series_and_steps``, ``measurement_details``,
``metadata``, ``start_time`` and ``keep_required_columns``, and one function
a reader (``maccor(path)``, ``neware(path)``, ...), so that code written for
``ionworksdata.read`` runs when ``import ionworksdata as iwd`` becomes
``import ionworks as iwd``. Frames are of the process's dataframe backend
(polars by default, as ionworksdata's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .._runtime.boundary import input_boundary
from ..tables.bridge import arrow_array
from ..tables.table import Table, pyarrow_module
from ..types import Frame
from ._header import measurement_fields
from .errors import CyclerFileError
from .reading import Filename, cycler_columns, normalised

__all__ = [
    "REQUIRED_COLUMNS",
    "keep_required_columns",
    "measurement_details",
    "metadata",
    "start_time",
    "time_series",
    "time_series_and_steps",
]

REQUIRED_COLUMNS = (
    "Time [s]",
    "Current [A]",
    "Voltage [V]",
    "Temperature [degC]",
    "Frequency [Hz]",
    "Z_Re [Ohm]",
    "Z_Im [Ohm]",
    "Z_Mod [Ohm]",
    "Z_Phase [deg]",
    "DC resistance [Ohm]",
    "Step count",
    "Cycle count",
    "Frame",
    "Discharge capacity [A.h]",
    "Charge capacity [A.h]",
    "Discharge energy [W.h]",
    "Charge energy [W.h]",
    "Power [W]",
)
"""What :func:`keep_required_columns` keeps, in this order (ionworksdata's)."""

OCP_AXES = ("Capacity [A.h]", "Stoichiometry", "SOC")
"""The x axes an open-circuit potential file may give its voltage against."""


def _frame(table: Any) -> Frame:
    from ..tables.backends import convert, resolve_backend

    return convert(Table.from_arrow(table), resolve_backend(None))


def _saved(table: Any, save_dir: str | Path | None, name: str) -> None:
    """Write a table as ``save_dir/name`` (CSV), as ionworksdata does."""
    if save_dir is None:
        return
    import pyarrow.csv as pacsv

    pyarrow_module()
    folder = Path(save_dir)
    folder.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(table, folder / name)


@input_boundary(CyclerFileError)
def time_series(
    filename: Filename,
    reader: str | None = None,
    extra_column_mappings: Mapping[str, str] | None = None,
    extra_constant_columns: Mapping[str, float] | None = None,
    options: Mapping[str, Any] | None = None,
    save_dir: str | Path | None = None,
) -> Frame:
    """Read a cycler's file into the API's time series.

    Parameters
    ----------
    filename : str or PathLike
        The file: any format the readers know, recognised by content.
    reader : str, optional
        A reader key (``"maccor"``, ``"biologic"``, ...), instead of
        recognising the file.
    extra_column_mappings : mapping, optional
        File column -> API column, for columns no reader knows.
    extra_constant_columns : mapping, optional
        Columns to add with one value on every row.
    options : mapping, optional
        Reader options.
    save_dir : str or PathLike, optional
        A folder to write the series to, as ``time_series.csv``.

    Returns
    -------
    Frame
        ``Time [s]`` (from 0), ``Current [A]`` (positive on discharge),
        ``Voltage [V]``, ``Step count``, ``Cycle count``, capacities and
        energies per step, ``Power [W]``, and what else the file holds
        (``Temperature [degC]``, impedance, ``Step from cycler`` and ``Cycle
        from cycler``, further sensors), as the process's ``dataframe_backend``
        setting names (:func:`ionworks.set_dataframe_backend`).

    Raises
    ------
    CyclerFileError
        When the file cannot be read faithfully, naming it and why.
    """
    table, _, _ = normalised(
        filename, reader, extra_column_mappings, extra_constant_columns, options
    )
    _saved(table, save_dir, "time_series.csv")
    return _frame(table)


@input_boundary(CyclerFileError)
def time_series_and_steps(
    filename: Filename,
    reader: str | None = None,
    extra_column_mappings: Mapping[str, str] | None = None,
    extra_constant_columns: Mapping[str, float] | None = None,
    options: Mapping[str, Any] | None = None,
    save_dir: str | Path | None = None,
    *,
    cell_spec: Any = None,
) -> tuple[Frame, Frame]:
    """Read a file's time series, check it, and summarise its steps.

    Parameters
    ----------
    filename, reader, extra_column_mappings, extra_constant_columns
        As for :func:`time_series`.
    options : mapping, optional
        Reader options, and ``validate`` (default True: the always-on checks
        run) and ``validate_strict`` (default False: the strict ones too).
    save_dir : str or PathLike, optional
        A folder to write ``time_series.csv`` and ``steps.csv`` to.
    cell_spec : dict or object, optional
        The cell specification: with its rated capacity (``ratings.capacity``),
        a step is a rest below C/1000 rather than below the default level.

    Returns
    -------
    tuple of Frame
        The time series (see :func:`time_series`) and one row a step.

    Raises
    ------
    MeasurementValidationError
        When the series fails the checks (the message names the file).
    """
    settings = dict(options or {})
    validate = bool(settings.pop("validate", True))
    strict = bool(settings.pop("validate_strict", False))
    table, _, _ = normalised(
        filename, reader, extra_column_mappings, extra_constant_columns, settings
    )
    if validate:
        _check(filename, table, strict=strict)
    from ..analysis.cell import rated_capacity
    from ..analysis.steps import steps_and_cycles

    steps, _ = steps_and_cycles(table, rated_capacity(cell_spec))
    _saved(table, save_dir, "time_series.csv")
    _saved(steps, save_dir, "steps.csv")
    return _frame(table), _frame(steps)


def _check(
    filename: Filename, table: Any, *, strict: bool = False, data_type: Any = None
) -> None:
    from ..validation.checker import TimeSeriesChecker
    from ..validation.issues import MeasurementValidationError, errors_in
    from ..validation.options import CheckOptions

    checker = TimeSeriesChecker(CheckOptions(strict=strict, data_type=data_type))
    checker.feed(table)
    errors = errors_in(checker.finish())
    if errors:
        raise MeasurementValidationError.of(errors, filename)


def keep_required_columns(data: Any, extra_columns: Iterable[str] | None = None) -> Any:
    """Return a frame of only the required columns, and ``extra_columns``.

    Parameters
    ----------
    data : Frame
        A time series (polars, pandas or pyarrow).
    extra_columns : iterable of str, optional
        Further columns to keep, after the required ones.

    Returns
    -------
    Frame
        The same kind of frame: :data:`REQUIRED_COLUMNS` that it has, in that
        order, then ``extra_columns`` that it has (``Step from cycler`` and
        ``Cycle from cycler`` belong in the steps, not here).
    """
    names = [str(name) for name in getattr(data, "columns", None) or data.column_names]
    wanted = [
        *REQUIRED_COLUMNS,
        *(c for c in extra_columns or () if c not in REQUIRED_COLUMNS),
    ]
    kept = [name for name in wanted if name in names]
    if hasattr(data, "select"):  # polars, pyarrow
        return data.select(kept)
    return data[kept]  # pandas


@input_boundary(CyclerFileError)
def measurement_details(
    filename: Filename,
    measurement: dict[str, Any],
    reader: str | None = None,
    extra_column_mappings: Mapping[str, str] | None = None,
    extra_constant_columns: Mapping[str, float] | None = None,
    options: Mapping[str, Any] | None = None,
    keep_only_required_columns: bool = True,
    data_type: str | None = None,
) -> dict[str, Any]:
    """Read a file into what ``cell_measurement.create`` takes.

    The file's header metadata fills the measurement's fields the caller did
    not set (``start_time``, ``protocol``, ``test_setup``, one level deep);
    ``measurement`` is updated in place, as ionworksdata does.

    Parameters
    ----------
    filename, measurement, reader, extra_column_mappings, extra_constant_columns
        The file, the measurement's fields, and as for :func:`time_series`.
    options : mapping, optional
        As for :func:`time_series_and_steps` (``validate``, ``validate_strict``).
    keep_only_required_columns : bool, optional
        Keep only :data:`REQUIRED_COLUMNS` in the time series (default True).
    data_type : {"ocp"}, optional
        ``"ocp"``: an open-circuit potential CSV, which needs ``Voltage [V]``
        and one of :data:`OCP_AXES` (after ``extra_column_mappings``); its
        series gets ``Step count`` and ``Cycle count`` of 0, is checked as
        OCP data, and the measurement's ``data_type`` becomes ``"ocp"``.

    Returns
    -------
    dict
        ``{"measurement": ..., "time_series": frame, "steps": frame}``
        (OCP data: no ``steps``).
    """
    if data_type == "ocp":
        return _ocp_measurement(
            filename,
            measurement,
            extra_column_mappings,
            extra_constant_columns,
            options,
        )
    if data_type is not None:
        raise ValueError(f"data_type must be 'ocp' or None, got {data_type!r}")
    series, steps = time_series_and_steps(
        filename, reader, extra_column_mappings, extra_constant_columns, options
    )
    for key, value in metadata(filename, reader).items():
        if isinstance(value, dict):
            group = measurement.setdefault(key, {})
            for inner, inner_value in value.items():
                group.setdefault(inner, inner_value)
        else:
            measurement.setdefault(key, value)
    if keep_only_required_columns:
        series = keep_required_columns(series)
    return {"measurement": measurement, "time_series": series, "steps": steps}


def _ocp_measurement(
    filename: Filename,
    measurement: dict[str, Any],
    extra_column_mappings: Mapping[str, str] | None,
    extra_constant_columns: Mapping[str, float] | None,
    options: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """Read an open-circuit potential CSV (ionworksdata's OCP path)."""
    pa = pyarrow_module()
    import pyarrow.csv as pacsv

    path = Path(filename)
    try:
        table = pacsv.read_csv(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise CyclerFileError(path, f"not a readable OCP CSV ({error})") from None
    renames = dict(extra_column_mappings or {})
    table = table.rename_columns([renames.get(n, n) for n in table.column_names])
    if "Voltage [V]" not in table.column_names:
        raise ValueError(
            "OCP data must contain a 'Voltage [V]' column (after applying "
            f"extra_column_mappings). Available columns: {table.column_names}"
        )
    if not any(axis in table.column_names for axis in OCP_AXES):
        raise ValueError(
            f"OCP data must contain at least one x-axis column: {', '.join(OCP_AXES)} "
            "(after applying extra_column_mappings). Available columns: "
            f"{table.column_names}"
        )
    for name, value in (extra_constant_columns or {}).items():
        table = table.append_column(name, arrow_array(np.full(table.num_rows, value)))
    zeros = arrow_array(np.zeros(table.num_rows, dtype=np.int64))
    table = table.append_column("Step count", zeros).append_column("Cycle count", zeros)
    kept = ["Voltage [V]", "Step count", "Cycle count"]
    kept += [axis for axis in OCP_AXES if axis in table.column_names]
    kept += [
        n for n in (*renames.values(), *(extra_constant_columns or {})) if n not in kept
    ]
    table = table.select([name for name in kept if name in table.column_names])
    table = table.cast(
        pa.schema(
            [
                pa.field(
                    n,
                    pa.int64() if n in ("Step count", "Cycle count") else pa.float64(),
                )
                for n in table.column_names
            ]
        )
    )
    settings = dict(options or {})
    if settings.get("validate", True):
        _check(
            path,
            table,
            strict=bool(settings.get("validate_strict", False)),
            data_type="ocp",
        )
    measurement["data_type"] = "ocp"
    return {"measurement": measurement, "time_series": _frame(table)}


@input_boundary(CyclerFileError)
def metadata(
    filename: Filename,
    reader: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return a file's header metadata as measurement fields.

    Parameters
    ----------
    filename, reader
        As for :func:`time_series`.
    options : mapping, optional
        Reader options.

    Returns
    -------
    dict
        ``start_time`` (ISO 8601), ``protocol`` (``{"name": ...}``) and
        ``test_setup`` (cycler, channel, instrument, operator, ...), as far as
        the file says.
    """
    _, raw, _ = cycler_columns(filename, reader, None, options)
    return measurement_fields(raw.metadata)


@input_boundary(CyclerFileError)
def start_time(
    filename: Filename,
    reader: str | None = None,
    extra_column_mappings: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> dt.datetime | None:
    """Return when the test began, as the file's header says, or ``None``.

    A header time without a zone is returned naive (the cycler's local time).
    """
    _, raw, _ = cycler_columns(filename, reader, extra_column_mappings, options)
    moment = raw.metadata.get("start_time")
    return moment if isinstance(moment, dt.datetime) else None
