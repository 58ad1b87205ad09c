"""The release tally per month (registry/models/tallies.py), kept from the per-day release tally by triggers on it.

The per-day tally is written only by the tally triggers of 0029, one upsert per statement. Statement triggers on it
add the change of each row's count to its month, in one upsert: the monthly tally is the per-day one summed by
month, whatever wrote the records.
"""

import importlib

from django.db import migrations, models

SIGNED = importlib.import_module("registry.migrations.0029_tally_triggers").SIGNED
TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def months_sql(rows):
    """`rows`: a query of (day, precision, reason, n) per-day rows whose counts change by n."""
    return f"""
        INSERT INTO registry_releasemonthtally AS t (month, precision, reason, n)
        SELECT date_trunc('month', day::timestamp)::date, precision, reason, sum(n) FROM ({rows}) c
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0
        ON CONFLICT (month, precision, reason) DO UPDATE SET n = t.n + EXCLUDED.n;
    """


def functions():
    sql = []
    for event, rows in SIGNED.items():
        changed = " UNION ALL ".join(f"SELECT day, precision, reason, {sign} * n AS n FROM {t}" for t, sign in rows)
        name = f"registry_release_months_{event.lower()}"
        sql.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {months_sql(changed)} RETURN NULL; END $$;"
            f"CREATE TRIGGER {name} AFTER {event} ON registry_releasetally REFERENCING {TRANSITIONS[event]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
        )
    return "\n".join(sql)


def drop_functions():
    return "\n".join(f"DROP FUNCTION registry_release_months_{event.lower()}() CASCADE;" for event in SIGNED)


# The months of the per-day rows already there.
FILL = months_sql("SELECT day, precision, reason, n FROM registry_releasetally")


class Migration(migrations.Migration):
    dependencies = [("registry", "0038_held_over_60_tally")]

    operations = [
        migrations.CreateModel(
            name="ReleaseMonthTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(help_text="First day of the month.")),
                ("precision", models.CharField(max_length=5)),
                ("reason", models.CharField(max_length=10)),
                ("n", models.IntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("month", "precision", "reason"), name="release_month_tally_key")
                ]
            },
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RunSQL(functions(), drop_functions()),
    ]
