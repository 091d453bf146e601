"""What callers pass, checked before any request: ids, bodies, filters, queries."""
