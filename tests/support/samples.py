"""The real cycler files of ``tests/data/cyclers``, without their references."""

from __future__ import annotations

from pathlib import Path

CYCLERS = Path(__file__).resolve().parents[1] / "data" / "cyclers"


def sample_files() -> list[Path]:
    """Every cycler file (not MANIFEST.md, not the references made of them)."""
    return sorted(
        path
        for path in CYCLERS.rglob("*")
        if path.is_file()
        and path.name != "MANIFEST.md"
        and "references" not in path.relative_to(CYCLERS).parts
    )
