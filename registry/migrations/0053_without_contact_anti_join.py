"""The without-contact tally's triggers (0052) read a person's rows "as they were" with an anti-join, not NOT IN.

`r.id NOT IN (SELECT id FROM new_rows)` is hashed only while the statement's rows fit in work_mem; past that
PostgreSQL tests every row against every new row. Generating 300,000 people inserts ~370,000 custody periods in one
COPY: that trigger ran for over 13 minutes before being stopped (10,000 people: 33 s all told). NOT EXISTS is an
anti-join, which PostgreSQL hashes (in batches past work_mem) whatever the size. Same rows, same tally.
"""

import importlib

from django.db import migrations

TALLY = importlib.import_module("registry.migrations.0052_without_contact_tally")
NOT_IN = "r.id NOT IN (SELECT id FROM new_rows)"
ANTI_JOIN = "NOT EXISTS (SELECT FROM new_rows x WHERE x.id = r.id)"


def functions() -> str:
    old = TALLY.functions()
    assert NOT_IN in old, "0052's triggers no longer say what this migration replaces"
    return old.replace(NOT_IN, ANTI_JOIN)


class Migration(migrations.Migration):
    dependencies = [("registry", "0052_without_contact_tally")]

    operations = [migrations.RunSQL(functions(), TALLY.functions())]
