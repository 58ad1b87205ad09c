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
import re

from django.db import migrations

TALLY = importlib.import_module("registry.migrations.0052_without_contact_tally")
ANTI_JOIN = importlib.import_module("registry.migrations.0053_without_contact_anti_join")
THRESHOLDS = TALLY.THRESHOLDS

# 0052's per-person aggregates joined to `versions` (`held`, `heard`, `silent`), up to the tally's INSERT.
JOINED = re.compile(r"held AS \(.*?(?=INSERT INTO registry_withoutcontacttally)", re.DOTALL)
# The same steps from one aggregate over the person's periods and signs (their rows carry `published`, below).
ONE_AGGREGATE = f"""parts AS (
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
        """
# A row of 0052's rows(), and the same row with its person's `published`.
ROW = "SELECT r.prisoner_id, v.n, "
ROW_PUBLISHED = "SELECT r.prisoner_id, v.n, v.published, "


def functions() -> str:
    """0053's functions (0052's with the anti-join), each with one aggregate where it joined two."""
    sql, replaced = JOINED.subn(lambda _joined: ONE_AGGREGATE, ANTI_JOIN.functions())
    assert replaced == len(TALLY.TRANSITIONS) * 2 + 1, "0052's functions no longer say what this migration replaces"
    return sql.replace(ROW, ROW_PUBLISHED)


class Migration(migrations.Migration):
    dependencies = [("registry", "0053_without_contact_anti_join")]

    operations = [migrations.RunSQL(functions(), ANTI_JOIN.functions())]
