"""What a reader module is built from, in one import.

A reader (one module of :mod:`.readers`) is a class with a ``key``, the
``cycler`` it reads and the ``folder_names`` labs file its exports under
(:class:`Reader`); it recognises its files from their first bytes
(:class:`Head`) and reads them into :class:`CyclerColumns` (SI units, before
the API's rules apply). A text export names its columns by :class:`Field`
and is read by :func:`read_text` with a :class:`Layout`; times and units go
through :func:`parse_moment`, :func:`seconds` and :func:`scale_of`; a file
that cannot be read raises :class:`CyclerFileError` (or
:class:`CorruptFileError`, :class:`UnknownFormatError`).
"""

from ..errors import MissingDependencyError
from ..tables.bridge import arrow_array, arrow_null, arrow_scalar, floats, python_array
from ..tables.table import pyarrow_module
from ..validation import MeasurementValidationWarning
from ._arrow import arrow_buffer, note_csv_read
from ._columns import ARRAYS, CurrentSign, CyclerColumns
from ._head import PREAMBLE_BYTES, Head, not_regular, text_encoding
from ._mapped import (
    Field,
    Loader,
    base_name,
    find_column,
    parquet_loader,
    parquet_names,
    read_mapped,
    read_text,
    split_unit,
    text_loader,
)
from ._notices import warn_reading
from ._protocol import Reader
from ._text import (
    NULLS,
    Layout,
    first_row,
    header_names,
    sniff_delimiter,
    stream_block,
)
from ._units import epoch_seconds, parse_moment, scale_of, seconds
from .errors import CorruptFileError, CyclerFileError, UnknownFormatError
from .normalise import clock_time

__all__ = [
    "ARRAYS",
    "NULLS",
    "PREAMBLE_BYTES",
    "CorruptFileError",
    "CurrentSign",
    "CyclerColumns",
    "CyclerFileError",
    "Field",
    "Head",
    "Layout",
    "Loader",
    "MeasurementValidationWarning",
    "MissingDependencyError",
    "Reader",
    "UnknownFormatError",
    "arrow_array",
    "arrow_buffer",
    "arrow_null",
    "arrow_scalar",
    "base_name",
    "clock_time",
    "epoch_seconds",
    "find_column",
    "first_row",
    "floats",
    "header_names",
    "not_regular",
    "note_csv_read",
    "parquet_loader",
    "parquet_names",
    "parse_moment",
    "pyarrow_module",
    "python_array",
    "read_mapped",
    "read_text",
    "scale_of",
    "seconds",
    "sniff_delimiter",
    "split_unit",
    "stream_block",
    "text_encoding",
    "text_loader",
    "warn_reading",
]
