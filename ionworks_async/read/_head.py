"""The first bytes of a file, decoded once, for the readers to recognise it by."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import attrs

from .errors import CyclerFileError

__all__ = [
    "HEAD_BYTES",
    "LONGEST_HEAD_BYTES",
    "PREAMBLE_BYTES",
    "Head",
    "checked_file",
    "not_regular",
    "text_encoding",
    "text_lines",
]

HEAD_BYTES = 64 * 1024
"""How much of a file is read to recognise it."""
LONGEST_HEAD_BYTES = 16 << 20
"""How far a head grows (:meth:`Head.longer`) for a preamble longer than
:data:`HEAD_BYTES`: a BioLogic protocol of many sequences, a Novonix one of
many steps."""
PREAMBLE_BYTES = 16 * 1024
"""How far a format with a short preamble (Landt, PEC: a few lines) looks for
its header."""


def _decoded(data: bytes) -> tuple[str, str]:
    """Return a head's encoding (:func:`text_encoding`) and its text, decoded once."""
    if not data.startswith(b"\xef\xbb\xbf"):
        try:
            return "utf-8", data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    encoding = text_encoding(data)
    return encoding, data.decode(encoding, errors="replace")


def text_lines(text: str) -> list[str]:
    r"""Split text into lines where pyarrow's CSV reader ends its rows.

    That is at ``\n``, ``\r\n`` and ``\r``; not as ``str.splitlines``
    does, which also ends a line at a form feed, a file separator or U+0085
    (``…`` in a Windows code page, read as latin-1): a preamble holding one
    would put the header a line further on for us than for pyarrow, which
    would then skip the first row of data.
    """
    windows = "\r" in text
    lines = text.split("\r\n" if windows else "\n")
    if lines[-1] == "":  # a final newline ends the last line, starts none
        lines.pop()
    if windows and any("\n" in line or "\r" in line for line in lines):
        # a lone carriage return or newline as well: every kind ends a line
        return text_lines(text.replace("\r\n", "\n").replace("\r", "\n"))
    return lines


def text_encoding(data: bytes) -> str:
    """Return the encoding of a text export: UTF-8 (with or without BOM), else latin-1.

    Cyclers' export software writes units such as ``°C`` and ``µA`` in the
    machine's code page; latin-1 reads any byte, so a file is never refused
    for its degree sign.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the head is still UTF-8.
        if error.start < len(data) - 4:
            return "latin-1"
    return "utf-8"


@attrs.frozen
class Head:
    """The start of a file: its bytes, and its lines when it is text.

    Attributes
    ----------
    path : Path
        The file.
    data : bytes
        Its first :data:`HEAD_BYTES` bytes (more for a head that grew).
    encoding : str or None
        The text encoding, or ``None`` for a binary file.
    lines : list of str
        The complete lines of the head (none for a binary file).
    size : int
        The file's size in bytes, when its head was read.
    """

    path: Path
    data: bytes
    encoding: str | None
    lines: list[str]
    size: int

    @classmethod
    def of(cls, path: Path) -> Head:
        """Read the head of a file."""
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(HEAD_BYTES)
        return cls._of(path, data, size)

    @classmethod
    def checked(cls, filename: str | os.PathLike[str]) -> Head:
        """Read the head of a readable, non-empty file, or raise naming it.

        :func:`checked_file`'s checks and :meth:`of` in one opening of the file.
        """
        path, handle, size = _opened(filename)
        with handle:
            data = handle.read(HEAD_BYTES)
        return cls._of(path, data, size)

    @classmethod
    def _of(cls, path: Path, data: bytes, size: int) -> Head:
        if _binary(data):
            return cls(path, data, None, [], size)
        encoding, text = _decoded(data)
        lines = text_lines(text)
        if len(data) < size and lines:
            lines.pop()  # the last line may be cut short
        return cls(path, data, encoding, lines, size)

    @property
    def whole(self) -> bytes | None:
        """The file's bytes when the head holds all of them, else ``None``."""
        return self.data if len(self.data) >= self.size else None

    @property
    def is_text(self) -> bool:
        """Whether the file is text (no NUL byte near its start)."""
        return self.encoding is not None

    def longer(self) -> Head | None:
        """Return a head of the same file four times as long (``None``: no more).

        ``None`` when this one holds the whole file, or
        :data:`LONGEST_HEAD_BYTES`.
        """
        if self.whole is not None or len(self.data) >= LONGEST_HEAD_BYTES:
            return None
        with self.path.open("rb") as handle:
            data = handle.read(min(4 * len(self.data), LONGEST_HEAD_BYTES))
        return Head._of(self.path, data, max(self.size, len(data)))

    def holding(self, lines: int) -> Head:
        """Return a head of the same file holding ``lines`` lines, if it has them."""
        head = self
        while len(head.lines) < lines and (longer := head.longer()) is not None:
            head = longer
        return head

    def line_index(
        self, predicate: object, needle: str = "", within: int | None = None
    ) -> int | None:
        """Return the index of the first line for which ``predicate`` holds.

        ``needle``, ASCII text such a line holds, lets a head without it be
        passed over at once (the encodings read are ASCII-compatible);
        ``within`` bounds how far into the head that line may start (bytes),
        for formats whose table follows a short preamble.
        """
        assert callable(predicate)
        end = len(self.data) if within is None else within
        if needle and self.data.find(needle.encode("ascii"), 0, end) < 0:
            return None
        for index, line in enumerate(self.lines):
            if predicate(line):
                return index
        return None


def _path(filename: str | os.PathLike[str]) -> Path:
    if not isinstance(filename, (str, os.PathLike)):
        raise TypeError(
            "filename must be a path (str or os.PathLike), "
            f"got {type(filename).__name__}"
        )
    return filename if isinstance(filename, Path) else Path(filename)


def _binary(data: bytes) -> bool:
    """Whether a file is binary: a NUL byte in its first line (or 4 KiB).

    A text export whose body turned to NUL blocks (a copy cut by a power
    loss) still begins with its header: it is text, damaged, and its reader
    says where; a binary format holds NULs from its first bytes.
    """
    end = data.find(b"\n", 0, 4096)
    return b"\x00" in data[: 4096 if end < 0 else end]


def _opened(filename: str | os.PathLike[str]) -> tuple[Path, BinaryIO, int]:
    """Open a readable, non-empty regular file: its path, handle and size.

    Raises a :class:`CyclerFileError` naming it otherwise (the handle is
    then closed).
    """
    path = _path(filename)
    try:
        # without blocking: a FIFO's open would wait for a writer for ever
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise CyclerFileError(path, "no such file") from None
    except OSError as error:  # no permission, a device that fails
        reason = error.strerror or type(error).__name__
        raise CyclerFileError(path, f"it cannot be opened: {reason}") from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode) or status.st_size == 0:
        os.close(descriptor)
        kind = not_regular(status.st_mode)
        reason = f"not a regular file ({kind})" if kind else "the file is empty"
        if stat.S_ISDIR(status.st_mode):
            reason += ": give one of its files"
        raise CyclerFileError(path, reason)
    if hasattr(os, "set_blocking"):
        os.set_blocking(descriptor, True)  # a regular file reads the same either way
    return path, os.fdopen(descriptor, "rb"), status.st_size


def not_regular(mode: int) -> str | None:
    """Name the kind of a file that is not a regular one (``None`` if it is).

    Parameters
    ----------
    mode : int
        The file's ``st_mode``.
    """
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in kinds if test(mode)), "a special file")


def checked_file(filename: str | os.PathLike[str]) -> Path:
    """Return the path of a readable, non-empty file, or raise naming it."""
    path, handle, _ = _opened(filename)
    handle.close()
    return path
