"""The lab's sub-clients: sites, cyclers, channels, the lab view, plans, protocols.

Each method sends the request the public client (ionworks-api) sends for it,
route for route (see :mod:`.._routes`).
"""

from .channel import AsyncChannelClient
from .cycler import AsyncCyclerClient
from .planned import AsyncPlannedMeasurementClient
from .protocol import AsyncProtocolClient
from .site import AsyncSiteClient
from .view import AsyncLabClient

__all__ = [
    "AsyncChannelClient",
    "AsyncCyclerClient",
    "AsyncLabClient",
    "AsyncPlannedMeasurementClient",
    "AsyncProtocolClient",
    "AsyncSiteClient",
]
