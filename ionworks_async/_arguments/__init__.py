"""What callers pass, checked before any request: ids, bodies, filters, queries."""

__all__: list[str] = []
