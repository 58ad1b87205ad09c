"""The tallies' triggers and the counts of the records already there (registry/models/tallies.py).

Each write statement adds its new rows (+1) and subtracts its old ones (-1), grouped, in one upsert per tally;
transition tables exist per event, so each event has its own function.
"""

from django.db import migrations

COUNTED = "('public', 'anonymous')"
SIGNED = {
    "INSERT": [("new_rows", "1")],
    "UPDATE": [("new_rows", "1"), ("old_rows", "-1")],
    "DELETE": [("old_rows", "-1")],
}


def _union(parts):
    return " UNION ALL ".join(parts)


def people_sql(rows):
    dims = "status, region_id, sex, verification, visibility = 'public' AS published"
    people = _union(f"SELECT {dims}, {sign} AS n FROM {t} WHERE visibility IN {COUNTED}" for t, sign in rows)
    articles = _union(
        f"SELECT unnest(article_numbers) AS article, {dims}, {sign} AS n FROM {t} WHERE visibility IN {COUNTED}"
        for t, sign in rows
    )
    return f"""
        INSERT INTO registry_peopletally AS t (status, region_id, sex, verification, published, n)
        SELECT status, region_id, sex, verification, published, sum(n) FROM ({people}) c
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
        ON CONFLICT (status, region_id, sex, verification, published) DO UPDATE SET n = t.n + EXCLUDED.n;
        INSERT INTO registry_articletally AS t (article, status, region_id, sex, verification, published, n)
        SELECT article, status, region_id, sex, verification, published, sum(n) FROM ({articles}) c
        GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0
        ON CONFLICT (article, status, region_id, sex, verification, published) DO UPDATE SET n = t.n + EXCLUDED.n;
    """


def custody_sql(periods):
    """`periods`: a query of (kind, detained_on, released_on, released_on_precision, release_reason, visibility,
    verification, n) for the custody rows whose contribution changes by n. One statement, so it runs once."""
    return f"""
        WITH periods AS MATERIALIZED ({periods}),
        held AS (
            INSERT INTO registry_heldtally AS t (day, published, verification, change)
            SELECT day, published, verification, sum(change) FROM (
                SELECT detained_on AS day, visibility = 'public' AS published, verification, n AS change
                FROM periods WHERE kind = 'detention'
                UNION ALL
                SELECT released_on, visibility = 'public', verification, -n
                FROM periods WHERE kind = 'detention' AND released_on IS NOT NULL
            ) c GROUP BY 1, 2, 3 HAVING sum(change) <> 0
            ON CONFLICT (day, published, verification) DO UPDATE SET change = t.change + EXCLUDED.change
        )
        INSERT INTO registry_releasetally AS t (day, precision, reason, n)
        SELECT released_on, released_on_precision, release_reason, sum(n) FROM periods
        WHERE released_on IS NOT NULL GROUP BY 1, 2, 3 HAVING sum(n) <> 0
        ON CONFLICT (day, precision, reason) DO UPDATE SET n = t.n + EXCLUDED.n;
    """


PERIOD = "c.kind, c.detained_on, c.released_on, c.released_on_precision, c.release_reason"


def custody_rows_sql(rows):
    # A period counts as its person is now (the person's own trigger moves it when they change).
    return custody_sql(
        _union(
            f"SELECT {PERIOD}, p.visibility, p.verification, {sign} AS n FROM {t} c "
            f"JOIN registry_prisoner p ON p.id = c.prisoner_id WHERE p.visibility IN {COUNTED}"
            for t, sign in rows
        )
    )


def people_periods_sql():
    # Only people whose visibility or verification changed move their periods between tallies. Old and new rows
    # are compared with EXCEPT (hashed, linear): a join of two transition tables was planned as a nested loop,
    # 128 s for 20,000 people in one statement.
    key = "id, visibility, verification"
    people = _union(
        f"SELECT *, {sign} AS n FROM (SELECT {key} FROM {a} EXCEPT SELECT {key} FROM {b}) moved "
        f"WHERE visibility IN {COUNTED}"
        for a, b, sign in (("new_rows", "old_rows", "1"), ("old_rows", "new_rows", "-1"))
    )
    return custody_sql(
        f"SELECT {PERIOD}, p.visibility, p.verification, p.n FROM ({people}) p "
        "JOIN registry_custody c ON c.prisoner_id = p.id"
    )


# An UPDATE of people that changes none of what the tallies hold (most edits: names, notes, updated_at) stops here.
TALLIED = "id, status, region_id, sex, verification, visibility, article_numbers"
UNCHANGED = f"""
    IF NOT EXISTS (SELECT {TALLIED} FROM new_rows EXCEPT SELECT {TALLIED} FROM old_rows) THEN RETURN NULL; END IF;
"""


def functions():
    sql = []
    for event, rows in SIGNED.items():
        people = UNCHANGED + people_sql(rows) + people_periods_sql() if event == "UPDATE" else people_sql(rows)
        for table, body in (("prisoner", people), ("custody", custody_rows_sql(rows))):
            name = f"registry_tally_{table}_{event.lower()}"
            tables = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                      "DELETE": "OLD TABLE AS old_rows"}[event]  # fmt: skip
            sql.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {body} RETURN NULL; END $$;"
                f"CREATE OR REPLACE TRIGGER {name} AFTER {event} ON registry_{table} REFERENCING {tables} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
            )
    return "\n".join(sql)


def drop_functions():
    return "\n".join(
        f"DROP FUNCTION registry_tally_{table}_{event.lower()}() CASCADE;"
        for event in SIGNED
        for table in ("prisoner", "custody")
    )


# The tallies of the records already there: every current row, once.
FILL = people_sql([("registry_prisoner", "1")]) + custody_sql(
    f"SELECT {PERIOD}, p.visibility, p.verification, 1 AS n FROM registry_custody c "
    f"JOIN registry_prisoner p ON p.id = c.prisoner_id WHERE p.visibility IN {COUNTED}"
)


class Migration(migrations.Migration):
    dependencies = [("registry", "0028_tallies")]

    operations = [
        migrations.RunSQL(functions(), drop_functions()),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
