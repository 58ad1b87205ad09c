"""The release tallies tell named people's releases from withheld people's, so release figures keep the small-cell rule.

A release of a person whose name is withheld was counted in every month and reason, so a cell of one or two told
when and how that person left custody. Both tallies gain `published` in their key; the tally triggers of 0029 (as
0038 extended them) and the monthly ones of 0039 write it; both tallies are counted again from the custody periods.
What the earlier migrations wrote is reused, with its release upsert keyed by `published`.
"""

import importlib

from django.db import migrations, models

tallies = importlib.import_module("registry.migrations.0029_tally_triggers")
over_60 = importlib.import_module("registry.migrations.0038_held_over_60_tally")
SIGNED, COUNTED = tallies.SIGNED, tallies.COUNTED

# 0029's release upsert, piece by piece, and the same keyed by whether the period's person is named.
KEYED = [
    ("registry_releasetally AS t (day, precision, reason, n)",
     "registry_releasetally AS t (day, precision, reason, published, n)"),
    ("SELECT released_on, released_on_precision, release_reason, sum(n) FROM periods",
     "SELECT released_on, released_on_precision, release_reason, visibility = 'public', sum(n) FROM periods"),
    ("WHERE released_on IS NOT NULL GROUP BY 1, 2, 3 HAVING",
     "WHERE released_on IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING"),
    ("ON CONFLICT (day, precision, reason) DO", "ON CONFLICT (day, precision, reason, published) DO"),
]  # fmt: skip


def keyed(sql: str) -> str:
    for old, new in KEYED:
        assert sql.count(old) == 1, old
        sql = sql.replace(old, new)
    return sql


def tally_functions() -> str:
    """0038's trigger functions (its own statements and 0029's), the release upsert keyed."""
    sql = []
    for event, rows in SIGNED.items():
        people = tallies.people_sql(rows)
        if event == "UPDATE":
            people = over_60.UNCHANGED + people + keyed(tallies.people_periods_sql()) + over_60.people_periods_sql()
        custody = keyed(tallies.custody_rows_sql(rows)) + over_60.custody_rows_sql(rows)
        for table, body in (("prisoner", people), ("custody", custody)):
            header = f"CREATE OR REPLACE FUNCTION registry_tally_{table}_{event.lower()}() RETURNS trigger"
            sql.append(f"{header} LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$;")
    return "\n".join(sql)


def _positions(n: int) -> str:
    """GROUP BY's positions of the first `n` columns."""
    return ", ".join(str(i) for i in range(1, n + 1))


def month_functions(key: str) -> str:
    """The per-day tally's changes summed into its months, per `key` column besides the month (0039's functions,
    whose triggers stay)."""
    sql = []
    for event, rows in SIGNED.items():
        changed = " UNION ALL ".join(f"SELECT day, {key}, {sign} * n AS n FROM {t}" for t, sign in rows)
        body = f"""
            INSERT INTO registry_releasemonthtally AS t (month, {key}, n)
            SELECT date_trunc('month', day::timestamp)::date, {key}, sum(n) FROM ({changed}) c
            GROUP BY {_positions(key.count(",") + 2)} HAVING sum(n) <> 0
            ON CONFLICT (month, {key}) DO UPDATE SET n = t.n + EXCLUDED.n;
        """
        sql.append(
            f"CREATE OR REPLACE FUNCTION registry_release_months_{event.lower()}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {body} RETURN NULL; END $$;"
        )
    return "\n".join(sql)


OLD_KEY, KEY = "precision, reason", "precision, reason, published"


def fill(key: str, published: str) -> str:
    """Both tallies counted again from the custody periods: the per-day one here, its months by its trigger."""
    return f"""
        TRUNCATE registry_releasetally, registry_releasemonthtally;
        INSERT INTO registry_releasetally (day, {key}, n)
        SELECT c.released_on, c.released_on_precision, c.release_reason, {published}count(*)
        FROM registry_custody c JOIN registry_prisoner p ON p.id = c.prisoner_id
        WHERE p.visibility IN {COUNTED} AND c.released_on IS NOT NULL
        GROUP BY {_positions(key.count(",") + 2)};
    """


class Migration(migrations.Migration):
    dependencies = [("registry", "0049_name_order_per_language")]

    operations = [
        # Reversed last: the tallies as 0039 kept them, once the key is back.
        migrations.RunSQL(migrations.RunSQL.noop, fill(OLD_KEY, "")),
        migrations.RemoveConstraint(model_name="releasemonthtally", name="release_month_tally_key"),
        migrations.RemoveConstraint(model_name="releasetally", name="release_tally_key"),
        migrations.AddField(
            model_name="releasemonthtally",
            name="published",
            field=models.BooleanField(default=True),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="releasetally",
            name="published",
            field=models.BooleanField(default=True),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="releasemonthtally",
            constraint=models.UniqueConstraint(
                fields=("month", "precision", "reason", "published"), name="release_month_tally_key"
            ),
        ),
        migrations.AddConstraint(
            model_name="releasetally",
            constraint=models.UniqueConstraint(
                fields=("day", "precision", "reason", "published"), name="release_tally_key"
            ),
        ),
        migrations.RunSQL(tally_functions() + month_functions(KEY), over_60.functions() + month_functions(OLD_KEY)),
        migrations.RunSQL(
            fill(KEY, "p.visibility = 'public', "), "TRUNCATE registry_releasetally, registry_releasemonthtally;"
        ),
    ]
