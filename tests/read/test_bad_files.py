"""Bad input gets a clear, typed error naming the file, never a raw one."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ionworks_async import MeasurementValidationWarning, MissingDependencyError, read
from ionworks_async.read.errors import article
from ionworks_async.read.reading import native_table
from ionworks_async.read.toolkit import Head

MACCOR_HEADER = (
    "Today's Date 03/07/2018  Date of Test:\t11/02/2016\t Filename:\tx.041\t"
    "Procedure: CC\tComment/Barcode: \n"
)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_a_missing_or_empty_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(read.CyclerFileError, match="no such file") as caught:
        read.time_series(tmp_path / "gone.csv")
    assert caught.value.path == tmp_path / "gone.csv"
    empty = _write(tmp_path / "empty.csv", "")
    with pytest.raises(read.CyclerFileError, match="empty"):
        read.time_series(empty)
    with pytest.raises(TypeError, match="filename must be a path"):
        read.time_series(42)  # type: ignore[arg-type]
    with pytest.raises(read.CyclerFileError, match=r"not a regular file \(a folder"):
        read.time_series(tmp_path)
    with pytest.raises(read.CyclerFileError, match="no such file"):
        read.detect_reader(tmp_path / "gone.csv")


def test_a_file_that_cannot_be_opened_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = _write(tmp_path / "locked.csv", "a,b\n1,2\n")
    opened = os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(path) == locked:  # as without read permission (root reads any)
            raise PermissionError(13, "Permission denied", str(path))
        return opened(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(read.CyclerFileError, match="cannot be opened: Permission"):
        read.time_series(locked)
    with pytest.raises(read.CyclerFileError, match="cannot be opened: Permission"):
        native_table(locked)  # an upload's file, checked the same way


def _within(seconds: float, call: Callable[[], object]) -> BaseException | None:
    """Run ``call`` in a thread; its exception, or fail if it has not ended."""
    caught: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
        except BaseException as error:  # handed to the test
            caught.append(error)
        else:
            caught.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert caught, f"still running after {seconds} s: it hangs"
    return caught[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "cell.csv"
    os.mkfifo(pipe)  # no writer: opening it to read would wait for ever
    for call in (read.time_series, read.detect_reader, read.inspect_file):
        error = _within(60, lambda call=call: call(pipe))  # type: ignore[misc]
        assert isinstance(error, read.CyclerFileError), error
        assert "not a regular file (a named pipe)" in str(error)
        assert error.path == pipe


def test_an_unknown_text_file_says_what_it_saw(tmp_path: Path) -> None:
    path = _write(tmp_path / "notes.txt", "shopping list\neggs\nmilk\n")
    with pytest.raises(read.UnknownFormatError) as caught:
        read.time_series(path)
    message = str(caught.value)
    assert str(path) in message and "'shopping list'" in message
    assert "extra_column_mappings" in message


def test_a_recognised_export_without_a_needed_column_lists_what_it_has(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path / "cell.041",
        MACCOR_HEADER + "Rec#\tCyc#\tStep\tTestTime\tVolts\tState\n"
        "1\t0\t1\t  0d 00:00:00.0000\t3.9\tR\n",
    )
    with pytest.raises(read.UnknownFormatError) as caught:
        read.time_series(path)
    message = str(caught.value)
    assert "looks like a Maccor export but has no current column" in message
    assert "columns found: Rec#, Cyc#, Step, TestTime, Volts, State" in message
    arbin = _write(
        tmp_path / "arbin.csv",
        "Data_Point,Test_Time(s),Step_Index,Cycle_Index,Voltage(V)\n1,0,1,1,3.9\n",
    )
    with pytest.raises(read.UnknownFormatError, match="looks like an Arbin export"):
        read.time_series(arbin, reader="arbin")


def test_a_row_that_does_not_fit_the_header_is_an_error_with_its_line(
    tmp_path: Path,
) -> None:
    rows = (
        "".join(f"{n}\t0\t1\t{n}.0\t0.5\t3.9\tD\n" for n in range(60))
        + "60\t0\t1\t60.0\t0.5\t3.9\tD\textra\tfields\n"
    )
    path = _write(
        tmp_path / "cell.041",
        MACCOR_HEADER + "Rec#\tCyc#\tStep\tTest (Sec)\tAmps\tVolts\tState\n" + rows,
    )
    with pytest.raises(read.CorruptFileError, match="line 63") as caught:
        read.time_series(path)
    assert "a row does not have the header's 7 fields" in str(caught.value)


def test_a_number_that_is_not_one_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "cell.041",
        MACCOR_HEADER
        + "Rec#\tCyc#\tStep\tTest (Sec)\tAmps\tVolts\tState\n"
        + "1\t0\t1\t0.0\t0.5\t3.9\tD\n2\t0\t1\t1.0\tbroken\t3.9\tD\n",
    )
    with pytest.raises(read.CorruptFileError) as caught:
        read.time_series(path)
    assert str(path) in str(caught.value)


def test_a_truncated_parquet_file_is_a_typed_error(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "data/cyclers/bdf/legacy.bdf.parquet"
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(source.read_bytes()[:4000])
    with pytest.raises(read.CyclerFileError):
        read.time_series(cut)


def test_an_unknown_reader_name_lists_the_readers(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.csv", "Time [s],Current [A],Voltage [V]\n0,1,3\n")
    with pytest.raises(ValueError, match=r"unknown reader 'digitron'.*maccor"):
        read.time_series(path, reader="digitron")


def test_a_reversed_sign_is_refused_naming_the_file(tmp_path: Path) -> None:
    rows = [
        f"{t},{-1.0 if t < 300 else 0.0},{4.1 - 0.001 * t if t < 300 else 3.8},"
        f"{0 if t < 300 else 1}"
        for t in range(600)
    ]  # positive current discharges here: as the API signs it
    path = _write(
        tmp_path / "export.csv",
        "Time [s],Current [A],Voltage [V],Step count\n" + "\n".join(rows) + "\n",
    )
    with pytest.raises(read.CyclerFileError, match="charges the cell") as caught:
        read.time_series(path)
    assert str(path) in str(caught.value)


def test_extra_column_mappings_name_columns_no_reader_knows(tmp_path: Path) -> None:
    rows = [
        f"{t},{1.0 if t < 300 else 0.0},{4.1 - 0.001 * t if t < 300 else 3.8}"
        for t in range(600)
    ]
    path = _write(tmp_path / "export.csv", "t,amps,V\n" + "\n".join(rows) + "\n")
    frame = read.time_series(
        path,
        reader="csv",
        extra_column_mappings={
            "t": "Time [s]",
            "amps": "Current [A]",
            "V": "Voltage [V]",
        },
        extra_constant_columns={"Temperature [degC]": 25.0},
    )
    assert frame.height == 600  # a polars frame, the default
    assert frame["Current [A]"][0] == 1.0
    assert frame["Step count"][-1] == 1  # steps from the current's changes
    assert set(frame["Temperature [degC]"]) == {25.0}


MPR = (
    Path(__file__).resolve().parents[1]
    / "data/cyclers/biologic/exampleDataBioLogic.mpr"
)


def test_a_truncated_mpr_says_it_is_cut_short(tmp_path: Path) -> None:
    data = MPR.read_bytes()
    for size in (30, 60, 2500, 5000):  # in the header, in a module, in the rows
        cut = tmp_path / f"cut{size}.mpr"
        cut.write_bytes(data[:size])
        with pytest.raises(read.CorruptFileError) as caught:
            read.time_series(cut)
        assert str(cut) in str(caught.value)


def _mpr_with_ids(tmp_path: Path, replaced: dict[int, int]) -> Path:
    """The example .mpr with some column ids replaced by ids no reader knows."""
    data = bytearray(MPR.read_bytes())
    module = data.find(b"MODULEVMP data")
    ids = module + 57 + 5  # version 2: 57-byte module header, u32 rows, u8 columns
    for position, new in replaced.items():
        at = ids + 2 * position
        data[at : at + 2] = new.to_bytes(2, "little")
    odd = tmp_path / "odd.mpr"
    odd.write_bytes(bytes(data))
    return odd


def test_an_mpr_column_unknown_here_is_sized_by_its_rows_and_skipped(
    tmp_path: Path,
) -> None:
    # Newer EC-Lab versions add columns: one unknown id takes what the row
    # width leaves (freq/Hz's 4 bytes here); the columns after it read true.
    odd = _mpr_with_ids(tmp_path, {0: 9999})  # in place of freq/Hz
    table = read.time_series(odd)
    expected = read.time_series(MPR)
    assert table.height == expected.height == 43
    for name in ("Time [s]", "Voltage [V]", "Current [A]"):
        assert table[name].equals(expected[name]), name


def test_mpr_columns_whose_widths_cannot_be_told_are_refused(tmp_path: Path) -> None:
    odd = _mpr_with_ids(tmp_path, {0: 9999, 5: 9998})  # a float32 and a float64
    with pytest.raises(read.CorruptFileError, match="9999, 9998") as caught:
        read.time_series(odd)
    assert "cannot be told apart" in str(caught.value)


def test_a_damaged_ndax_is_a_typed_error(tmp_path: Path) -> None:
    import zipfile

    source = (
        Path(__file__).resolve().parents[1] / "data/cyclers/neware/interp-test.ndax"
    )
    broken = tmp_path / "broken.ndax"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(broken, "w") as out:
        for name in archive.namelist():
            data = archive.read(name)
            out.writestr(name, data[: len(data) // 3] if name == "data.ndc" else data)
    with pytest.raises(read.CorruptFileError, match="could not be decoded"):
        read.time_series(broken)


DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"


def test_an_ndax_that_would_inflate_implausibly_is_refused_before_it_is_read(
    tmp_path: Path,
) -> None:
    import zipfile

    bomb = tmp_path / "bomb.ndax"
    zeros = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(DATA / "neware/interp-test.ndax") as archive,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for name in archive.namelist():
            if name != "data.ndc":
                out.writestr(name, archive.read(name))
                continue
            with out.open(name, "w") as member:  # 160 MiB of records, ~160 KB
                member.write(archive.read(name))
                for _ in range(160):
                    member.write(zeros)
    assert bomb.stat().st_size < 1024 * 1024
    assert read.detect_reader(bomb) == "neware nda"  # recognised, then refused
    with pytest.raises(read.CorruptFileError, match="would inflate to 160 MiB"):
        read.time_series(bomb)


def _damaged_ndax(target: Path) -> Path:
    """An .ndax whose zip entries declare a 'version needed' no zip reader has."""
    data = bytearray((DATA / "neware/interp-test.ndax").read_bytes())
    for signature, offset in ((b"PK\x03\x04", 4), (b"PK\x01\x02", 6)):
        at = data.find(signature)
        while at >= 0:
            data[at + offset : at + offset + 2] = (999).to_bytes(2, "little")
            at = data.find(signature, at + 4)
    target.write_bytes(bytes(data))
    return target


def _mpr_of_many_columns(target: Path) -> Path:
    """A newer EC-Lab .mpr whose data module declares 65,535 columns."""
    data = bytearray(
        (DATA / "biologic/commercial_cell_001__1753283786_C01.mpr").read_bytes()
    )
    module = data.find(b"MODULEVMP data")
    count = module + 65 + 4  # a newer module header (65 bytes), u32 rows, u16 columns
    data[count : count + 2] = (65_535).to_bytes(2, "little")
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_damaged_ndax, "damaged"),
        (lambda t: _cut(DATA / "arbin/arbin_example.res", t, 128 * 1024), "cut short"),
        (_mpr_of_many_columns, "declares 65535 columns"),
    ],
    ids=["ndax-version-needed", "res-cut-at-128k", "mpr-65535-columns"],
)
def test_a_damaged_native_file_is_a_typed_error_naming_it(
    tmp_path: Path, make: Any, said: str
) -> None:
    path = make(tmp_path / "damaged")
    with pytest.raises(read.CorruptFileError, match=said) as caught:
        read.detect_reader(path)
        read.time_series(path)
    assert caught.value.path == path
    with pytest.raises(read.CorruptFileError):
        read.inspect_file(path)


def _cut(source: Path, target: Path, size: int) -> Path:
    target.write_bytes(source.read_bytes()[:size])
    return target


def test_a_res_cut_at_a_page_boundary_keeps_only_its_leading_rows_and_says_so(
    tmp_path: Path,
) -> None:
    """A copy taken while MITS Pro still writes: its first rows, never a gap."""
    whole = read.time_series(DATA / "arbin/arbin_example.res")
    cut = _cut(DATA / "arbin/arbin_example.res", tmp_path / "cut.res", 70 * 4096)
    with pytest.warns(MeasurementValidationWarning, match="first 80 of the 2150"):
        leading = read.time_series(cut)
    assert leading["Time [s]"].to_list() == whole["Time [s]"].to_list()[:80]


def test_a_res_missing_a_page_in_the_middle_is_refused(tmp_path: Path) -> None:
    data = bytearray((DATA / "arbin/arbin_example.res").read_bytes())
    page = 100 * 4096  # a data page of the records, zeroed: its rows are gone
    data[page : page + 4096] = bytes(4096)
    holed = tmp_path / "holed.res"
    holed.write_bytes(bytes(data))
    with pytest.raises(read.CorruptFileError, match="missing between them"):
        read.time_series(holed)


FOREIGN = (
    DATA / "maccor/PredictionDiagnostics_000109_tztest.010",  # text, tab-separated
    DATA / "neware/interp-test.ndax",  # a zip
    DATA / "biologic/exampleDataBioLogic.mpr",  # binary
    DATA / "arbin/sample_data_arbin.csv",  # comma-separated
)


@pytest.mark.parametrize("key", [reader.key for reader in read.READERS])
def test_a_named_reader_that_does_not_know_the_file_says_so_typed(key: str) -> None:
    reader = next(r for r in read.READERS if r.key == key)
    for path in FOREIGN:
        if reader.recognises(Head.checked(path)):
            continue  # its own file
        try:
            read.time_series(path, reader=key)
        except read.UnknownFormatError as error:
            assert f"not {article(reader.cycler)} {reader.cycler} export" in str(error)
            assert error.path == path
        except read.CyclerFileError as error:  # its own checks refused it
            assert error.path == path
        except MissingDependencyError:
            pass  # an optional reader's library is not installed here


def test_a_named_reader_says_so_with_asserts_off_too(tmp_path: Path) -> None:
    script = (
        "from ionworks_async import read\n"
        f"for key, path in (('maccor', {str(FOREIGN[3])!r}), "
        f"('neware nda', {str(FOREIGN[0])!r}), ('gamry', {str(FOREIGN[2])!r})):\n"
        "    try:\n"
        "        read.time_series(path, reader=key)\n"
        "    except read.UnknownFormatError as error:\n"
        "        said = str(error).split(': ', 1)[1].split(' reader ')[0]\n"
        "        print(type(error).__name__, said)\n"
    )
    run = subprocess.run(
        [sys.executable, "-O", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "UnknownFormatError not a Maccor export: the 'maccor'",
        "UnknownFormatError not a Neware export: the 'neware nda'",
        "UnknownFormatError not a Gamry export: the 'gamry'",
    ]


def test_a_text_export_whose_body_turned_to_nul_bytes_fails_naming_the_line(
    tmp_path: Path,
) -> None:
    data = bytearray(
        (DATA / "maccor/PredictionDiagnostics_000109_tztest.010").read_bytes()
    )
    data[100_000:104_096] = bytes(4096)  # a copy cut by a power loss
    broken = tmp_path / "run.010"
    broken.write_bytes(bytes(data))
    assert read.detect_reader(broken) == "maccor"  # its header is still there
    line = data[:100_000].count(b"\n") + 1
    with pytest.raises(read.CorruptFileError, match=f"NUL bytes at line {line}"):
        read.time_series(broken)
    api = tmp_path / "series.csv"  # in the API's own columns, too
    api.write_bytes(
        b"Time [s],Current [A],Voltage [V]\n0,1,3.5\n1,1,3.4\n" + bytes(999)
    )
    with pytest.raises(read.CorruptFileError, match="NUL bytes at line 4"):
        read.time_series(api)
    binary = tmp_path / "blob.bin"  # NULs from the first line: binary, unknown
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(read.UnknownFormatError, match="binary"):
        read.time_series(binary)
