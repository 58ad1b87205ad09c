"""The people's table vacuumed after 2% of it changes, not PostgreSQL's default 20%.

A filtered list walks the name-order index alone (0041) only over table pages marked all-visible, a mark that a
write clears and only VACUUM sets again. Staff edits touch people at random: by the default's 20%, most pages would
have lost the mark, and the walk would visit the table rows again. Vacuuming a table of people skips the pages
still marked, so doing it more often costs little.
"""

from django.db import migrations

OFTEN = (
    "ALTER TABLE registry_prisoner SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 100,"
    " autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_vacuum_insert_threshold = 100);"
)
DEFAULT = (
    "ALTER TABLE registry_prisoner RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,"
    " autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold);"
)


class Migration(migrations.Migration):
    dependencies = [("registry", "0041_name_order_index_holds_list_columns")]

    operations = [migrations.RunSQL(OFTEN, DEFAULT)]
