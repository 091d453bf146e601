"""Cell specification client.

The documented import path of ``CellSpecificationClient``; the class is generated from
:mod:`ionworks_async` into :mod:`ionworks._generated`.
"""

from ._generated import CellSpecificationClient

__all__ = ["CellSpecificationClient"]
