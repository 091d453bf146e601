"""dQ/dV, dV/dQ and voltage-capacity curves, on curves whose peaks are known."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest

from ionworks_async import analysis

PEAKS = (3.45, 3.62, 3.95)
"""Where the synthetic cell's dQ/dV peaks (V): three stages of its electrode."""
WIDTHS = (0.012, 0.02, 0.03)
SHARES = (0.3, 0.5, 0.2)
CAPACITY = 2.0
BIN_TOLERANCE = 0.004
"""A bin's peak is within half a 5 mV bin (plus the noise) of the true one."""
SAVGOL_TOLERANCE = 0.002


def _capacity_at(voltage: Any) -> Any:
    """The charge stored at each voltage: a sum of logistic stages."""
    return CAPACITY * sum(
        share / (1 + np.exp(-(voltage - peak) / width))
        for peak, width, share in zip(PEAKS, WIDTHS, SHARES, strict=True)
    )


def _cycle(current: float = 1.0, rows: int = 20_000) -> pl.DataFrame:
    """One constant-current charge then discharge through the stages, noisy."""
    grid = np.linspace(3.0, 4.3, 200_001)
    stored = _capacity_at(grid)
    seconds = np.linspace(0, CAPACITY * 0.999 / current * 3600, rows)
    up = np.interp(seconds * current / 3600, stored, grid)
    noise = np.random.default_rng(7).normal(0, 5e-4, 2 * rows)
    return pl.DataFrame(
        {
            "Time [s]": np.concatenate([seconds, seconds + seconds[-1] + 1]),
            "Voltage [V]": np.concatenate([up, up[::-1]]) + noise,
            "Current [A]": np.repeat([-current, current], rows),
            "Step count": np.repeat([0, 1], rows),
            "Cycle count": np.zeros(2 * rows, dtype=np.int64),
        }
    )


def _peaks(curve: pl.DataFrame, sign: float) -> list[float]:
    x = curve["Voltage [V]"].to_numpy()
    y = sign * curve["dQ/dV [A.h.V-1]"].to_numpy()
    found = []
    for peak in PEAKS:
        near = (x > peak - 0.08) & (x < peak + 0.08)
        found.append(float(x[near][np.argmax(y[near])]))
    return found


@pytest.mark.parametrize(
    ("method", "tolerance"), [("bin", BIN_TOLERANCE), ("savgol", SAVGOL_TOLERANCE)]
)
def test_dqdv_finds_the_known_peaks_each_way(method: str, tolerance: float) -> None:
    run = _cycle()
    curves = analysis.dqdv(run, method=method)  # type: ignore[arg-type]
    assert set(curves["Direction"].unique()) == {"charge", "discharge"}
    charge = curves.filter(pl.col("Direction") == "charge")
    discharge = curves.filter(pl.col("Direction") == "discharge")
    assert _peaks(charge, 1.0) == pytest.approx(PEAKS, abs=tolerance)
    assert _peaks(discharge, -1.0) == pytest.approx(PEAKS, abs=tolerance)
    assert charge["dQ/dV [A.h.V-1]"].max() > 0 > discharge["dQ/dV [A.h.V-1]"].min()
    # The peak's height is the stage's (share x capacity / 4 widths), nearly.
    tallest = CAPACITY * SHARES[0] / (4 * WIDTHS[0])
    assert charge["dQ/dV [A.h.V-1]"].max() == pytest.approx(tallest, rel=0.1)


def test_dqdv_against_a_direct_numerical_derivative() -> None:
    run = _cycle(rows=40_000)
    charge = analysis.dqdv(run, direction="charge", method="savgol", step=0.002)
    x = charge["Voltage [V]"].to_numpy()
    inside = (x > 3.2) & (x < 4.1)
    direct = np.gradient(_capacity_at(x), x)
    error = np.abs(charge["dQ/dV [A.h.V-1]"].to_numpy() - direct)[inside]
    assert np.median(error) < 0.05 * direct[inside].max()


def test_the_curve_and_dvdq_follow_the_capacity() -> None:
    run = _cycle()
    curve = analysis.voltage_capacity(run, cycles=0, direction="discharge")
    assert curve.columns == [
        "Cycle count",
        "Direction",
        "Capacity [A.h]",
        "Voltage [V]",
        "Time [s]",
    ]
    assert curve["Capacity [A.h]"].max() == pytest.approx(CAPACITY * 0.999, rel=1e-3)
    assert curve["Capacity [A.h]"].min() == 0.0
    dvdq = analysis.dvdq(run, direction="discharge")
    assert dvdq["dV/dQ [V.A.h-1]"].median() < 0  # the voltage falls discharging
    assert analysis.voltage_capacity(run, cycles=[5]).height == 0


def test_bad_choices_are_said() -> None:
    run = _cycle(rows=200)
    with pytest.raises(ValueError, match="method must be 'bin' or 'savgol'"):
        analysis.dqdv(run, method="spline")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="direction must be"):
        analysis.dqdv(run, direction="up")
    with pytest.raises(ValueError, match="window must be odd"):
        analysis.dqdv(run, method="savgol", window=10)


def test_the_curves_and_a_fleets_fade_are_drawn() -> None:
    pytest.importorskip("matplotlib")
    run = _cycle(rows=2_000)
    figure = analysis.plot_dqdv(run, cycles=[0], method="savgol")
    (axes,) = figure.axes
    assert len(axes.lines) == 2  # charge and discharge of cycle 0
    assert axes.get_xlabel() == "Voltage [V]"
    figure = analysis.plot_voltage_capacity(run, direction="discharge")
    assert figure.axes[0].get_ylabel() == "Voltage [V]"
    fleet = pl.DataFrame(
        {
            "Cell": ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
            "Lot": ["L1"] * 6 + ["L2"] * 3,
            "Cell cycle": [0, 1, 2] * 3,
            "Cell capacity retention": [
                1.0,
                0.99,
                0.98,
                1.0,
                0.97,
                0.95,
                1.0,
                0.9,
                0.8,
            ],
        }
    )
    figure = analysis.plot_fade(fleet)
    (axes,) = figure.axes
    assert len(axes.lines) == 3 + 2  # a line a cell, a median a lot
    labels = [text.get_text() for text in axes.get_legend().get_texts()]
    assert labels == ["L1 (median of 2)", "L2 (median of 1)"]
    with pytest.raises(ValueError, match="no 'Cell cycle' column"):
        analysis.plot_fade(fleet.drop("Cell cycle"))
