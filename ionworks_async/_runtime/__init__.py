"""How the package runs: worker threads, task groups, warm-up, the error boundary.

Nothing here knows the API: :mod:`.threads` hands blocking work to worker
threads (and bounds CPU work to the cores), :mod:`.tasks` gathers coroutines
so that one failure cancels its siblings, :mod:`.warmup` starts the first
call's imports in the background, :mod:`.boundary` ends an error's traceback
at the caller's line, :mod:`.collision` warns when another distribution's
``ionworks`` is installed over ours, and :mod:`.version` is the version.
"""

__all__: list[str] = []
