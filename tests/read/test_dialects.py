"""Readers built from documented mappings, on files written in their dialects.

No public Digatron or Repower file could be found; these files follow the
column names and conventions ionworksdata documents for them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ionworks_async import read
from ionworks_async.read import reading as _api


def _digatron(path: Path) -> Path:
    lines = [
        "Step,Cycle,Status,Timestamp,Program Duration#s,Voltage#V,Current#A,"
        "AhCha#AH,AhDch#Ah,WhCha#Wh,WhDch#Wh,T1#degC"
    ]
    charge = 0.0
    for n in range(20):
        step, status, amps = (1, "CHA", 2.0) if n < 10 else (2, "DCH", -2.0)
        stamp = f"2025-06-06 09:10:{7 + n:02d}" + (".500000" if n % 2 else "")
        if status == "CHA" and n:
            charge += 2.0 * 1.0 / 3600
        volts = 3.6 + 0.01 * n if n < 10 else 3.7 - 0.01 * (n - 10)
        lines.append(
            f"{step},1,{status},{stamp}+00:00,{n * 1000},{volts:.3f},{amps},"
            f"{charge:.6f},0,{charge * 3.6:.6f},0,25.0"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


def test_digatron_time_comes_from_the_timestamps_not_the_duration(
    tmp_path: Path,
) -> None:
    path = _digatron(tmp_path / "run.csv")
    assert read.detect_reader(path) == "digatron"
    table, metadata, _ = _api.normalised(path)
    time = table.column("Time [s]").to_pylist()
    # Rows alternate whole and half seconds: 0, 1.5, 2, 3.5 ... (the file's
    # Program Duration#s says 0, 1000, 2000: milliseconds under an "s" header).
    assert time[:4] == [0.0, 1.5, 2.0, 3.5]
    assert table.column("Current [A]").to_pylist()[:1] == [-2.0]  # charging
    assert table.column("Step count").to_pylist()[-1] == 1
    charge = table.column("Charge capacity [A.h]").to_pylist()
    assert charge[9] == pytest.approx(9 * 2.0 / 3600, rel=1e-3)
    assert charge[10] == 0.0  # a new step starts from 0
    assert metadata["cycler"] == "Digatron"


def _repower(path: Path) -> Path:
    lines = [
        "Cycle ID,Step ID,Step State,System Time,Relative Time(Sec),Voltage(V),"
        "Current(A),Charge Capacity(Ah),Discharge Capacity(Ah),MTV1(°C)"
    ]
    for n in range(12):
        step = 1 if n < 6 else 2
        relative = (n if n < 6 else n - 6) * 0.5
        system = 5 + int(n * 0.5)  # whole seconds only
        current = 0.0 if step == 1 else 1.0  # charging: positive, as Repower signs it
        volts = 3.7 if step == 1 else 3.7 + 0.01 * n
        lines.append(
            f"1,{step},{'Rest' if step == 1 else 'CC_Chg'},"
            f" 2024-01-02 03:04:{system:02d},"
            f"{relative},{volts},{current},0,0,24.5"
        )
    path.write_text("\n".join(lines) + "\n", encoding="latin-1")
    return path


def test_repower_time_keeps_the_relative_clocks_sub_seconds(tmp_path: Path) -> None:
    path = _repower(tmp_path / "run.csv")
    assert read.detect_reader(path) == "repower"
    table, metadata, _ = _api.normalised(path)
    time = table.column("Time [s]").to_pylist()
    assert time[:6] == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5]
    assert time[6] == pytest.approx(3.0)  # step 2 starts on the system clock
    assert table.column("Temperature [degC]").to_pylist()[0] == 24.5
    assert metadata["start_time"].isoformat() == "2024-01-02T03:04:05"
    assert read.inspect_file(path).columns["Time [s]"] == (
        "System Time + Relative Time(Sec)"
    )


def test_decimal_commas_and_a_bdf_file_with_unit_labels(tmp_path: Path) -> None:
    semicolons = tmp_path / "export.csv"
    semicolons.write_text(
        "Time [s];Current [A];Voltage [V];Step count\n"
        + "".join(
            f"{t},5;{'1,5' if t < 5 else '0'};{3.9 - min(t, 5) * 0.01:.2f}".replace(
                ".", ","
            )
            + f";{int(t >= 5)}\n"
            for t in range(10)
        )
    )
    frame = read.time_series(semicolons)
    assert frame["Time [s]"][:2].to_list() == [0.0, 1.0]
    assert frame["Current [A]"][0] == 1.5 and frame["Voltage [V]"][1] == 3.89
    labelled = tmp_path / "labels.bdf.csv"
    labelled.write_text(
        "Test Time / s,Voltage / V,Current / A,Step Count / 1\n"
        + "".join(
            f"{t},{3.6 - min(t, 5) * 0.01},{-1.0 if t < 5 else 0.0},{int(t >= 5)}\n"
            for t in range(10)
        )
    )
    assert read.detect_reader(labelled) == "bdf"
    bdf = read.time_series(labelled)
    assert bdf["Current [A]"][0] == 1.0  # BDF current is positive charging


def _nested_neware(path: Path) -> Path:
    lines = [
        "Cycle ID,Cap_Chg(mAh),Cap_DChg(mAh)",
        ",Step ID,Step Name,Step Time",
        ",,Record ID,Time(h:min:s.ms),Voltage(V),Current(mA),Capacity(mAh),Realtime",
    ]
    record = 0
    for cycle in (1, 2):
        lines.append(f"{cycle},1.0,1.0")
        for step, (name, current) in enumerate(
            (("CC_Chg", 100.0), ("CC_DChg", -100.0)), 1
        ):
            lines.append(f",{step},{name},00:00:05.000")
            for n in range(6):
                record += 1
                volts = 3.5 + 0.01 * n if current > 0 else 3.6 - 0.01 * n
                clock = 10 + (cycle - 1) * 20 + (step - 1) * 10 + n  # whole seconds
                lines.append(
                    f",,{record},00:00:{n:02d}.500,{volts:.3f},{current},"
                    f"{n * 0.1 / 3.6:.5f},2024-03-04 05:06:{clock:02d}"
                )
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_nested_neware_export_reads_its_records(tmp_path: Path) -> None:
    path = _nested_neware(tmp_path / "regular.csv")
    assert read.detect_reader(path) == "neware nested"
    table, _, _ = _api.normalised(path)
    assert table.num_rows == 24  # records only: no cycle or step rows
    assert table.column("Step count").to_pylist()[-1] == 3  # 2 cycles x 2 steps
    assert table.column("Cycle count").to_pylist()[-1] == 1
    assert table.column("Current [A]").to_pylist()[:2] == [-0.1, -0.1]  # charging
    time = table.column("Time [s]").to_pylist()
    # each step's start on the clock, plus the step's own half seconds
    assert time[:3] == [0.0, 1.0, 2.0] and time[6] == pytest.approx(10.0)
    assert table.column("Charge capacity [A.h]").to_pylist()[5] == pytest.approx(
        5 * 0.1 / 3.6 / 1000, rel=1e-3
    )


@pytest.mark.parametrize("separator", ["\x85", "\x0c", "\x1c", "\u2028"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_preamble_with_a_character_python_ends_lines_at_loses_no_row(
    tmp_path: Path, separator: str, newline: str
) -> None:
    # A comment typed on Windows: "…" is byte 0x85, U+0085 read as latin-1;
    # str.splitlines ends a line there, pyarrow does not.
    encoding = "utf-8" if separator == "\u2028" else "latin-1"
    lines = [
        "Today's Date 03/07/2018  Date of Test:\t11/02/2016\t Filename:\tx.041\t"
        f"Procedure: CC\tComment/Barcode: cell 7{separator} retest",
        "Rec#\tCyc#\tStep\tTest (Sec)\tStep (Sec)\tAmp-hr\tWatt-hr\tAmps\tVolts\t"
        "State\tES\tDPt Time",
    ]
    for row in range(20):
        lines.append(
            f"{row + 1}\t0\t1\t{row:.4f}\t{row:.4f}\t{row * 1e-3:.6f}\t"
            f"{row * 4e-3:.6f}\t1.0\t{4.1 - 1e-3 * row:.4f}\tD\t0\t"
            "11/02/2016 15:57:53"
        )
    path = tmp_path / "cell.041"
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    frame = read.time_series(path)
    assert len(frame) == 20  # the first row of data too
    assert list(frame["Voltage [V]"][:2]) == [4.1, 4.099]


DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"


def test_a_preamble_longer_than_the_head_is_read_whole(tmp_path: Path) -> None:
    # A protocol of many sequences (BioLogic) or steps (Novonix) puts the
    # header far beyond the first 64 kB the readers look at.
    mpt = (DATA / "biologic" / "exampleDataBioLogic.mpt").read_bytes()
    lines = mpt.split(b"\n")
    count = int(lines[1].split(b":")[1])
    extra = [b"ctrl_Vs\t" + b"Ref\t" * 2000 for _ in range(40)]  # ~320 kB
    lines[1] = f"Nb header lines : {count + len(extra)}".encode()
    long_mpt = tmp_path / "long.mpt"
    long_mpt.write_bytes(b"\n".join(lines[:5] + extra + lines[5:]))
    novonix = (DATA / "novonix" / "sample_data_novonix.csv").read_text("utf-8")
    protocol = '{"Steps": "' + "x" * 300_000 + '"}'
    start = novonix.index("[Protocol]\n") + len("[Protocol]\n")
    end = novonix.index("[End Protocol]")
    long_novonix = tmp_path / "long.csv"
    long_novonix.write_text(novonix[:start] + protocol + "\n" + novonix[end:])
    for original, padded in (
        (DATA / "biologic" / "exampleDataBioLogic.mpt", long_mpt),
        (DATA / "novonix" / "sample_data_novonix.csv", long_novonix),
    ):
        expected, expected_meta, key = _api.normalised(original)
        table, metadata, padded_key = _api.normalised(padded)
        assert padded_key == key
        assert table.equals(expected)
        assert metadata.get("start_time") == expected_meta.get("start_time")


def test_a_header_line_beyond_the_end_of_the_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "cut.mpt"
    path.write_text("EC-Lab ASCII FILE\nNb header lines : 400\n\nGCPL\n")
    with pytest.raises(read.CorruptFileError, match="should be line 400"):
        read.time_series(path)


def _landt(path: Path, clock_from: int | None) -> Path:
    """A Landt export of 600 rows; from row ``clock_from`` its test time is
    written ``H:MM:SS`` (as a column of durations may be, further on)."""
    lines = [
        "cell id: ,,,,,,,",
        "cycle_index,step_index,test_time_s,current_A,voltage_V,"
        "charge_capacity_Ah,discharge_capacity_Ah,step_name",
    ]
    for n in range(600):
        seconds = 10 * n
        written = (
            f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
            if clock_from is not None and n >= clock_from
            else f"{seconds}.000"
        )
        step, amps = (1, 0.5) if n < 300 else (2, -0.5)
        volts = 3.5 + n / 1000 if n < 300 else 3.8 - (n - 300) / 1000
        lines.append(f"1,{step},{written},{amps},{volts:.4f},0,0,cc")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_time_column_of_numbers_then_durations_reads_every_row(
    tmp_path: Path,
) -> None:
    numbers = read.time_series(_landt(tmp_path / "numbers.csv", None))
    mixed = read.time_series(_landt(tmp_path / "mixed.csv", 400))
    assert mixed["Time [s]"].to_list() == numbers["Time [s]"].to_list()
    assert mixed["Time [s]"][-1] == 5990.0
