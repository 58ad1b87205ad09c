"""Each person's document kept in its table row, not in the TOAST table beside it.

A document (~4 KB of JSON) is over PostgreSQL's 2 KB threshold, so by default it was compressed and stored out of
line: reading a page of 50 meant 50 lookups in the TOAST index and 50 decompressions. With the row allowed to fill
a page (toast_tuple_target), documents under ~8 KB stay in the row, uncompressed; larger ones are still compressed
and moved out. The documents already there are rewritten once so they move in.
"""

from django.db import migrations

INLINE = "ALTER TABLE registry_persondocument SET (toast_tuple_target = 8160);"
# `|| ''` makes a new value: an UPDATE that keeps the old one keeps its out-of-line copy.
REWRITE = "UPDATE registry_persondocument SET document = document || '' WHERE document IS NOT NULL;"


class Migration(migrations.Migration):
    dependencies = [("registry", "0039_release_month_tally")]

    operations = [
        migrations.RunSQL(INLINE + REWRITE, "ALTER TABLE registry_persondocument RESET (toast_tuple_target);"),
    ]
