"""Open data: the public dataset as files (CSV, JSON, statistics, a Frictionless data package), dated
releases of it with changelogs and checksums, and the citations readers copy.

A layer above the site and the API: the dataset's JSON is the API's own documents.
"""
