"""The journalist API under /api/v1/: shared plumbing, one module per resource, statistics, the root."""
