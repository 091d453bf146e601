"""``python -m ionworks_async``: the ``ionworks`` command, under a name that is ours.

Another distribution can install a package named ``ionworks`` and an
``ionworks`` command over ours (ionworks-api, and ionworksdata through it);
``python -m ionworks_async ingest ./lab`` still runs this project's command.
"""

from ._cli import main

raise SystemExit(main())
