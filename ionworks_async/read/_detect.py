"""Which reader a file is for, from its content, never its extension alone."""

from __future__ import annotations

from pathlib import Path

from ._head import Head
from ._protocol import Reader
from .errors import CorruptFileError, CyclerFileError, UnknownFormatError, article
from .readers import ALIASES, READERS

__all__ = ["NOT_YET", "reader_for", "reader_named"]

NOT_YET: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip archive of no cycler's format"),
)
"""Formats recognised by their first bytes that this version cannot read yet."""


def reader_named(key: str) -> Reader:
    """Return the reader of a key (``"maccor"``, ``"biologic mpt"``, ...)."""
    if not isinstance(key, str):
        raise TypeError(f"reader must be a string, got {type(key).__name__}")
    wanted = ALIASES.get(key.strip().lower(), key.strip().lower())
    for reader in READERS:
        if reader.key == wanted:
            return reader
    known = ", ".join(sorted({r.key for r in READERS} | set(ALIASES)))
    raise ValueError(f"unknown reader {key!r}; the readers are: {known}")


def reader_for(head: Head) -> Reader:
    """Return the reader that recognises a file, or say what it looks like."""
    for reader in READERS:
        try:
            if reader.recognises(head):
                return reader
        except CyclerFileError:
            raise
        except Exception as error:  # a damaged file broke a reader's look
            raise CorruptFileError(
                head.path,
                f"it looks like {article(reader.cycler)} {reader.cycler} file, "
                f"but it is damaged ({type(error).__name__}: {error})",
            ) from error
    for magic, what in NOT_YET:
        if head.data.startswith(magic):
            raise UnknownFormatError(
                head.path, f"it is {what}, which this version cannot read yet"
            )
    raise UnknownFormatError(head.path, _unrecognised(head))


def _unrecognised(head: Head) -> str:
    if not head.is_text:
        return "a binary file of no format a reader knows"
    first = next((line for line in head.lines if line.strip()), "")
    return (
        "no reader recognises it: it is text whose first line is "
        f"{first[:120]!r}; name its reader (reader=...) or map its columns "
        "(extra_column_mappings={'its time column': 'Time [s]', ...})"
    )


def describe(path: Path) -> str:
    """Return the key of the reader that recognises ``path``."""
    return reader_for(Head.of(path)).key
