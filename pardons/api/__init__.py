"""The journalist API for decrees and pardons (/api/v1/decrees/, /api/v1/pardons/)."""
