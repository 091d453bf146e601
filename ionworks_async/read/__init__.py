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

from .by_reader import (
    arbin,
    arbin_eis,
    arbin_res,
    basytec,
    bdf,
    biologic,
    biologic_csv,
    biologic_mpt,
    csv,
    digatron,
    gamry,
    maccor,
    neware,
    novonix,
    parquet,
    repower,
)
from .convert import convert_file
from .errors import CorruptFileError, CyclerFileError, UnknownFormatError
from .functions import (
    keep_required_columns,
    measurement_details,
    metadata,
    start_time,
    time_series,
    time_series_and_steps,
)
from .inspection import Inspection, inspect_file
from .readers import READERS
from .reading import detect_reader

__all__ = [
    "READERS",
    "CorruptFileError",
    "CyclerFileError",
    "Inspection",
    "UnknownFormatError",
    "arbin",
    "arbin_eis",
    "arbin_res",
    "basytec",
    "bdf",
    "biologic",
    "biologic_csv",
    "biologic_mpt",
    "convert_file",
    "csv",
    "detect_reader",
    "digatron",
    "gamry",
    "inspect_file",
    "keep_required_columns",
    "maccor",
    "measurement_details",
    "metadata",
    "neware",
    "novonix",
    "parquet",
    "repower",
    "start_time",
    "time_series",
    "time_series_and_steps",
]
