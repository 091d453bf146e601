"""What is wrong with a text export that did not read: the row, the line, the damage.

Only a failed read comes here: the file is read again to find the first row
that does not fit its header, or the NUL bytes a copy cut short by a power loss
leaves, and the error names them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._arrow import note_csv_read
from .errors import CorruptFileError

__all__ = ["arrow_message", "diagnosed"]


def diagnosed(
    path: Path,
    fields: int,
    error: Exception,
    source: Callable[[], Any],
    options: Callable[..., dict[str, Any]],
) -> CorruptFileError:
    """Say why a text export did not read: the first row that does not fit, if any.

    The file is read again with a handler noting each row with the wrong
    number of fields; as latin-1, where every byte is a character, so that
    no row's text fails to decode inside pyarrow (where a raise is lost).
    Only a failed read pays for this pass.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    bad_rows: list[str] = []

    def invalid(row: Any) -> str:
        bad_rows.append(row.text)
        return "skip"

    note_csv_read(invalid)  # the process waits for pyarrow to let go of it at exit
    try:
        with pacsv.open_csv(source(), **options(invalid, "latin-1")) as reader:
            for _ in reader:
                pass  # every row, to count those that do not fit
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass  # the first failure is the one to report
    finally:
        note_csv_read()
    if bad_rows:
        return _cut(path, fields, bad_rows)
    line = _nul_line(path)
    if line is not None:  # a block of NULs too long for pyarrow to call a row
        return _nul_error(path, line)
    return CorruptFileError(path, arrow_message(error))


def _nul_line(path: Path) -> int | None:
    """Return the line of a file's first NUL byte (``None``: it has none)."""
    lines = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            at = chunk.find(b"\x00")
            if at >= 0:
                return lines + chunk.count(b"\n", 0, at)
            lines += chunk.count(b"\n")
    return None


def _nul_error(path: Path, line: int) -> CorruptFileError:
    return CorruptFileError(
        path,
        f"its text turns to NUL bytes at line {line} (a copy cut short by a "
        "power loss or a full disk?): copy it again from the cycler",
    )


def _cut(path: Path, fields: int, bad_rows: list[str]) -> CorruptFileError:
    line = _line_of(path, bad_rows[0])
    if any("\x00" in row for row in bad_rows):
        return _nul_error(path, line)
    rows = "a row does" if len(bad_rows) == 1 else f"{len(bad_rows)} rows do"
    return CorruptFileError(
        path,
        f"{rows} not have the header's {fields} "
        f"fields (the first at line {line}): the file is cut or mixes tables",
    )


def _line_of(path: Path, text: str) -> int:
    """Find the 1-based line number of a row's text (only to report it)."""
    # the rows were read as latin-1, every byte a character, and so is the file
    with path.open(encoding="latin-1", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if line.rstrip("\r\n") == text.rstrip("\r\n"):
                return number
    return 0


def arrow_message(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    return f"it could not be read as its table: {text}"
