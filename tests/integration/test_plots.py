"""Plots: the right axes and data, steps shaded, PNGs written, clear refusals."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ionworks import Ionworks, MissingDependencyError
from ionworks_async._cli import main
from ionworks_async.local.demo import constant_current_protocol

from ..support import LOCAL_KEY

DATA = Path(__file__).parent.parent / "data" / "cyclers"
MACCOR = DATA / "maccor" / "PredictionDiagnostics_000109_tztest.010"
PNG = b"\x89PNG\r\n\x1a\n"


def _cell(client: Ionworks, measurements: int = 1) -> tuple[str, list[str]]:
    spec = client.cell_spec.create({"name": "plotted"})
    cell = client.cell_instance.create(spec.id, {"name": "cell 1"})
    made = [
        client.cell_measurement.create(
            cell.id,
            {
                "measurement": {"name": f"run {n}"},
                "time_series": constant_current_protocol(2 + n),
            },
        ).id
        for n in range(measurements)
    ]
    return cell.id, made


@pytest.mark.parametrize("backend", ["polars", "pandas", "arrow", "table"])
def test_a_measurement_plots_voltage_and_current_with_its_steps_shaded(
    local_thread_server: Any, backend: Any, tmp_path: Path
) -> None:
    with Ionworks(
        LOCAL_KEY, local_thread_server.url, dataframe_backend=backend
    ) as client:
        _, (measurement,) = _cell(client)
        detail = client.cell_measurement.detail(measurement)
        figure = detail.plot()
    series = constant_current_protocol(2)
    top, bottom = figure.axes
    assert (top.get_ylabel(), bottom.get_ylabel()) == ("Voltage [V]", "Current [A]")
    assert bottom.get_xlabel() == "Time [h]"  # a test longer than two hours
    assert figure._suptitle.get_text() == "run 0"
    (voltage,) = top.get_lines()
    (current,) = bottom.get_lines()
    hours = np.asarray(series["Time [s]"]) / 3600
    assert np.allclose(voltage.get_xdata(), hours)
    assert np.allclose(voltage.get_ydata(), series["Voltage [V]"])
    assert np.allclose(current.get_ydata(), series["Current [A]"])
    # One shade a kind of step, on both axes; the legend names them.
    assert len(top.collections) == len(bottom.collections) == 3
    labels = [text.get_text() for text in top.get_legend().get_texts()]
    assert labels == ["discharge", "charge", "rest"]
    target = tmp_path / "run.png"
    figure.savefig(target)
    assert target.read_bytes().startswith(PNG)


def test_an_instance_plots_capacity_per_cycle_across_its_measurements(
    local_thread_server: Any,
) -> None:
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        cell, _ = _cell(client, measurements=2)
        detail = client.cell_instance.detail(cell)
    figure = detail.plot()
    (axes,) = figure.axes
    assert axes.get_xlabel() == "Cycle" and axes.get_ylabel() == "Capacity [A.h]"
    discharge = [line for line in axes.get_lines() if line.get_linestyle() == "-"]
    # Two cycles then three, one after the other.
    assert [list(line.get_xdata()) for line in discharge] == [[1, 2], [3, 4, 5]]
    figure.canvas.draw()  # ticks at whole cycles only, never 1.5
    ticks = [tick for tick in axes.get_xticks() if 1 <= tick <= 5]
    assert ticks and all(float(tick).is_integer() for tick in ticks)
    for line in discharge:
        assert np.allclose(line.get_ydata(), 1.0, atol=0.01)  # 1 A.h cells
    labels = [text.get_text() for text in axes.get_legend().get_texts()]
    assert labels == ["run 0", "run 1", "discharge", "charge"]
    with pytest.raises(ValueError, match="Discharge energy"):
        detail.plot(quantity="energy")  # ionworks-local's cycles have no energy


def test_what_cannot_be_plotted_says_why(
    local_thread_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        cell, (measurement,) = _cell(client)
        client.cell_measurement.create_properties(cell, "mass", {"mass_g": 1.0})
        detail = client.cell_instance.detail(cell, include_cycles=False)
        properties = next(m for m in detail.measurements if m.name == "mass")
        with pytest.raises(ValueError, match=r"no time series to plot.*'properties'"):
            properties.plot()
        with pytest.raises(ValueError, match="include_cycles=True"):
            detail.plot()
        monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
        timed = client.cell_measurement.detail(measurement)
        with pytest.raises(MissingDependencyError, match=r"ionworks-async\[plot\]"):
            timed.plot()


def test_inspect_draws_cycler_files_before_anything_is_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "maccor.png"
    assert main(["inspect", str(MACCOR), "--plot", str(one)]) == 0
    assert one.read_bytes().startswith(PNG)
    folder = tmp_path / "figures"
    novonix = next((DATA / "novonix").iterdir())
    assert main(["inspect", str(MACCOR), str(novonix), "--plot", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{MACCOR.name}.png", f"{novonix.name}.png"]
    )
    assert f"-> {one}" in capsys.readouterr().out


def test_the_plot_command_draws_from_the_api(
    local_thread_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        cell, (measurement,) = _cell(client)
    where = ["--api-key", LOCAL_KEY, "--api-url", local_thread_server.url]
    image = tmp_path / "m.png"
    assert main(["plot", measurement, "-o", str(image), *where]) == 0
    assert image.read_bytes().startswith(PNG)
    cycles = tmp_path / "cycles.png"
    assert main(["plot", cell, "--instance", "-o", str(cycles), *where]) == 0
    assert cycles.read_bytes().startswith(PNG)
    assert main(["plot", "no-such-id", "-o", str(tmp_path / "x.png"), *where]) == 1
    assert "404" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_names_are_drawn_as_written_never_as_math(tmp_path: Path) -> None:
    import io
    import types

    import polars as pl

    from ionworks_async.display.figures import plot_cycles, plot_time_series
    from ionworks_async.display.figures.cycles import QUANTITIES

    discharge, charge = QUANTITIES["capacity"]
    cycles = pl.DataFrame({discharge: [1.0, 0.99, 0.98], charge: [1.01, 1.0, 0.99]})
    names = ["Cost $5 vs $10", r"cell $\x$", "_baseline"]
    runs = [types.SimpleNamespace(name=name, cycles=cycles) for name in names]
    figure = plot_cycles(runs, title=r"lot $\x$ fade")
    shown = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert shown[:3] == names  # "_baseline" too: a legend leaves "_" names out
    series = pl.DataFrame(constant_current_protocol(1))
    drawn = plot_time_series(series, title="Cost $5 vs $10")
    for made in (figure, drawn):
        made.savefig(io.BytesIO(), format="png")  # "$\x$" as math would raise
        assert not made._suptitle.get_parse_math()


def test_an_impedance_spectrum_is_drawn_as_nyquist_and_bode() -> None:
    from ionworks_async import read
    from ionworks_async.models import CellMeasurement, CellMeasurementDetail
    from ionworks_async.models._base import structure_record

    with pytest.warns(UserWarning):  # its current is at the level of noise
        series = read.time_series(DATA / "biologic" / "PEIS.mpr")
    record = structure_record({"id": "m", "name": "PEIS"}, CellMeasurement)
    detail = CellMeasurementDetail(measurement=record, time_series=series)
    figure = detail.plot()  # chosen by the data: it holds a spectrum
    axes = {ax.get_ylabel(): ax for ax in figure.axes}
    assert set(axes) == {"-Z_Im [Ohm]", "|Z| [Ohm]", "Phase [deg]"}
    assert axes["|Z| [Ohm]"].get_xscale() == "log"
    (line,) = axes["-Z_Im [Ohm]"].get_lines()
    z_im = series["Z_Im [Ohm]"].to_numpy()
    spectrum = series["Frequency [Hz]"].to_numpy() > 0
    assert np.allclose(line.get_ydata(), -z_im[spectrum])
    forced = detail.plot(kind="time_series")  # voltage and current, as asked
    assert [ax.get_ylabel() for ax in forced.axes] == ["Voltage [V]", "Current [A]"]
    with pytest.raises(ValueError, match="kind must be"):
        detail.plot(kind="nyquist")  # type: ignore[arg-type]
