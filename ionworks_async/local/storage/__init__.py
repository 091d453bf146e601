"""Where ionworks-local keeps what it is sent.

The SQLite store of records (:mod:`.store`, its schema and migrations in
:mod:`.schema`, the SELECTs in :mod:`.rows`), the record kinds and their field
checks (:mod:`.kinds`), the parquet blobs (:mod:`.blobs`) and the signed
storage URLs (:mod:`.signing`).
"""
