"""The IPython shell this runs in, if any, looked up without importing IPython."""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["in_notebook", "ipython_shell"]


def ipython_shell() -> Any:
    """Return the running IPython shell, or ``None`` (IPython never imported)."""
    ipython = sys.modules.get("IPython")
    return getattr(ipython, "get_ipython", lambda: None)()


def in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel."""
    shell = ipython_shell()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})
