# The key's words as a text-search vector instead of an array: the last word of a query may be
# unfinished, and a GIN index on a vector finds a word by its start ('zubar:*'), which the array's could
# not (that fell to the trigram index, slow for a common stem).
# PostgreSQL cannot change a generated column's expression: the column is dropped and added again, then
# the table analysed, or the planner guesses the new column's selectivity and scans every person.

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0033_prisoner_birth_date"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="prisonersearchkey", name="search_key_words"),
        migrations.RemoveField(model_name="prisonersearchkey", name="words"),
        migrations.AddField(
            model_name="prisonersearchkey",
            name="words",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Func(
                    models.Func(models.Value("simple"), models.F("key"), function="to_tsvector"), function="strip"
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="prisonersearchkey",
            index=django.contrib.postgres.indexes.GinIndex(fields=["words"], name="search_key_words"),
        ),
        migrations.RunSQL("ANALYZE registry_prisonersearchkey", migrations.RunSQL.noop),
    ]
