"""Cell instance client for managing individual cell records.

The documented import path of ``CellInstanceClient``; the class is generated from
:mod:`ionworks_async` into :mod:`ionworks._generated`.
"""

from ._generated import CellInstanceClient

__all__ = ["CellInstanceClient"]
