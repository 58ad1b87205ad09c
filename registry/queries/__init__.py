"""Reads shared by the site and the API that span both domains: prisoner filters and every public number."""
