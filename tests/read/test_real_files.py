"""Every real cycler file of tests/data/cyclers: recognised, read, checked."""

from __future__ import annotations

import shutil
import sys
import warnings
from pathlib import Path

import pyarrow.compute as pc
import pytest

import ionworks
from ionworks_async import MeasurementValidationWarning, read, validate_time_series
from ionworks_async.read import reading as _api
from ionworks_async.read.readers.maccor import MaccorReader

from ..support.samples import sample_files

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"

READABLE = {
    "arbin/2017-05-09_test-TC-contact_CH33.csv": ("arbin", 287),
    "arbin/FastCharge_000025_CH8.csv": ("arbin", 248),
    "arbin/arbin_example.res": ("arbin res", 2150),
    "arbin/aux_multi_x.res": ("arbin res", 3552),
    "arbin/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx": ("excel", 4526),
    "arbin/mits7-0.res": ("arbin res", 8),
    "arbin/sample_data_arbin.csv": ("arbin", 13),
    "basytec/sample_data_basytec.txt": ("basytec", 74),
    "bdf/DLR__LiLNMOHydra0b__20221125__POCV__25degC__Basytec.bdf.csv": ("bdf", 17860),
    "bdf/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv": ("bdf", 25162),
    "bdf/SINTEF__SLPBA842124HV__2024-10-23__Rate_25degC__Neware__Time_Bug.bdf.csv": (
        "bdf",
        13086,
    ),
    "bdf/legacy.bdf.parquet": ("bdf", 5000),
    "biologic/PEIS.mpr": ("biologic mpr", 244),
    "biologic/Sample_data_biologic_CA1.txt": ("biologic", 1397),
    "biologic/Sample_data_biologic_timestamped.txt": ("biologic", 8),
    "biologic/biol.mpr": ("biologic mpr", 23561),
    "biologic/commercial_cell_001__1753280829_C01.mpr": ("biologic mpr", 95),
    "biologic/commercial_cell_001__1753283786_C01.mpr": ("biologic mpr", 215),
    "biologic/exampleDataBioLogic.mpr": ("biologic mpr", 43),
    "biologic/exampleDataBioLogic.mpt": ("biologic", 43),
    "biologic/test_loopsnewoutput_MB_CE1_short10k.csv": ("biologic", 9999),
    "gamry/chronoa_data.dta": ("gamry", 10),
    "gamry/chronoa_de_data.dta": ("gamry", 10),
    "gamry/eispot_data.dta": ("gamry", 10),
    "gamry/eispot_data_curveaborted.dta": ("gamry", 5),
    "gamry/exampleDataGamry.DTA": ("gamry", 72),
    "landt/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv": ("landt", 25162),
    "maccor/PredictionDiagnostics_000109_tztest.010": ("maccor", 2165),
    "maccor/PredictionDiagnostics_000151_paused.052": ("maccor", 332),
    "maccor/PredictionDiagnostics_000151_test.052": ("maccor", 333),
    "maccor/maccor_002.txt": ("maccor", 7446),
    "maccor/maccor_test_file_4267-66-6519.041": ("maccor", 74),
    "maccor/maccor_three.txt": ("maccor", 4009),
    "maccor/maccor_two.txt": ("maccor", 214),
    "maccor/sample_data_maccor.csv": ("maccor", 15),
    "neware/2-1-6_61_07005012.nda": ("neware nda", 15567),
    "neware/TESTCELL0001-B2-2025-M50T_NewareNDA_Investigation.ndax": (
        "neware nda",
        77745,
    ),
    "neware/interp-test.csv": ("neware", 333),
    "neware/interp-test.ndax": ("neware nda", 333),
    "neware/nda_v22.nda": ("neware nda", 1380),
    "neware/neware_uio.csv": ("neware", 9065),
    "neware/nw4-120-6-1-36.ndax": ("neware nda", 7257),
    "neware/nw_regular_export_ife_example.csv": ("neware nested", 9295),
    "novonix/sample_data_novonix.csv": ("novonix", 207),
    "novonix/test_Nova_Form-CH01-01_short.csv": ("novonix", 3942),
    "pec/Test25195.csv": ("pec", 19),
    "pec/Test25205.csv": ("pec", 489),
    "pec/Test25209.csv": ("pec", 281),
    "pec/pec.csv": ("pec", 16255),
}
NOISE_ONLY = {
    "biologic/PEIS.mpr",
    "gamry/chronoa_data.dta",
    "gamry/chronoa_de_data.dta",
    "pec/Test25209.csv",
}
"""Currents at the level of noise (impedance at 50 µA, a chronoamperometry
of a test cell at nA, an OCV rest at µA): the checks' sign vote reads noise."""
ISSUES = {
    "bdf/SINTEF__SLPBA842124HV__2024-10-23__Rate_25degC__Neware__Time_Bug.bdf.csv": [
        "time_not_monotonic"  # the file's name says so: its clock steps back
    ],
    # Its test_time_second reaches 530,431,705 (16.8 years) in steps of 36,000
    # (10 hours a sample, in a pseudo-OCV test): milliseconds, it seems.
    "bdf/DLR__LiLNMOHydra0b__20221125__POCV__25degC__Basytec.bdf.csv": [
        "time_span_implausible"
    ],
}
WARNED = {
    "gamry/chronoa_data.dta": "declares 5258 points but holds 10",
    "gamry/chronoa_de_data.dta": "declares 5258 points but holds 10",
    "maccor/maccor_002.txt": "its last line has 28 of the header's 29 fields",
    "maccor/maccor_two.txt": "its last line has 9 of the header's 28 fields",
}
"""What a file is warned of: a run stopped early, a last record cut short."""


def test_every_sample_file_is_listed_here() -> None:
    files = {str(path.relative_to(DATA)) for path in sample_files()}
    assert files == set(READABLE)


@pytest.mark.parametrize("name", sorted(READABLE))
def test_each_file_reads_into_the_api_columns_and_passes_the_checks(
    name: str,
) -> None:
    key, rows = READABLE[name]
    path = DATA / name
    assert read.detect_reader(path) == key
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table, metadata, used = _api.normalised(path)
    assert used == key and table.num_rows == rows
    names = table.column_names
    assert names[:5] == [
        "Time [s]",
        "Current [A]",
        "Voltage [V]",
        "Step count",
        "Cycle count",
    ]
    time = table.column("Time [s]")
    assert time[0].as_py() == 0.0
    if name not in ISSUES:
        assert pc.min(pc.subtract(time[1:], time[:-1])).as_py() >= 0
    assert table.column("Step count")[0].as_py() == 0
    assert table.column("Cycle count")[0].as_py() == 0
    codes = [issue.code for issue in validate_time_series(table)]
    said = [
        str(w.message) for w in caught if w.category is MeasurementValidationWarning
    ]
    if name in NOISE_ONLY:
        assert codes == ["current_sign_reversed"]
        assert any("noise" in text for text in said)
        said = [text for text in said if "noise" not in text]
    else:
        assert codes == ISSUES.get(name, [])
    if name in WARNED:
        assert len(said) == 1 and WARNED[name] in said[0], said
    else:
        assert said == []
    assert metadata.get("cycler")


def test_a_zip_that_is_no_neware_file_is_named_not_guessed(tmp_path: Path) -> None:
    import zipfile

    bundle = tmp_path / "export.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("notes.txt", "no data here")
    with pytest.raises(read.UnknownFormatError, match="cannot read yet") as caught:
        read.time_series(bundle)
    assert caught.value.path == bundle and "zip archive" in str(caught.value)


def test_files_are_recognised_by_content_not_extension(tmp_path: Path) -> None:
    for name, (key, _) in READABLE.items():
        copy = tmp_path / (Path(name).stem.replace(".", "_") + ".dat")
        shutil.copyfile(DATA / name, copy)
        assert read.detect_reader(copy) == key, name


def test_a_native_export_and_its_bdf_conversion_give_the_same_table() -> None:
    landt, _, _ = _api.normalised(DATA / NAMES["landt"])
    bdf, _, _ = _api.normalised(DATA / NAMES["bdf"])
    assert landt.num_rows == bdf.num_rows
    for column in ("Time [s]", "Voltage [V]", "Current [A]", "Step count"):
        difference = pc.max(
            pc.abs(pc.subtract(landt.column(column), bdf.column(column)))
        ).as_py()
        assert difference <= 1e-6, column
    # The BDF file kept the capacities to fewer digits than the export.
    for column in ("Discharge capacity [A.h]", "Charge capacity [A.h]"):
        difference = pc.max(
            pc.abs(pc.subtract(landt.column(column), bdf.column(column)))
        ).as_py()
        assert difference <= 1e-4, column


NAMES = {
    "landt": "landt/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv",
    "bdf": "bdf/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv",
}


def test_a_native_mpr_and_its_mpt_export_give_the_same_table() -> None:
    mpr, _, _ = _api.normalised(DATA / "biologic/exampleDataBioLogic.mpr")
    mpt, _, _ = _api.normalised(DATA / "biologic/exampleDataBioLogic.mpt")
    assert mpr.column_names == mpt.column_names
    for column in mpr.column_names:
        native, export = mpr.column(column), mpt.column(column)
        # The export prints the binary's float32 values to 8 digits.
        scale = pc.max(pc.abs(export)).as_py() or 1.0
        worst = pc.max(pc.abs(pc.subtract(native, export))).as_py()
        assert worst <= 1e-6 * scale, column


def test_a_native_ndax_and_its_csv_export_give_the_same_table() -> None:
    native, metadata, _ = _api.normalised(DATA / "neware/interp-test.ndax")
    export, _, _ = _api.normalised(DATA / "neware/interp-test.csv")
    assert native.column_names == export.column_names
    for column in native.column_names:
        worst = pc.max(
            pc.abs(pc.subtract(native.column(column), export.column(column)))
        ).as_py()
        # The export writes voltage in mV to 0.1 mV: 5e-5 V of rounding.
        assert worst <= (5e-5 if column == "Voltage [V]" else 1e-9), column
    assert metadata["procedure"] == "ocv_test.xml"
    assert metadata["barcode_comment"] == "resetsteptest"
    assert metadata["operator"] == "Graham"


def test_a_neware_nda_charges_with_negative_current() -> None:
    frame = read.time_series(DATA / "neware/nda_v22.nda")
    charging = [i for i in frame["Current [A]"] if abs(i) > 1e-4]
    assert charging and all(i == pytest.approx(-0.0105, rel=0.05) for i in charging)


def test_an_arbin_res_reads_its_records_and_header_without_mdbtools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "")  # no mdb-export: the pure-Python path
    table, metadata, _ = _api.normalised(DATA / "arbin/arbin_example.res")
    assert table.column("Step count")[-1].as_py() == 16  # 17 steps
    assert table.column("Cycle count")[-1].as_py() == 4  # over 5 cycles
    assert metadata["start_time"].isoformat() == "2023-07-24T18:50:00"
    assert metadata["operator"] == "AliceM"
    assert metadata["channel_number"] == 40


def test_an_arbin_res_is_read_with_mdb_export_when_it_is_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in mdb-export (the real one is mdbtools'): prints a table as CSV.
    script = tmp_path / "mdb-export"
    script.write_text(
        f"#!{sys.executable}\n"
        "import csv, sys\n"
        "from access_parser import AccessParser\n"
        "table = AccessParser(sys.argv[-2]).parse_table(sys.argv[-1])\n"
        "out = csv.writer(sys.stdout)\n"
        "out.writerow(table)\n"
        "out.writerows(zip(*table.values()))\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    exported, metadata, _ = _api.normalised(DATA / "arbin/arbin_example.res")
    monkeypatch.setenv("PATH", "")
    parsed, _, _ = _api.normalised(DATA / "arbin/arbin_example.res")
    assert exported.column_names == parsed.column_names
    for column in parsed.column_names:
        worst = pc.max(
            pc.abs(pc.subtract(exported.column(column), parsed.column(column)))
        ).as_py()
        assert worst <= 1e-9, column
    assert metadata["test_name"] == "ajm314_LCO_ajm5-SSB1-F_Wait48hr-Repeat-01-012"


def test_the_commercial_cells_mpr_has_its_ten_sequences() -> None:
    frame = read.time_series(DATA / "biologic/commercial_cell_001__1753283786_C01.mpr")
    assert frame.height == 215
    assert sorted(set(frame["Step count"])) == list(range(10))
    # Row 180 holds I/mA = -1.62948 (BioLogic: negative discharges).
    assert frame["Current [A]"][180] == pytest.approx(1.62948e-3, rel=1e-5)


def test_the_current_is_positive_on_discharge_whatever_the_cycler_wrote() -> None:
    # Maccor: unsigned current and a State column (C rows charge, D discharge).
    table, _, _ = _api.normalised(
        DATA / "maccor/PredictionDiagnostics_000109_tztest.010"
    )
    raw = MaccorReader().read(
        read.toolkit.Head.of(DATA / "maccor/PredictionDiagnostics_000109_tztest.010"),
        {},
    )
    state = raw.state.to_pylist()
    current = table.column("Current [A]").to_pylist()
    assert all(i < 0 for i, s in zip(current, state, strict=True) if s == "C" and i)
    assert all(i > 0 for i, s in zip(current, state, strict=True) if s == "D" and i)
    # Arbin: positive charging; its first rows charge at 6.6 A.
    arbin = read.time_series(DATA / "arbin/2017-05-09_test-TC-contact_CH33.csv")
    assert arbin["Current [A]"][0] == pytest.approx(-6.600444793701172)


def test_units_are_converted() -> None:
    neware = read.time_series(DATA / "neware/interp-test.csv")  # µA, mV, mAs
    assert 1e-4 < neware["Voltage [V]"][0] < 1e-3  # 0.2 mV on an open channel
    novonix = read.time_series(DATA / "novonix/sample_data_novonix.csv")  # hours
    assert novonix["Time [s]"][1] == pytest.approx(0.0003556 * 3600)
    pec = read.time_series(DATA / "pec/Test25195.csv")  # hh:mm:ss.xxx
    assert pec["Time [s]"][1] == pytest.approx(1.0 - 0.002)


def test_sub_second_time_is_kept() -> None:
    basytec = read.time_series(DATA / "basytec/sample_data_basytec.txt")
    assert basytec["Time [s]"][1] == pytest.approx(0.004013)
    neware = read.time_series(DATA / "neware/interp-test.csv")
    assert neware["Time [s]"][1] == pytest.approx(3.0)


def test_impedance_columns_keep_the_raw_imaginary_part() -> None:
    eis = read.time_series(DATA / "biologic/exampleDataBioLogic.mpt")
    assert eis["Frequency [Hz]"][0] == pytest.approx(1000.3201)
    assert eis["Z_Re [Ohm]"][0] == pytest.approx(65.470886)
    assert eis["Z_Im [Ohm]"][0] == pytest.approx(-0.38998979)  # -Im(Z) negated


def test_vendor_capacity_is_kept_and_counted_from_each_step() -> None:
    table, _, _ = _api.normalised(
        DATA / "maccor/PredictionDiagnostics_000109_tztest.010"
    )
    charge = table.column("Charge capacity [A.h]").to_pylist()
    steps = table.column("Step count").to_pylist()
    # The file's Amp-hr at its second row is 0.3265594364 against 0.2706676477
    # at the first: the step began before the export, so it counts from there.
    assert charge[1] == pytest.approx(0.3265594364 - 0.2706676477)
    starts = [i for i in range(1, len(steps)) if steps[i] != steps[i - 1]]
    assert starts and all(charge[i] == 0 for i in starts)


def test_header_metadata_becomes_measurement_fields() -> None:
    maccor = read.metadata(DATA / "maccor/PredictionDiagnostics_000109_tztest.010")
    assert maccor["protocol"] == {"name": "PredictionDiagnostics_000109.000"}
    assert maccor["test_setup"]["cycler"] == "Maccor"
    assert maccor["test_setup"]["channel_number"] == 10
    assert maccor["test_setup"]["barcode_comment"] == "0001BC"
    basytec = read.start_time(DATA / "basytec/sample_data_basytec.txt")
    assert basytec is not None and (basytec.day, basytec.month) == (19, 6)
    biologic = read.metadata(DATA / "biologic/Sample_data_biologic_CA1.txt")
    assert biologic["start_time"].startswith("2024-05-13T11:19:51")
    assert biologic["protocol"] == {"name": "Modulo Bat"}
    assert biologic["test_setup"]["instrument"] == "BCS-815 (SN 0433)"


def test_a_temperature_whose_degree_sign_was_lost_is_read_in_celsius() -> None:
    # BT-Lab wrote "Temperature/\ufffdC": the degree sign lost to a code page.
    table, _, _ = _api.normalised(DATA / "biologic/Sample_data_biologic_CA1.txt")
    temperature = table.column("Temperature [degC]").to_pylist()
    assert 20 < temperature[0] < 25 and len(temperature) == table.num_rows


def test_measurement_details_is_what_create_takes() -> None:
    measurement = {"name": "RPT", "protocol": {"name": "mine"}}
    details = read.measurement_details(
        DATA / "maccor/PredictionDiagnostics_000109_tztest.010", measurement
    )
    assert details["measurement"] is measurement
    assert measurement["protocol"] == {"name": "mine"}  # the caller's wins
    assert measurement["test_setup"]["cycler"] == "Maccor"
    assert len(details["time_series"]) == 2165
    assert len(details["steps"]) == 20


def test_the_blocking_package_has_the_same_functions() -> None:
    assert ionworks.read.time_series is read.time_series
    assert ionworks.read.detect_reader is read.detect_reader
