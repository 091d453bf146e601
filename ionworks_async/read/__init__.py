"""Read cyclers' own files into the API's time series, on your machine.

The functions of ionworksdata's ``read`` module, with its names and leading
arguments, so ``import ionworksdata as iwdata; iwdata.read.time_series(path)``
ports by changing the import::

    from ionworks_async import read
    frame = read.time_series("cell07.txt")
    details = read.measurement_details("cell07.txt", {"name": "RPT 1"})

Files are recognised by their content (:func:`detect_reader`); every reader
hands its columns to one normalisation (:mod:`._normalise`). Needs pyarrow
(the ``data`` extra).
"""

from .convert import convert_file
from .errors import CorruptFileError, CyclerFileError, UnknownFormatError
from .inspection import Inspection, inspect_file
from .readers import READERS
from .reading import (
    detect_reader,
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
