"""The route handlers of ionworks-local, one module a group of routes.

Records (list, create, get, update, delete), uploads and storage, extend,
file measurements, tags, and the server's own control routes; the middleware
that wraps them all; and the reading of list queries.
"""
