"""The checks of a time series (the public client's ``ionworks.validators``).

:func:`validate_measurement_data` raises :class:`MeasurementValidationError`
with every error found and warns of the rest, as the public client's does;
:func:`validate_time_series` returns the issues instead.
"""

from ionworks_async import (
    IssueCode,
    MeasurementValidationError,
    MeasurementValidationWarning,
    ValidationIssue,
    get_dataframe_backend,
    set_dataframe_backend,
    validate_measurement_data,
    validate_time_series,
)
from ionworks_async.validation import ALWAYS_ON_CHECK_NAMES, STRICT_CHECK_NAMES

__all__ = [
    "ALWAYS_ON_CHECK_NAMES",
    "STRICT_CHECK_NAMES",
    "IssueCode",
    "MeasurementValidationError",
    "MeasurementValidationWarning",
    "ValidationIssue",
    "get_dataframe_backend",
    "set_dataframe_backend",
    "validate_measurement_data",
    "validate_time_series",
]
