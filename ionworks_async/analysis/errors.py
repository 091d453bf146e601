"""The error of a series the analysis cannot read."""

from __future__ import annotations

__all__ = ["SeriesError"]


class SeriesError(ValueError):
    """A time series whose steps cannot be told; the message says why.

    A missing column, a column of text where numbers belong, no rows, or a
    ``Time [s]`` that decreases.
    """
