"""The on-disk cache of measurement data: a repeat ``detail()`` in one round trip.

:mod:`.store` is the cache (keys from what says the data is unchanged,
writes behind the caller, a bound in bytes), :mod:`.entries` one entry's
file (checked on every read), :mod:`.folders` where the cache lives and the
rules its folders keep, :mod:`.switches` the process's switches (on/off,
folder, TTL) as the public client's ``ionworks.cache`` has them.
"""

from .folders import CACHE_DIR_VARIABLE, default_cache_dir, resolve_cache_dir
from .store import DEFAULT_CACHE_MAX_BYTES, FLUSH_WAIT_SECONDS, DataCache
from .switches import (
    clear_cache,
    get_cache_directory,
    get_cache_enabled,
    get_cache_ttl,
    set_cache_directory,
    set_cache_enabled,
    set_cache_ttl,
)

__all__ = [
    "CACHE_DIR_VARIABLE",
    "DEFAULT_CACHE_MAX_BYTES",
    "FLUSH_WAIT_SECONDS",
    "DataCache",
    "clear_cache",
    "default_cache_dir",
    "get_cache_directory",
    "get_cache_enabled",
    "get_cache_ttl",
    "resolve_cache_dir",
    "set_cache_directory",
    "set_cache_enabled",
    "set_cache_ttl",
]
