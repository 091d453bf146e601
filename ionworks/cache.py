"""The process's cache switches (the public client's ``ionworks.cache``).

They act on our validated on-disk cache (see
:mod:`ionworks_async._cache.switches` for what each does).
"""

from ionworks_async import (
    clear_cache,
    get_cache_directory,
    get_cache_enabled,
    get_cache_ttl,
    set_cache_directory,
    set_cache_enabled,
    set_cache_ttl,
)

__all__ = [
    "clear_cache",
    "get_cache_directory",
    "get_cache_enabled",
    "get_cache_ttl",
    "set_cache_directory",
    "set_cache_enabled",
    "set_cache_ttl",
]
