"""The decree tallies' recount takes one table lock for a bulk statement instead of a lock per decree (0006's
function, replaced): a statement touching thousands would overflow PostgreSQL's lock table."""

import importlib

from django.db import migrations

decree_tally = importlib.import_module("pardons.migrations.0006_decree_tally_triggers")


class Migration(migrations.Migration):
    dependencies = [("pardons", "0008_pardoned_person_triggers")]

    operations = [migrations.RunSQL(decree_tally.functions(), reverse_sql=migrations.RunSQL.noop)]
