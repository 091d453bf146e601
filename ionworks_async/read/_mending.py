"""Text exports mended before pyarrow reads them: quoted lines, a cut last line.

Some exports write each line as one quoted field (``"a,b,c"``); a copy taken
while a cycler writes ends in a line with fewer fields than the header.
Both are mended in the bytes pyarrow is given, never in the file.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ._notices import warn_reading

__all__ = ["TAIL_BYTES", "Ended", "cut_line", "unwrapped", "wrapped"]


def wrapped(line: str) -> bool:
    """Whether a line is one quoted field, holding the fields of a row."""
    return len(line) > 1 and line[0] == line[-1] == '"' and line.count('"') == 2


_WRAPPED_LINE = re.compile(rb'(?m)^"([^"\r\n]*)"(\r?)$')


def unwrapped(data: bytes) -> bytes:
    """Return a file's bytes with each line's enclosing quotes taken off."""
    return _WRAPPED_LINE.sub(rb"\1\2", data)


def cut_line(
    path: Path, data: bytes | None, size: int, delimiter_text: str, width: int
) -> tuple[int, bytes] | None:
    """Where a cut or short last line ends, and what mends it (``None``: whole).

    A last line with fewer fields than the header that does not end was
    copied while the cycler wrote it: it is left out, as its fields may be
    cut (``3,41`` of ``3,4123``), and the file holds its complete rows (a
    re-read of the finished file extends them). One that ends (some exports
    end their last record early) is read with the missing fields empty. A
    :class:`MeasurementValidationWarning` says which.
    """
    delimiter = delimiter_text.encode("ascii", "ignore") or b","
    if data is not None:
        tail, base = data[-TAIL_BYTES:], max(0, len(data) - TAIL_BYTES)
    else:
        with path.open("rb") as handle:
            base = max(0, size - TAIL_BYTES)
            handle.seek(base)
            tail = handle.read()
    ended = tail.endswith((b"\n", b"\r"))
    content = tail.rstrip(b"\r\n")
    start = content.rfind(b"\n") + 1
    last = content[start:]
    if not last.strip() or b'"' in last or (start == 0 and base == 0):
        return None  # no line, quoted fields, or a file of one line
    if b"\x00" in last:
        return None  # damage, not a line cut while written: the reading says so
    fields = last.count(delimiter) + 1
    if fields >= width:
        return None  # whole, as far as can be told
    if not ended:
        warn_reading(
            f"{path}: its last line is cut (it does not end: a copy taken while "
            "the cycler wrote it?); its complete rows are read",
        )
        return base + start, b""
    warn_reading(
        f"{path}: its last line has {fields} of the header's {width} fields: the "
        "missing ones are read as empty",
    )
    return base + len(content), delimiter * (width - fields) + b"\n"


TAIL_BYTES = 64 * 1024
"""How much of a file's end is read to see whether its last line is whole."""


class Ended(io.RawIOBase):
    """A file's bytes up to ``keep``, then ``ending`` (a cut last line mended)."""

    def __init__(self, path: Path, keep: int, ending: bytes) -> None:
        super().__init__()
        self.path, self.keep, self.ending = path, keep, ending
        self.handle: Any = None  # opened at the first read
        self.position = 0

    def reopened(self) -> Ended:
        """Return a new reader from the start (each pyarrow pass reads afresh)."""
        return Ended(self.path, self.keep, self.ending)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self.position < self.keep:
            if self.handle is None:
                self.handle = self.path.open("rb")
            wanted = min(len(view), self.keep - self.position)
            got = self.handle.readinto(view[:wanted]) or 0
            self.position += got
            return got
        offset = self.position - self.keep
        rest = self.ending[offset : offset + len(view)]
        view[: len(rest)] = rest
        self.position += len(rest)
        return len(rest)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
        super().close()
