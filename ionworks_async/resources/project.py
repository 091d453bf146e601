"""Projects: the pieces of work of an organisation (specifications, raw data)."""

from __future__ import annotations

from ._generated import PlainProjects

__all__ = ["AsyncProjectClient"]


class AsyncProjectClient(PlainProjects):
    """Client for projects (the public client's ``client.project``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """
