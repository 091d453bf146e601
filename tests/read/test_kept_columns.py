"""The cycler's own columns, kept beside the API's under ionworksdata's names.

Its step and cycle indices, its power (else voltage times current, as
ionworksdata adds it), its impedance's modulus and phase, and its other
sensors: in ``read``, ``inspect``, ``convert`` and what an upload sends.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from ionworks_async.pipeline import prepare
from ionworks_async.read import convert_file, inspect_file
from ionworks_async.read import reading as _api
from ionworks_async.tables.bridge import floats
from ionworks_async.validation import CheckOptions

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"
MACCOR = DATA / "maccor" / "PredictionDiagnostics_000109_tztest.010"


def _read(name: str) -> pa.Table:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table, _, _ = _api.normalised(DATA / name)
    assert isinstance(table, pa.Table)
    return table


def _values(table: pa.Table, name: str) -> Any:
    return floats(table.column(name))


def test_the_step_and_cycle_indices_and_the_power_are_kept() -> None:
    table = _read("maccor/PredictionDiagnostics_000109_tztest.010")
    raw = pacsv.read_csv(
        MACCOR,
        read_options=pacsv.ReadOptions(skip_rows=1),
        parse_options=pacsv.ParseOptions(delimiter="\t"),
    )
    assert np.array_equal(
        _values(table, "Step from cycler"), floats(raw.column("Step"))
    )
    assert np.array_equal(
        _values(table, "Cycle from cycler"), floats(raw.column("Cyc#"))
    )
    # No power column in the file: voltage times current, signed as current.
    power = _values(table, "Power [W]")
    expected = _values(table, "Voltage [V]") * _values(table, "Current [A]")
    assert np.allclose(power, expected) and (power > 0).any() and (power < 0).any()


def test_a_files_own_power_keeps_its_magnitude_and_takes_the_currents_sign() -> None:
    table = _read("biologic/Sample_data_biologic_CA1.txt")
    power, current = _values(table, "Power [W]"), _values(table, "Current [A]")
    _, raw, _ = _api.cycler_columns(
        DATA / "biologic/Sample_data_biologic_CA1.txt", None, None, None
    )
    assert raw.mapping["power"] == "P/W"
    native = floats(raw.power)
    assert np.allclose(np.abs(power), np.abs(native))
    moving = np.abs(current) > 1e-6
    assert np.array_equal(np.sign(power[moving]), np.sign(current[moving]))


def test_impedance_keeps_its_modulus_and_phase_and_derives_its_parts() -> None:
    table = _read("biologic/biol.mpr")  # |Z| and Phase(Z), no Re(Z) or -Im(Z)
    modulus, phase = _values(table, "Z_Mod [Ohm]"), _values(table, "Z_Phase [deg]")
    swept = _values(table, "Frequency [Hz]") > 0
    assert swept.any()
    real, imaginary = _values(table, "Z_Re [Ohm]"), _values(table, "Z_Im [Ohm]")
    assert np.allclose(np.hypot(real, imaginary)[swept], modulus[swept], rtol=1e-6)
    assert np.allclose(real[swept], (modulus * np.cos(np.radians(phase)))[swept])


@pytest.mark.parametrize(
    ("name", "column", "first"),
    [
        ("pec/pec.csv", "Ambient temperature [degC]", None),
        (
            "landt/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv",
            "Temperature 3 [degC]",
            0.0,
        ),
        ("novonix/sample_data_novonix.csv", "Circuit temperature [degC]", None),
        (  # BDF's temperature_t1..t3_celsius: the first, then auxiliaries
            "bdf/SINTEF__SLPBA842124HV__2024-10-23__Rate_25degC__Neware__Time_Bug.bdf.csv",
            "Temperature 3 [degC]",
            26.6,
        ),
        ("arbin/aux_multi_x.res", "Temperature 8 [degC]", None),
        ("arbin/aux_multi_x.res", "Auxiliary voltage 12 [V]", None),
    ],
)
def test_further_sensors_are_kept(name: str, column: str, first: float | None) -> None:
    table = _read(name)
    values = _values(table, column)
    assert np.isfinite(values).any()
    if first is not None:
        assert values[0] == first


def test_an_arbin_res_takes_its_cell_temperature_from_its_first_auxiliary_channel() -> (
    None
):
    table = _read("arbin/aux_multi_x.res")
    assert _values(table, "Temperature [degC]")[0] == pytest.approx(26.96859359741211)
    assert _values(table, "Auxiliary voltage 1 [V]")[0] == pytest.approx(2.954759359)


def test_inspect_convert_and_uploads_carry_them(tmp_path: Path) -> None:
    found = inspect_file(MACCOR)
    assert found.columns["Step from cycler"] == "Step"
    assert found.columns["Power [W]"] == "Voltage [V] x Current [A]"
    written = pq.read_table(convert_file(MACCOR, tmp_path, "parquet"))
    assert {"Step from cycler", "Cycle from cycler", "Power [W]"} <= set(
        written.column_names
    )
    checked = prepare(MACCOR, CheckOptions(), folder=tmp_path)
    sent = checked.time_series
    uploaded = pq.read_table(sent if isinstance(sent, Path) else pa.BufferReader(sent))
    assert {"Step from cycler", "Cycle from cycler", "Power [W]"} <= set(
        uploaded.column_names
    )
