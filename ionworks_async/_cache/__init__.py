"""The on-disk cache of measurement data: a repeat ``detail()`` in one round trip.

:mod:`.store` is the cache (keys from what says the data is unchanged,
writes behind the caller, a bound in bytes), :mod:`.entries` one entry's
file (checked on every read), :mod:`.folders` where the cache lives and the
rules its folders keep.
"""

from .folders import CACHE_DIR_VARIABLE, default_cache_dir, resolve_cache_dir
from .store import DEFAULT_CACHE_MAX_BYTES, FLUSH_WAIT_SECONDS, DataCache

__all__ = [
    "CACHE_DIR_VARIABLE",
    "DEFAULT_CACHE_MAX_BYTES",
    "FLUSH_WAIT_SECONDS",
    "DataCache",
    "default_cache_dir",
    "resolve_cache_dir",
]
