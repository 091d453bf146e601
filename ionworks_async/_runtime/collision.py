"""Another distribution's ``ionworks`` package, installed over ours, told once.

ionworks-api (and ionworksdata, which depends on it) install a package named
``ionworks`` too. pip puts both in one folder without a word, and the last
installed wins: ``import ionworks`` and the ``ionworks`` command then are
that package's. :func:`warn_if_foreign` says so when ``ionworks_async`` is
imported, with the fix; ``ionworks_async`` itself keeps working, and so does
``python -m ionworks_async``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .user_warnings import warn_user

__all__ = ["ForeignIonworksWarning", "foreign_ionworks", "warn_if_foreign"]

MARK = "ionworks_async"
"""Our ``ionworks/__init__.py`` re-exports ``ionworks_async``; another does not."""


class ForeignIonworksWarning(UserWarning):
    """The ``ionworks`` package in this environment is not ionworks-async's."""


def foreign_ionworks() -> Path | None:
    """Return where a foreign ``ionworks`` package is, if one is installed.

    The package is found, not imported: nothing of it runs.
    """
    try:
        spec = importlib.util.find_spec("ionworks")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    origin = Path(spec.origin)
    try:
        head = origin.read_text(encoding="utf-8", errors="replace")[:8000]
    except OSError:
        return None
    return None if MARK in head else origin


_told: list[Path] = []
"""The foreign package already told of (a process tells it once)."""


def warn_if_foreign() -> None:
    """Warn (once a process) when the ``ionworks`` package is another's."""
    origin = foreign_ionworks()
    if origin is None or origin in _told:
        return
    _told.append(origin)
    warn_user(
        f"The package named 'ionworks' in this environment is not "
        f"ionworks-async's ({origin.parent}): another distribution installed "
        "one over it (ionworks-api does, and ionworksdata through it), so "
        "'import ionworks' and the 'ionworks' command are that package's now. "
        "ionworks_async still works, and 'python -m ionworks_async ...' runs "
        "this project's command. To use both, give each its own virtual "
        "environment (python -m venv), or reinstall ionworks-async here "
        "(pip install --force-reinstall ionworks-async) to take the name back.",
        ForeignIonworksWarning,
    )
