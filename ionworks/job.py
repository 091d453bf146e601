"""Jobs' records, where the public client's ``ionworks.job`` has them."""

from ionworks_async.models.modelling import JobCreationPayload, JobResponse

__all__ = ["JobCreationPayload", "JobResponse"]
