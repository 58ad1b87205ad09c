"""The held-over-60 tally tells named people's steps from withheld people's, so "over 60" keeps the small-cell rule.

Named people's birth dates are on their profiles, so the count of the held who are over 60 less the named ones
told how many withheld people held on a day were over 60: with one, their age. The tally gains `published` in its
key; the tally triggers (as 0050 left them) write it from the period's person; the tally is counted again.
0038's statements are reused, with the person's visibility carried through to the upsert.
"""

import importlib

from django.db import migrations, models

over_60 = importlib.import_module("registry.migrations.0038_held_over_60_tally")
releases = importlib.import_module("registry.migrations.0050_release_tallies_published")

# 0038's over-60 statements, piece by piece, and the same carrying the person's visibility to a `published` key.
KEYED = [
    ("c.kind, c.detained_on, c.released_on, p.birth_date, p.birth_date_precision",
     "c.kind, c.detained_on, c.released_on, p.birth_date, p.birth_date_precision, p.visibility"),
    ("SELECT detained_on, released_on, n, ", "SELECT detained_on, released_on, visibility, n, "),
    ("SELECT greatest(detained_on, sixty) AS start, released_on, n FROM",
     "SELECT greatest(detained_on, sixty) AS start, released_on, visibility, n FROM"),
    ("INSERT INTO registry_heldover60tally AS t (day, change)\n    SELECT day, sum(change) FROM (",
     "INSERT INTO registry_heldover60tally AS t (day, published, change)\n"
     "    SELECT day, published, sum(change) FROM ("),
    ("SELECT start AS day, n AS change FROM aged",
     "SELECT start AS day, visibility = 'public' AS published, n AS change FROM aged"),
    ("SELECT released_on, -n FROM aged", "SELECT released_on, visibility = 'public', -n FROM aged"),
    (") c GROUP BY 1 HAVING sum(change) <> 0\n    ON CONFLICT (day) DO",
     ") c GROUP BY 1, 2 HAVING sum(change) <> 0\n    ON CONFLICT (day, published) DO"),
]  # fmt: skip


def keyed(sql: str) -> str:
    for old, new in KEYED:
        assert old in sql, old
        sql = sql.replace(old, new)
    return sql


def tally_functions() -> str:
    """0050's trigger functions, their over-60 statements keyed (no other statement holds what `KEYED` replaces)."""
    return keyed(releases.tally_functions())


EMPTY = "TRUNCATE registry_heldover60tally;"


class Migration(migrations.Migration):
    dependencies = [("registry", "0050_release_tallies_published")]

    operations = [
        # Reversed last: the tally as 0038 kept it, once the key is back.
        migrations.RunSQL(migrations.RunSQL.noop, EMPTY + over_60.FILL),
        migrations.AddField(
            model_name="heldover60tally",
            name="published",
            field=models.BooleanField(default=True),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="heldover60tally",
            name="day",
            field=models.DateField(),
        ),
        migrations.AddConstraint(
            model_name="heldover60tally",
            constraint=models.UniqueConstraint(fields=("day", "published"), name="held_over_60_tally_key"),
        ),
        migrations.RunSQL(tally_functions(), releases.tally_functions()),
        migrations.RunSQL(EMPTY + keyed(over_60.FILL), EMPTY),
    ]
