"""The database layer: the data version PostgreSQL bumps on every write, caches keyed by it, the embedded server."""
