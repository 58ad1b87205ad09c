"""The held-over-60 tally (registry/models/tallies.py) kept by the tally triggers of 0029 as well.

Each trigger function of 0029 gains one statement: the periods it wrote, with their person's birth date, as steps
of the new tally. A person's update that changes the birth date moves their periods as a change of visibility
does. What 0029 wrote is reused as it is.
"""

import importlib

from django.db import migrations, models

tallies = importlib.import_module("registry.migrations.0029_tally_triggers")
COUNTED, SIGNED, _union = tallies.COUNTED, tallies.SIGNED, tallies._union

# The last day the birth date may be (registry.dates.known_until), then the first day the person is certainly over
# 60 (registry.models.vulnerability.over_60: on that day's date 60 years back, 29 February read as the 28th).
BORN_BY = (
    "CASE birth_date_precision WHEN 'year' THEN (birth_date + interval '1 year - 1 day')::date "
    "WHEN 'month' THEN (birth_date + interval '1 month - 1 day')::date ELSE birth_date END"
)
SIXTY = (
    "(born_by + interval '60 years')::date + CASE WHEN to_char(born_by, 'MM-DD') = '02-29' "
    "AND to_char(born_by + interval '60 years', 'MM-DD') = '02-28' THEN 1 ELSE 0 END"
)

# From `periods`: each detention period from the later of its start and the person's sixtieth year, if that comes
# before its end; then its steps, as the held tally's.
AGED = f"""aged AS (
    SELECT greatest(detained_on, sixty) AS start, released_on, n FROM (
        SELECT detained_on, released_on, n, {SIXTY} AS sixty FROM (
            SELECT *, {BORN_BY} AS born_by FROM periods WHERE kind = 'detention' AND birth_date IS NOT NULL
        ) b
    ) s
)"""
OVER_60 = """
    INSERT INTO registry_heldover60tally AS t (day, change)
    SELECT day, sum(change) FROM (
        SELECT start AS day, n AS change FROM aged WHERE released_on IS NULL OR start < released_on
        UNION ALL
        SELECT released_on, -n FROM aged WHERE start < released_on
    ) c GROUP BY 1 HAVING sum(change) <> 0
    ON CONFLICT (day) DO UPDATE SET change = t.change + EXCLUDED.change
"""


def over_60_sql(periods):
    """`periods`: a query of (kind, detained_on, released_on, birth_date, birth_date_precision, n) for the custody
    rows whose contribution changes by n."""
    return f"WITH periods AS MATERIALIZED ({periods}), {AGED} {OVER_60};"


PERIOD = "c.kind, c.detained_on, c.released_on, p.birth_date, p.birth_date_precision"


def custody_rows_sql(rows):
    return over_60_sql(
        _union(
            f"SELECT {PERIOD}, {sign} AS n FROM {t} c "
            f"JOIN registry_prisoner p ON p.id = c.prisoner_id WHERE p.visibility IN {COUNTED}"
            for t, sign in rows
        )
    )


def people_periods_sql():
    # Only people whose visibility or birth date changed move their periods (EXCEPT: hashed, linear; see 0029).
    key = "id, visibility, birth_date, birth_date_precision"
    people = _union(
        f"SELECT *, {sign} AS n FROM (SELECT {key} FROM {a} EXCEPT SELECT {key} FROM {b}) moved "
        f"WHERE visibility IN {COUNTED}"
        for a, b, sign in (("new_rows", "old_rows", "1"), ("old_rows", "new_rows", "-1"))
    )
    return over_60_sql(f"SELECT {PERIOD}, p.n FROM ({people}) p JOIN registry_custody c ON c.prisoner_id = p.id")


# 0029's early return for an UPDATE that changes nothing tallied, now the birth date included.
TALLIED = f"{tallies.TALLIED}, birth_date, birth_date_precision"
UNCHANGED = f"""
    IF NOT EXISTS (SELECT {TALLIED} FROM new_rows EXCEPT SELECT {TALLIED} FROM old_rows) THEN RETURN NULL; END IF;
"""


def functions():
    sql = []
    for event, rows in SIGNED.items():
        people = tallies.people_sql(rows)
        if event == "UPDATE":
            people = UNCHANGED + people + tallies.people_periods_sql() + people_periods_sql()
        custody = tallies.custody_rows_sql(rows) + custody_rows_sql(rows)
        for table, body in (("prisoner", people), ("custody", custody)):
            header = f"CREATE OR REPLACE FUNCTION registry_tally_{table}_{event.lower()}() RETURNS trigger"
            sql.append(f"{header} LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$;")
    return "\n".join(sql)


def previous_functions():
    """0029's functions, put back when this migration is reversed (its triggers call them by name)."""
    return tallies.functions()


# The tally of the records already there: every current period, once.
FILL = over_60_sql(
    f"SELECT {PERIOD}, 1 AS n FROM registry_custody c "
    f"JOIN registry_prisoner p ON p.id = c.prisoner_id WHERE p.visibility IN {COUNTED}"
)


class Migration(migrations.Migration):
    dependencies = [("registry", "0037_search_words")]

    operations = [
        migrations.CreateModel(
            name="HeldOver60Tally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(unique=True)),
                ("change", models.IntegerField()),
            ],
        ),
        migrations.RunSQL(functions(), previous_functions()),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
