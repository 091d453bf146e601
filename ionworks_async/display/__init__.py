"""How records, lists, details, tables and batch results show themselves.

Short ``repr`` text (the fields that identify a thing) and ``_repr_html_``
tables for notebooks. :mod:`.text` shortens values and builds reprs,
:mod:`.html` builds the escaped HTML tables, :mod:`.frames` tells a frame's
shape of any backend without decoding it, :mod:`.notebook` finds the Jupyter
kernel this runs in. Nothing here imports more than
the standard library.
"""

from .frames import frame_shape, shape_text
from .html import html_table, html_value
from .notebook import in_notebook, ipython_shell
from .text import call_repr, short, shown

__all__ = [
    "call_repr",
    "frame_shape",
    "html_table",
    "html_value",
    "in_notebook",
    "ipython_shell",
    "shape_text",
    "short",
    "shown",
]
