"""Read cyclers' own files into the API's time series: :mod:`ionworks_async.read`.

The functions are synchronous already (they read files on this machine), so
the blocking package re-exports them as they are::

    import ionworks
    frame = ionworks.read.time_series("cell07.txt")
"""

from ionworks_async.read import (
    READERS,
    CorruptFileError,
    CyclerFileError,
    Inspection,
    UnknownFormatError,
    convert_file,
    detect_reader,
    inspect_file,
    measurement_details,
    metadata,
    start_time,
    time_series,
    time_series_and_steps,
)

__all__ = [
    "READERS",
    "CorruptFileError",
    "CyclerFileError",
    "Inspection",
    "UnknownFormatError",
    "convert_file",
    "detect_reader",
    "inspect_file",
    "measurement_details",
    "metadata",
    "start_time",
    "time_series",
    "time_series_and_steps",
]
