"""Generated files, written or checked: what both code generators share.

The blocking facade (``python -m ionworks._codegen``) and the declared
resources' methods (``python -m ionworks_async.resources._declared.codegen``)
are generated; CI runs each with ``--check``, which fails on any difference
from a fresh generation and shows it.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

__all__ = ["write_or_check"]


def write_or_check(target: Path, fresh: str, *, check: bool, command: str) -> int:
    """Write ``fresh`` to ``target`` or, with ``check``, compare them.

    Parameters
    ----------
    target : Path
        The generated file.
    fresh : str
        Its text as the generator makes it now.
    check : bool
        Compare only: print the difference and return 1 if there is one.
    command : str
        The command that writes the file, for the message.

    Returns
    -------
    int
        The exit code: 0 written or up to date, 1 out of date (``check``).
    """
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if check:
        if current == fresh:
            return 0
        shown = f"{target.parent.name}/{target.name}"
        sys.stdout.writelines(
            difflib.unified_diff(
                current.splitlines(keepends=True),
                fresh.splitlines(keepends=True),
                f"{shown} (committed)",
                f"{shown} (generated now)",
            )
        )
        print(f"\n{shown} is out of date: run `{command}`.")
        return 1
    if current != fresh:
        target.write_text(fresh, encoding="utf-8")
    return 0
