"""The without-contact tally's triggers (0052, 0053) sum each person's custody and signs of life in one aggregate,
not in two joined together.

0052 grouped a person's periods (`held`) and signs (`heard`) apart, then joined both to `versions`. PostgreSQL cannot
estimate a join of aggregates (it guesses 200 groups, then one row), so on a large statement it may take a nested
loop: generating 100,000 people, the COPY of 123,000 custody periods compared every person with every other for
over 13 minutes (the whole generation 1,321 s; 20,000 and 50,000 people were unaffected: 47 and 121 s). Here the
periods and signs are one UNION ALL, each row with its person's `published`, grouped once per person, version and
threshold: there is no join left to misjudge. Same rows, same tally (tests/registry/db/test_tallies.py).
"""

import importlib

from django.db import migrations

TALLY = importlib.import_module("registry.migrations.0052_without_contact_tally")
ANTI_JOIN = importlib.import_module("registry.migrations.0053_without_contact_anti_join")
THRESHOLDS, KEYS, TRANSITIONS = TALLY.THRESHOLDS, TALLY.KEYS, TALLY.TRANSITIONS


def rows(table: str, event: str | None) -> str:
    """0052's rows() with 0053's anti-join, each row with its person's `published`: (prisoner_id, n, published,
    part) of `table`'s counted rows for each person in `versions`, as they are and, if `event` wrote it, were."""
    sql = TALLY.rows(table, event).replace(ANTI_JOIN.NOT_IN, ANTI_JOIN.ANTI_JOIN)
    return sql.replace("SELECT r.prisoner_id, v.n, ", "SELECT r.prisoner_id, v.n, v.published, ")


def tally_sql(versions: str, written: str | None = None, event: str | None = None) -> str:
    """0052's tally_sql: the steps of the people in `versions` (prisoner_id, n, published) added to the tally n
    times; `written` is the table the statement wrote (custody or contact), whose rows were different before it."""
    return f"""
        WITH versions AS MATERIALIZED ({versions}),
        periods AS ({rows("custody", event if written == "custody" else None)}),
        signs AS ({rows("contact", event if written == "contact" else None)}),
        parts AS (
            SELECT prisoner_id, n, published, t.days, held, NULL::daterange AS heard, NULL::date AS sign_on
            FROM periods CROSS JOIN {THRESHOLDS}
            UNION ALL
            SELECT prisoner_id, n, published, t.days, NULL,
                daterange(occurred_on, CASE t.days WHEN 0 THEN NULL ELSE occurred_on + t.days + 1 END), occurred_on
            FROM signs CROSS JOIN {THRESHOLDS}
        ),
        people AS (
            SELECT published, n, days, range_agg(held) FILTER (WHERE held IS NOT NULL) AS held,
                coalesce(range_agg(heard) FILTER (WHERE heard IS NOT NULL), '{{}}') AS heard,
                CASE WHEN min(sign_on) IS NULL THEN '{{}}' ELSE datemultirange(daterange(min(sign_on), NULL)) END AS since
            FROM parts GROUP BY prisoner_id, n, published, days
        ),
        silent AS (
            SELECT published, n, days, unnest(CASE days WHEN 0 THEN held ELSE held * since END - heard) AS days_off
            FROM people WHERE held IS NOT NULL
        )
        INSERT INTO registry_withoutcontacttally AS t (day, over_days, published, change)
        SELECT day, nullif(days, 0), published, sum(change) FROM (
            SELECT lower(days_off) AS day, days, published, n AS change FROM silent
            UNION ALL
            SELECT upper(days_off), days, published, -n FROM silent WHERE NOT upper_inf(days_off)
        ) c GROUP BY 1, 2, 3 HAVING sum(change) <> 0
        ON CONFLICT (day, over_days, published) DO UPDATE SET change = t.change + EXCLUDED.change;
    """


def functions() -> str:
    """0052's functions, their tally_sql replaced."""
    sql = []
    writes = [(table, event) for table in ("custody", "contact") for event in TRANSITIONS] + [("prisoner", "UPDATE")]
    for table, event in writes:
        if table == "prisoner":
            body = tally_sql(TALLY.REVISIBLE)
        else:
            body = tally_sql(TALLY.touched_people(event), written=table, event=event)
        if event == "UPDATE":
            key = KEYS[table]
            body = f"IF NOT EXISTS (SELECT {key} FROM new_rows EXCEPT SELECT {key} FROM old_rows) THEN RETURN NULL; END IF; {body}"
        name = TALLY.function_name(table, event)
        sql.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$;"
        )
    return "\n".join(sql)


class Migration(migrations.Migration):
    dependencies = [("registry", "0053_without_contact_anti_join")]

    operations = [migrations.RunSQL(functions(), ANTI_JOIN.functions())]
