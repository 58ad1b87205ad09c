"""The without-contact tally (registry/models/tallies.py): held people by how long they have gone without a sign of
life, kept by triggers on custody periods, the contact log and people's visibility.

A person's days without contact are not a sum over their rows (one letter ends the silence of every period it falls
in), so each trigger counts the people its statement touched twice: as they were (-1) and as they are (+1). As they
were is their rows now less those the statement wrote, plus those it replaced. Per person, PostgreSQL's multiranges
do the rest: the days held since the first sign of life, less the days within the threshold after each, are the days
a person counts as without contact (the days held before the first: as without any recorded); each of their ranges is
a +1 step where it begins and a -1 where it ends.

Two transactions writing one person's rows must take turns, or each counts them "as they were" without the other's
write. The data-version lock orders writers; without it (an import's apply), the documents' trigger, which fires
before these (triggers fire by name), locks each touched person's document row first, so these statements see what
the other writer committed (tests/registry/db/test_tallies.py, two writers).

The tally is left out of the counts' version (a letter would otherwise empty every list's facets): the figure stays
kept under the risks' version, which any write to custody, the contact log or visibility moves.
"""

import importlib

from django.db import migrations, models

# Who the tallies count (registry.models.visibility.PUBLICLY_COUNTED), as 0029 wrote it for every tally.
COUNTED = importlib.import_module("registry.migrations.0029_tally_triggers").COUNTED
# registry.models.contact.WITHOUT_CONTACT_DAYS, and 0: no sign of life recorded yet (stored as over_days NULL).
THRESHOLDS = "(VALUES (30), (180), (365), (0)) t(days)"
HELD = "daterange(detained_on, released_on)"  # the release day is no longer held (`covers`)
# Each table the tally reads: its rows' part, and the rows of it that count.
READ = {
    "custody": (f"{HELD} AS held", "kind = 'detention'"),
    "contact": ("occurred_on", "kind <> 'no_contact'"),
}
# An UPDATE that changes none of these (most edits: notes, sources, updated_at) leaves the tally.
KEYS = {
    "custody": "id, prisoner_id, kind, detained_on, released_on",
    "contact": "id, prisoner_id, kind, occurred_on",
    "prisoner": "id, visibility",
}
TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def rows(table: str, event: str | None) -> str:
    """(prisoner_id, n, part) of `table`'s counted rows for each person in `versions`: as they are (n = 1) and, if
    `event` wrote this table, as they were (n = -1): the rows now less the statement's new ones, plus its old ones."""
    part, counts = READ[table]
    now = (
        f"SELECT r.prisoner_id, v.n, {part} FROM registry_{table} r JOIN versions v USING (prisoner_id) "
        f"WHERE r.{counts}"
    )
    if event is None:
        return now
    was = f"WHERE r.{counts} AND v.n = -1"
    before = [f"SELECT r.prisoner_id, v.n, {part} FROM registry_{table} r JOIN versions v USING (prisoner_id) {was}"]
    if event != "DELETE":
        before[0] += " AND r.id NOT IN (SELECT id FROM new_rows)"
    if event != "INSERT":
        before.append(f"SELECT r.prisoner_id, v.n, {part} FROM old_rows r JOIN versions v USING (prisoner_id) {was}")
    return " UNION ALL ".join([now.replace("WHERE r.", "WHERE v.n = 1 AND r.", 1), *before])


def tally_sql(versions: str, written: str | None = None, event: str | None = None) -> str:
    """The steps of the people in `versions` (prisoner_id, n, published) added to the tally n times: `written` is
    the table the statement wrote (custody or contact), whose rows were different before it."""
    return f"""
        WITH versions AS MATERIALIZED ({versions}),
        periods AS ({rows("custody", event if written == "custody" else None)}),
        signs AS ({rows("contact", event if written == "contact" else None)}),
        held AS (SELECT prisoner_id, n, range_agg(held) AS held FROM periods GROUP BY 1, 2),
        heard AS (
            SELECT prisoner_id, n, t.days, range_agg(
                daterange(occurred_on, CASE t.days WHEN 0 THEN NULL ELSE occurred_on + t.days + 1 END)
            ) AS heard, datemultirange(daterange(min(occurred_on), NULL)) AS since
            FROM signs CROSS JOIN {THRESHOLDS} GROUP BY 1, 2, 3
        ),
        silent AS (
            SELECT v.published, v.n, t.days, unnest(
                CASE t.days WHEN 0 THEN h.held ELSE h.held * coalesce(s.since, '{{}}') END - coalesce(s.heard, '{{}}')
            ) AS days_off
            FROM versions v JOIN held h USING (prisoner_id, n) CROSS JOIN {THRESHOLDS}
            LEFT JOIN heard s ON s.prisoner_id = v.prisoner_id AND s.n = v.n AND s.days = t.days
        )
        INSERT INTO registry_withoutcontacttally AS t (day, over_days, published, change)
        SELECT day, nullif(days, 0), published, sum(change) FROM (
            SELECT lower(days_off) AS day, days, published, n AS change FROM silent
            UNION ALL
            SELECT upper(days_off), days, published, -n FROM silent WHERE NOT upper_inf(days_off)
        ) c GROUP BY 1, 2, 3 HAVING sum(change) <> 0
        ON CONFLICT (day, over_days, published) DO UPDATE SET change = t.change + EXCLUDED.change;
    """


def touched_people(event: str) -> str:
    """The counted people a custody or contact statement touched, each as they were and are."""
    ids = " UNION ".join(f"SELECT prisoner_id FROM {t}_rows" for t in ("old", "new") if t in TRANSITIONS[event])
    return (
        f"SELECT p.id AS prisoner_id, v.n, p.visibility = 'public' AS published FROM registry_prisoner p "
        f"CROSS JOIN (VALUES (1), (-1)) v(n) WHERE p.visibility IN {COUNTED} AND p.id IN ({ids})"
    )


# People whose visibility changed: as they were (-1) and are (+1), where counted. EXCEPT is hashed (see 0029).
REVISIBLE = " UNION ALL ".join(
    f"SELECT id AS prisoner_id, {n} AS n, visibility = 'public' AS published FROM "
    f"(SELECT {KEYS['prisoner']} FROM {a} EXCEPT SELECT {KEYS['prisoner']} FROM {b}) moved "
    f"WHERE visibility IN {COUNTED}"
    for a, b, n in (("new_rows", "old_rows", 1), ("old_rows", "new_rows", -1))
)


def function_name(table: str, event: str) -> str:
    return f"registry_silence_{table}_{event.lower()}"


def functions() -> str:
    sql = []
    writes = [(table, event) for table in ("custody", "contact") for event in TRANSITIONS] + [("prisoner", "UPDATE")]
    for table, event in writes:
        body = (
            tally_sql(REVISIBLE)
            if table == "prisoner"
            else tally_sql(touched_people(event), written=table, event=event)
        )
        if event == "UPDATE":
            key = KEYS[table]
            body = f"IF NOT EXISTS (SELECT {key} FROM new_rows EXCEPT SELECT {key} FROM old_rows) THEN RETURN NULL; END IF; {body}"
        name = function_name(table, event)
        sql.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body} RETURN NULL; END $$;"
            f"CREATE OR REPLACE TRIGGER {name} AFTER {event} ON registry_{table} REFERENCING {TRANSITIONS[event]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
        )
    return "\n".join(sql)


def drop_functions() -> str:
    names = [function_name(t, e) for t in ("custody", "contact") for e in TRANSITIONS] + [
        "registry_silence_prisoner_update"
    ]
    return "\n".join(f"DROP FUNCTION {name}() CASCADE;" for name in names)


# The tally of the records already there: every counted person, once.
FILL = tally_sql(
    f"SELECT id AS prisoner_id, 1 AS n, visibility = 'public' AS published FROM registry_prisoner "
    f"WHERE visibility IN {COUNTED}"
)


class Migration(migrations.Migration):
    dependencies = [("registry", "0051_over_60_tally_published")]

    operations = [
        migrations.CreateModel(
            name="WithoutContactTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(null=True)),
                ("over_days", models.SmallIntegerField(null=True)),
                ("published", models.BooleanField()),
                ("change", models.IntegerField()),
            ],
        ),
        # Added on its own: a CreateModel's NULLS NOT DISTINCT key is created after the migration's SQL has run.
        migrations.AddConstraint(
            model_name="withoutcontacttally",
            constraint=models.UniqueConstraint(
                fields=("day", "over_days", "published"), name="without_contact_tally_key", nulls_distinct=False
            ),
        ),
        migrations.RunSQL(functions(), drop_functions()),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
