"""Units and time spellings of cyclers' files, converted with pyarrow compute."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np

from ..tables.bridge import arrow_array, arrow_null, arrow_scalar, floats
from ..tables.table import pyarrow_module

__all__ = [
    "SCALES",
    "epoch_seconds",
    "numbers_of",
    "parse_moment",
    "scale_of",
    "seconds",
]

SCALES: dict[str, float] = {
    # current
    "a": 1.0,
    "ma": 1e-3,
    "µa": 1e-6,
    "μa": 1e-6,
    "ua": 1e-6,
    "na": 1e-9,
    # voltage
    "v": 1.0,
    "mv": 1e-3,
    "µv": 1e-6,
    # charge (to A.h)
    "ah": 1.0,
    "a.h": 1.0,
    "a·h": 1.0,
    "mah": 1e-3,
    "ma.h": 1e-3,
    "µah": 1e-6,
    "as": 1 / 3600,
    "mas": 1e-3 / 3600,
    # energy (to W.h)
    "wh": 1.0,
    "w.h": 1.0,
    "mwh": 1e-3,
    "mw.h": 1e-3,
    "kwh": 1e3,
    "ws": 1 / 3600,
    "mws": 1e-3 / 3600,
    "j": 1 / 3600,
    # power
    "w": 1.0,
    "mw": 1e-3,
    # dimensionless (the Battery Data Format's "Step Count / 1")
    "1": 1.0,
    # the Battery Data Format's unit words
    "ampere": 1.0,
    "milliampere": 1e-3,
    "volt": 1.0,
    "second": 1.0,
    "millisecond": 1e-3,
    "celsius": 1.0,
    "hertz": 1.0,
    # time (to s)
    "s": 1.0,
    "sec": 1.0,
    "ms": 1e-3,
    "min": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hour": 3600.0,
    # temperature, resistance, frequency
    "°c": 1.0,
    "degc": 1.0,
    "\ufffdc": 1.0,  # °C whose degree sign a code page lost (BT-Lab exports)
    "c°": 1.0,
    "ohm": 1.0,
    "mohm": 1e-3,
    "mo": 1e-3,
    "hz": 1.0,
}

_DURATION = (
    r"^\s*(?:(?P<days>\d+)\s*d\s*)?(?P<hours>\d+):(?P<minutes>\d{1,2}):"
    r"(?P<seconds>\d{1,2}(?:[.,]\d*)?)\s*$"
)


def scale_of(unit: str) -> float | None:
    """Return the factor to SI (A, V, A.h, W.h, s) of a unit's spelling, or ``None``."""
    return SCALES.get(unit.strip().lower().replace(" ", ""))


def seconds(values: Any) -> Any:
    """Read durations as float seconds: numbers, ``HH:MM:SS.fff`` or ``1d HH:MM:SS``.

    Parameters
    ----------
    values : pyarrow.Array
        Strings or numbers. Hours may exceed 24 (``123:04:05.5``).

    Returns
    -------
    pyarrow.Array
        float64 seconds; null where a value is neither form.
    """
    pa = pyarrow_module()
    import pyarrow.compute as pc

    if not pa.types.is_string(values.type) and not pa.types.is_large_string(
        values.type
    ):
        return pc.cast(values, pa.float64())
    if not _looks_like_duration(values):
        try:  # plain numbers, the common case: one cast
            return pc.cast(pc.utf8_trim_whitespace(values), pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass  # durations further on, or decimal commas
    parts = pc.extract_regex(values, _DURATION)

    def field(name: str, prefix: str = "") -> Any:  # digits, by the pattern
        text = pc.struct_field(parts, name)
        if prefix:  # an optional group: "" where absent, read as 0
            text = pc.binary_join_element_wise(
                arrow_scalar(prefix), text, arrow_scalar("")
            )
        if name == "seconds":
            text = pc.replace_substring(text, ",", ".")
        return floats(pc.cast(text, pa.float64()))

    with np.errstate(invalid="ignore"):
        total = (
            field("days", "0") * 86400.0
            + field("hours") * 3600.0
            + field("minutes") * 60.0
            + field("seconds")
        )
    result = arrow_array(total, np.isnan(total))
    if result.null_count == values.null_count:
        return result  # every value was a duration
    return pc.coalesce(result, numbers_of(values))


def _looks_like_duration(values: Any) -> bool:
    """Whether the first value of a text column is written ``[Nd ]H:MM:SS``."""
    for scalar in values[:8]:
        text = scalar.as_py()
        if text is not None and text.strip():
            return ":" in text
    return False


_NUMBER = r"^\s*[-+]?(\d+[.,]?\d*|[.,]\d+)([eE][-+]?\d+)?\s*$"


def numbers_of(values: Any) -> Any:
    """Read text as float64: numbers (``.`` or ``,`` decimal), null for the rest."""
    pa = pyarrow_module()
    import pyarrow.compute as pc

    numeric = pc.fill_null(
        pc.match_substring_regex(values, _NUMBER), arrow_scalar(False)
    )
    text = pc.replace_substring(values, ",", ".")
    text = pc.if_else(numeric, text, arrow_null(text.type))
    return pc.cast(pc.utf8_trim_whitespace(text), pa.float64())


_MOMENT_FORMATS = (
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%Y %H:%M:%S.%f",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d-%b-%y %I:%M:%S %p",
    "%d-%b-%Y %I:%M:%S %p",
    "%d-%b-%y",
    "%Y/%m/%d %H:%M:%S",
    "%a, %b %d, %Y %I:%M:%S %p",
    "%A, %B %d, %Y %I:%M:%S %p",
)


_LITERALS = {
    pattern: set(re.sub(r"%.", "", pattern)) - {" "} for pattern in _MOMENT_FORMATS
}
"""The separators each format writes (every one must be in a text it reads)."""


def parse_moment(text: str | None, *, day_first: bool = False) -> dt.datetime | None:
    """Read a date and time as a cycler's header writes it, or ``None``.

    A moment without a zone is returned naive: the file's local time, which
    only the user knows (:func:`~ionworks_async.read.start_time` leaves it so).
    """
    if not text:
        return None
    cleaned = re.sub(r"\s+", " ", text.strip().strip("\t"))
    try:
        return dt.datetime.fromisoformat(cleaned)
    except ValueError:
        pass
    formats: tuple[str, ...] = _MOMENT_FORMATS
    if day_first:
        formats = tuple(f.replace("%m/%d/", "%d/%m/") for f in formats)
    for pattern in formats:
        if not _LITERALS[pattern.replace("%d/%m/", "%m/%d/")] <= set(cleaned):
            continue  # a separator the text lacks: strptime would fail (slowly)
        try:
            return dt.datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
    return None


def epoch_seconds(values: Any) -> Any:
    """Read ISO 8601 date-times (with or without a UTC offset) as epoch seconds.

    A value without an offset is taken as UTC: only differences are used.
    Values that are not date-times are null.
    """
    pa = pyarrow_module()
    import pyarrow.compute as pc

    text = pc.utf8_trim_whitespace(pc.cast(values, pa.string()))
    empty = pc.equal(pc.utf8_length(text), arrow_scalar(0))
    text = pc.if_else(empty, arrow_null(text.type), text)
    for kind in (pa.timestamp("us", tz="UTC"), pa.timestamp("us")):
        try:
            moments = pc.cast(text, kind)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        micros = pc.cast(pc.cast(moments, pa.timestamp("us")), pa.int64())
        return pc.divide(pc.cast(micros, pa.float64()), arrow_scalar(1e6))
    written = _written_moments(text)
    return pa.nulls(len(values), pa.float64()) if written is None else written


_WRITTEN = (
    "%m/%d/%Y %H:%M:%S",  # BioLogic, Maccor (US)
    "%m/%d/%Y %I:%M:%S %p",
    "%d/%m/%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",  # BaSyTec, German locales
    "%Y/%m/%d %H:%M:%S",
)
"""Date-times as cyclers write them besides ISO 8601, the US order first."""


def _written_moments(text: Any) -> Any:
    """Read date-times of a :data:`_WRITTEN` form (every one of one form), or None.

    Fractions of a second (``11:38:41.707``) are kept: the part before them
    is parsed by the form, the fraction added.
    """
    pa = pyarrow_module()
    import pyarrow.compute as pc

    pattern = r"^(?P<base>.*?\d{1,2}:\d\d:\d\d)(?P<fraction>\.\d+)?(?P<rest>.*)$"
    parts = pc.extract_regex(text, pattern)
    nothing = arrow_scalar("")  # no Python value to compute: see tables.bridge
    base = pc.binary_join_element_wise(
        pc.struct_field(parts, "base"), pc.struct_field(parts, "rest"), nothing
    )
    fraction = pc.cast(
        pc.if_else(
            pc.equal(
                pc.utf8_length(pc.struct_field(parts, "fraction")), arrow_scalar(0)
            ),
            arrow_scalar("0"),
            pc.binary_join_element_wise(
                arrow_scalar("0"), pc.struct_field(parts, "fraction"), nothing
            ),
        ),
        pa.float64(),
    )
    wanted = pc.sum(pc.is_valid(text)).as_py() or 0
    if wanted == 0:
        return None
    for form in _WRITTEN:
        try:
            moments = pc.strptime(base, format=form, unit="s", error_is_null=True)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        if (pc.sum(pc.is_valid(moments)).as_py() or 0) < wanted:
            continue  # some values are not of this form
        whole = pc.cast(pc.cast(moments, pa.int64()), pa.float64())
        return pc.add(whole, fraction)
    return None
