"""Whether a file no reader recognises is still a data file (then it fails).

A lab folder holds notes, photos and scripts beside the cyclers' exports; a
file no reader recognises is skipped when it is one of those, but **fails**
when it is data — a cycler's binary format by its extension, or text whose
first lines are rows of numbers — because then a measurement is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["looks_like_data"]

BINARY_DATA = frozenset(
    {".mpr", ".nda", ".ndax", ".res", ".xlsx", ".xls", ".xlsm", ".cex", ".h5"}
)
"""Extensions of cyclers' own files that are never anything else."""

TEXT_DATA = frozenset({".csv", ".tsv", ".txt", ".dat", ".mpt", ".dta", ".bdf"})
"""Extensions of text exports: data when their lines are rows of numbers."""

_MACCOR = re.compile(r"\.\d{3}$")
_NUMBER = re.compile(r"^[-+]?(\d+[.,]?\d*|[.,]\d+)([eE][-+]?\d+)?$")
_SAMPLE = 8192


def looks_like_data(path: Path) -> bool:
    """Whether an unrecognised file is a data file (by extension, then content).

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    bool
        True for a cycler's binary extension, a Maccor channel extension
        (``.041``), or a text file of which at least three of the first lines
        hold three numbers or more.
    """
    suffix = path.suffix.lower()
    if suffix in BINARY_DATA or _MACCOR.search(path.name):
        return True
    if suffix not in TEXT_DATA:
        return False
    try:
        with path.open("rb") as file:
            head = file.read(_SAMPLE).decode("utf-8", "replace")
    except OSError:
        return False
    rows = 0
    for line in head.splitlines()[:50]:
        fields = re.split(r"[,;\t ]+", line.strip())
        if sum(1 for field in fields if _NUMBER.match(field)) >= 3:
            rows += 1
    return rows >= 3
