"""The decree tallies' triggers and the counts of the pardons already recorded (pardons.models.DecreeTally).

Each statement that can change what a decree counts recounts only the decrees it touched: their pardons, by index,
each with its person by primary key. Counting a decree is a few hundred index lookups at most, where counting every
decree on read scanned every person. An article's "extremism" flag, or emptying a table, recounts every decree.
"""

import importlib

from django.db import migrations

_rewrites = importlib.import_module("pardons.migrations._rewrites")

COUNTED = "('public', 'anonymous')"
LINES = {
    "women": "p.sex = 'female'",
    "men": "p.sex = 'male'",
    "extremist": (
        "EXISTS (SELECT 1 FROM registry_conviction c JOIN registry_charge ch ON ch.conviction_id = c.id "
        "JOIN registry_article a ON a.id = ch.article_id WHERE c.prisoner_id = p.id AND a.is_extremism_related)"
    ),
    **{
        line: f"EXISTS (SELECT 1 FROM registry_vulnerability v WHERE v.prisoner_id = p.id AND v.category = '{line}')"
        for line in ("chronically_ill", "disabled", "parent")
    },
}
# Decrees whose counts a statement may have changed, over its transition tables (%1$s: new or old rows).
PRISONER_DECREES = "SELECT pa.decree_id FROM pardons_pardon pa WHERE pa.prisoner_id IN ({people})"
TOUCHED = {
    "pardons_pardon": "SELECT r.decree_id FROM %1$s r",
    "registry_vulnerability": PRISONER_DECREES.format(people="SELECT r.prisoner_id FROM %1$s r"),
    "registry_conviction": PRISONER_DECREES.format(people="SELECT r.prisoner_id FROM %1$s r"),
    "registry_charge": PRISONER_DECREES.format(
        people="SELECT c.prisoner_id FROM %1$s r JOIN registry_conviction c ON c.id = r.conviction_id"
    ),
}
# A person's row counts here only through these columns; other updates (most of them) recount nothing.
PRISONER_COLUMNS = "id, visibility, sex"
ALL_DECREES = "SELECT id FROM pardons_pardondecree"


def functions() -> str:
    columns = ", ".join(f"counted_{line}, named_{line}" for line in LINES)
    counts = ", ".join(
        f"count(*) FILTER (WHERE p.visibility IN {COUNTED} AND {rule}), "
        f"count(*) FILTER (WHERE p.visibility = 'public' AND {rule})"
        for rule in LINES.values()
    )
    return f"""
        CREATE OR REPLACE FUNCTION pardons_recount_decrees(decrees bigint[]) RETURNS void LANGUAGE plpgsql AS $f$
        BEGIN
            IF decrees IS NULL THEN RETURN; END IF;
            {_rewrites.lock_keys('pardons_decreetally', 'decrees')}
            DELETE FROM pardons_decreetally WHERE decree_id = ANY(decrees);
            INSERT INTO pardons_decreetally (decree_id, recorded, counted, named, {columns})
            SELECT d.id, count(pa.id), count(*) FILTER (WHERE p.visibility IN {COUNTED}),
                count(*) FILTER (WHERE p.visibility = 'public'), {counts}
            FROM pardons_pardondecree d LEFT JOIN pardons_pardon pa ON pa.decree_id = d.id
            LEFT JOIN registry_prisoner p ON p.id = pa.prisoner_id
            WHERE d.id = ANY(decrees) GROUP BY d.id;
        END $f$;

        {_rewrites.on_write('pardons_decree_tally_on_write', 'pardons_recount_decrees')}

        -- People: only a change of visibility or sex moves a count.
        {_rewrites.on_change('pardons_decree_tally_on_prisoner', 'pardons_recount_decrees', PRISONER_COLUMNS,
                             'SELECT decree_id FROM pardons_pardon WHERE prisoner_id IN ({changed})')}
        {_rewrites.on_everything('pardons_decree_tally_everything', 'pardons_recount_decrees', ALL_DECREES)}
    """


def triggers() -> str:
    statements = []
    for table, touched in TOUCHED.items():
        statements += _rewrites.write_triggers("pardons_decree_tally", table, "pardons_decree_tally_on_write", touched)
    statements.append(
        "CREATE TRIGGER pardons_decree_tally_update AFTER UPDATE ON registry_prisoner "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION pardons_decree_tally_on_prisoner()"
    )
    statements.append(
        "CREATE TRIGGER pardons_decree_tally_flag AFTER UPDATE OF is_extremism_related OR DELETE ON registry_article "
        "FOR EACH STATEMENT EXECUTE FUNCTION pardons_decree_tally_everything()"
    )
    for table in [*TOUCHED, "registry_prisoner", "registry_article"]:
        statements.append(
            f"CREATE TRIGGER pardons_decree_tally_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION pardons_decree_tally_everything()"
        )
    return ";\n".join(statements) + ";"


def drop() -> str:
    tables = [*TOUCHED, "registry_prisoner", "registry_article"]
    names = ["insert", "update", "delete", "flag", "truncate"]
    return "".join(f"DROP TRIGGER IF EXISTS pardons_decree_tally_{n} ON {t};" for t in tables for n in names) + (
        "DROP FUNCTION IF EXISTS pardons_decree_tally_on_write(), pardons_decree_tally_on_prisoner(), "
        "pardons_decree_tally_everything(), pardons_recount_decrees(bigint[]);"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pardons", "0005_decree_tally"),
        ("registry", "0032_prisoner_updated_order"),
    ]

    operations = [
        migrations.RunSQL(
            functions() + triggers() + "SELECT pardons_recount_decrees((SELECT array_agg(id) FROM pardons_pardondecree));",
            reverse_sql=drop() + "DELETE FROM pardons_decreetally;",
        ),
    ]
