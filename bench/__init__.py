"""`make bench`: the registry at scale, side by side with Datasette on the same public data.

run.py orchestrates (build, serve, load, report), export.py writes the SQLite copy for Datasette,
report.py holds the pure parts (wrk output parsing, ratios, the table), wrk.lua drives the requests.
"""
