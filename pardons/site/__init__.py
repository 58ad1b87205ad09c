"""Public pages for pardon decrees."""
