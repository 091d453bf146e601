"""The OpenAPI 3.1 document of ionworks-local, served at ``/openapi.json``.

:mod:`.document` assembles it from the component schemas (:mod:`.schemas`),
the building blocks (:mod:`.parts`) and the measurement routes
(:mod:`.measurements`).
"""

from .document import openapi_document

__all__ = ["openapi_document"]
