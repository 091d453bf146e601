"""ionworksdata's ``read`` ports by one import: its documented calls, unchanged.

Each example is written as ionworksdata's README and docstrings (0.20.2)
show its ``read`` functions being called, and runs here with its import
line changed from ``import ionworksdata as iwd`` to ``import ionworks as
iwd``: every function, every argument by position and by name, and what its
documentation says it returns.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path
from typing import Any

import polars as pl
import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"
IMPORT = "import ionworksdata as iwd"


def run(example: str, folder: Path) -> dict[str, Any]:
    """Run an example written for ionworksdata, its import line changed."""
    code = textwrap.dedent(example)
    assert IMPORT in code  # as ionworksdata's users write it
    scope: dict[str, Any] = {"DATA": DATA, "OUT": folder}
    exec(
        compile(code.replace(IMPORT, "import ionworks as iwd"), "example", "exec"),
        scope,
    )
    return scope


def test_the_readme_quick_example(tmp_path: Path) -> None:
    mpt = tmp_path / "file.mpt"
    shutil.copy(DATA / "biologic" / "exampleDataBioLogic.mpt", mpt)
    found = run(
        f"""
        import ionworksdata as iwd

        # Reader is auto-detected from the file
        data = iwd.read.time_series({str(mpt)!r})
        """,
        tmp_path,
    )
    data = found["data"]
    assert isinstance(data, pl.DataFrame)
    for column in (
        "Time [s]",
        "Current [A]",
        "Voltage [V]",
        "Step count",
        "Cycle count",
    ):
        assert column in data.columns
    assert "Frequency [Hz]" in data.columns  # (optional: this file is impedance)


def test_time_series_with_every_argument_and_its_documented_columns(
    tmp_path: Path,
) -> None:
    found = run(
        """
        import ionworksdata as iwd

        data = iwd.read.time_series(
            DATA / "maccor/PredictionDiagnostics_000109_tztest.010",
            "maccor",
            {"Temp 1": "Temperature [degC]"},
            {"Ambient temperature [degC]": 25.0},
            {"timezone": "UTC"},
            OUT,
        )
        named = iwd.read.time_series(
            filename=DATA / "arbin/sample_data_arbin.csv",
            reader=None,
            extra_column_mappings=None,
            extra_constant_columns=None,
            options=None,
            save_dir=None,
        )
        """,
        tmp_path,
    )
    data = found["data"]
    documented = [
        "Time [s]",
        "Current [A]",
        "Voltage [V]",
        "Step from cycler",
        "Cycle from cycler",
        "Step count",
        "Cycle count",
        "Discharge capacity [A.h]",
        "Charge capacity [A.h]",
        "Discharge energy [W.h]",
        "Charge energy [W.h]",
        "Power [W]",
    ]
    assert set(documented) <= set(data.columns)
    assert (data["Ambient temperature [degC]"] == 25.0).all()
    saved = pl.read_csv(tmp_path / "time_series.csv")
    assert saved.height == data.height and saved.columns == data.columns
    assert found["named"].height == 13


def test_time_series_and_steps_validates_saves_and_types_steps_by_the_cell(
    tmp_path: Path,
) -> None:
    found = run(
        """
        import ionworksdata as iwd

        data, steps = iwd.read.time_series_and_steps(
            DATA / "maccor/PredictionDiagnostics_000109_tztest.010",
            options={"validate": True, "validate_strict": False},
            save_dir=OUT,
            cell_spec={"ratings": {"capacity": {"value": 4.84, "unit": "A.h"}}},
        )
        unchecked, _ = iwd.read.time_series_and_steps(
            DATA / "gamry/chronoa_data.dta", options={"validate": False}
        )
        """,
        tmp_path,
    )
    data, steps = found["data"], found["steps"]
    assert steps.height == data["Step count"].max() + 1
    assert {"Step count", "Cycle count", "Step type"} <= set(steps.columns)
    assert (tmp_path / "time_series.csv").exists() and (tmp_path / "steps.csv").exists()
    assert found["unchecked"].height == 10  # a file that fails the checks, unchecked
    with pytest.raises(Exception, match="current_sign_reversed"):
        run(
            """
            import ionworksdata as iwd

            iwd.read.time_series_and_steps(DATA / "gamry/chronoa_data.dta")
            """,
            tmp_path,
        )


def test_keep_required_columns_keeps_the_documented_ones_in_order(
    tmp_path: Path,
) -> None:
    found = run(
        """
        import ionworksdata as iwd

        data = iwd.read.time_series(DATA / "biologic/Sample_data_biologic_CA1.txt")
        required = iwd.read.keep_required_columns(data)
        with_steps = iwd.read.keep_required_columns(
            data, extra_columns=["Step from cycler"]
        )
        """,
        tmp_path,
    )
    assert found["required"].columns == [
        "Time [s]",
        "Current [A]",
        "Voltage [V]",
        "Temperature [degC]",
        "Step count",
        "Cycle count",
        "Discharge capacity [A.h]",
        "Charge capacity [A.h]",
        "Discharge energy [W.h]",
        "Charge energy [W.h]",
        "Power [W]",
    ]
    assert found["with_steps"].columns[-1] == "Step from cycler"


def test_measurement_details_for_upload_and_for_ocp_data(tmp_path: Path) -> None:
    ocp = tmp_path / "ocp.csv"
    ocp.write_text("SOC,OCV\n0.0,3.0\n0.5,3.6\n1.0,4.2\n")
    found = run(
        """
        import ionworksdata as iwd

        measurement = {"name": "RPT 1", "protocol": {"name": "mine"}}
        details = iwd.read.measurement_details(
            DATA / "maccor/PredictionDiagnostics_000109_tztest.010",
            measurement,
            "maccor",
            None,
            None,
            {"validate": True},
            True,
            None,
        )
        everything = iwd.read.measurement_details(
            DATA / "maccor/PredictionDiagnostics_000109_tztest.010",
            {"name": "RPT 1"},
            keep_only_required_columns=False,
        )
        ocp = iwd.read.measurement_details(
            OUT / "ocp.csv",
            {"name": "OCV"},
            extra_column_mappings={"OCV": "Voltage [V]"},
            data_type="ocp",
        )
        """,
        tmp_path,
    )
    details = found["details"]
    assert set(details) == {"time_series", "steps", "measurement"}
    assert details["measurement"] is found["measurement"]  # updated in place
    assert found["measurement"]["protocol"]["name"] == "mine"  # the caller's wins
    assert found["measurement"]["start_time"]  # from the header
    assert "Step from cycler" not in details["time_series"].columns
    assert "Step from cycler" in found["everything"]["time_series"].columns
    ocp_details = found["ocp"]
    assert set(ocp_details) == {"time_series", "measurement"}
    assert ocp_details["measurement"]["data_type"] == "ocp"
    assert ocp_details["time_series"].columns == [
        "Voltage [V]",
        "Step count",
        "Cycle count",
        "SOC",
    ]


def test_metadata_start_time_detect_reader_and_the_reader_functions(
    tmp_path: Path,
) -> None:
    (tmp_path / "mine.csv").write_text(  # a preamble, then the API's own columns
        "cell,A7\noperator,me\nTime [s],Current [A],Voltage [V]\n0,0,3.5\n1,1,3.4\n"
    )
    found = run(
        """
        import ionworksdata as iwd

        header = iwd.read.metadata(
            DATA / "arbin/arbin_example.res", "arbin_res", options={}
        )
        started = iwd.read.start_time(
            DATA / "arbin/arbin_example.res", None, None, None
        )
        key = iwd.read.detect_reader(DATA / "neware/interp-test.ndax")
        frames = {
            "maccor": iwd.read.maccor(
                DATA / "maccor/maccor_test_file_4267-66-6519.041"
            ),
            "neware": iwd.read.neware(DATA / "neware/interp-test.ndax"),
            "neware csv": iwd.read.neware(DATA / "neware/interp-test.csv"),
            "biologic": iwd.read.biologic(DATA / "biologic/exampleDataBioLogic.mpt"),
            "biologic_mpt": iwd.read.biologic_mpt(
                DATA / "biologic/exampleDataBioLogic.mpt"
            ),
            "arbin": iwd.read.arbin(DATA / "arbin/sample_data_arbin.csv"),
            "arbin_res": iwd.read.arbin_res(DATA / "arbin/arbin_example.res"),
            "basytec": iwd.read.basytec(DATA / "basytec/sample_data_basytec.txt"),
            "novonix": iwd.read.novonix(DATA / "novonix/sample_data_novonix.csv"),
            "gamry": iwd.read.gamry(DATA / "gamry/eispot_data.dta"),
            "bdf": iwd.read.bdf(DATA / "bdf/legacy.bdf.parquet", None, None),
            "csv": iwd.read.csv(OUT / "mine.csv"),
        }
        """,
        tmp_path,
    )
    assert found["header"]["test_setup"]["cycler"] == "Arbin"
    assert isinstance(found["started"], dt.datetime)
    assert found["key"] == "neware nda"
    rows = {name: frame.height for name, frame in found["frames"].items()}
    assert rows == {
        "maccor": 74,
        "neware": 333,
        "neware csv": 333,
        "biologic": 43,
        "biologic_mpt": 43,
        "arbin": 13,
        "arbin_res": 2150,
        "basytec": 74,
        "novonix": 207,
        "gamry": 10,
        "bdf": 5000,
        "csv": 2,
    }
