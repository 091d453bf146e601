"""The errors of reading a cycler's file: each names the file and what is wrong."""

from __future__ import annotations

from pathlib import Path

__all__ = ["CorruptFileError", "CyclerFileError", "UnknownFormatError", "article"]


class CyclerFileError(ValueError):
    """A cycler file that could not be read faithfully; nothing was guessed.

    Parameters
    ----------
    path : Path or str
        The file.
    message : str
        What is wrong, and what to do.

    Attributes
    ----------
    path : Path
        The file.
    """

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: {message}")


class UnknownFormatError(CyclerFileError):
    """No reader recognised the file, or it lacks a column its format needs."""


class CorruptFileError(CyclerFileError):
    """A file cut short or damaged: its bytes do not hold what its format says."""


def article(word: str) -> str:
    """Return the indefinite article before ``word`` ("an Arbin", "a Maccor")."""
    return "an" if word[:1].lower() in "aeiou" else "a"
