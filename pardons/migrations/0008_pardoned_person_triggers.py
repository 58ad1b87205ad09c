"""PardonedPerson's triggers and the rows of the people already pardoned (pardons.models.PardonedPerson).

Each statement that can change a person's row (their pardons, a decree's announcement date, their visibility)
rewrites the rows of the people it touched, under a per-person lock, as the decree tallies do (0006).
"""

import importlib

from django.db import migrations

_rewrites = importlib.import_module("pardons.migrations._rewrites")

KNOWN_UNTIL = (
    "CASE WHEN d.announced_on_precision = 'year' THEN (d.announced_on + interval '1 year - 1 day')::date "
    "WHEN d.announced_on_precision = 'month' THEN (d.announced_on + interval '1 month - 1 day')::date "
    "ELSE d.announced_on END"
)
# People whose row a write to pardons changed, over its transition tables (%1$s: new or old rows).
PARDON_PEOPLE = "SELECT r.prisoner_id FROM %1$s r"
DECREE_COLUMNS = "id, announced_on, announced_on_precision"
PRISONER_COLUMNS = "id, visibility"


def refresh_function(last_day: str = KNOWN_UNTIL) -> str:
    """The rewrite of people's rows; `last_day`: a decree's last possible announcement day, in SQL (0010 reads the
    decree's generated column instead)."""
    return f"""
        CREATE OR REPLACE FUNCTION pardons_refresh_pardoned(people bigint[]) RETURNS void LANGUAGE plpgsql AS $f$
        BEGIN
            IF people IS NULL THEN RETURN; END IF;
            {_rewrites.lock_keys('pardons_pardonedperson', 'people')}
            DELETE FROM pardons_pardonedperson WHERE prisoner_id = ANY(people);
            INSERT INTO pardons_pardonedperson (prisoner_id, last_day, visibility)
            SELECT pa.prisoner_id, max({last_day}), p.visibility
            FROM pardons_pardon pa JOIN pardons_pardondecree d ON d.id = pa.decree_id
            JOIN registry_prisoner p ON p.id = pa.prisoner_id
            WHERE pa.prisoner_id = ANY(people) GROUP BY pa.prisoner_id, p.visibility;
        END $f$;
    """


def functions() -> str:
    return f"""{refresh_function()}
        {_rewrites.on_write('pardons_pardoned_on_write', 'pardons_refresh_pardoned')}

        -- A decree's row counts only through its date; a person's only through visibility.
        {_rewrites.on_change('pardons_pardoned_on_decree', 'pardons_refresh_pardoned', DECREE_COLUMNS,
                             'SELECT prisoner_id FROM pardons_pardon WHERE decree_id IN ({changed})')}
        {_rewrites.on_change('pardons_pardoned_on_prisoner', 'pardons_refresh_pardoned', PRISONER_COLUMNS,
                             'SELECT prisoner_id FROM pardons_pardon WHERE prisoner_id IN ({changed})')}
        {_rewrites.on_everything('pardons_pardoned_everyone', 'pardons_refresh_pardoned',
                                 'SELECT prisoner_id FROM pardons_pardon', 'DELETE FROM pardons_pardonedperson;')}
    """


def triggers() -> str:
    statements = _rewrites.write_triggers(
        "pardons_pardoned", "pardons_pardon", "pardons_pardoned_on_write", PARDON_PEOPLE
    )
    for table, function in (("pardons_pardondecree", "decree"), ("registry_prisoner", "prisoner")):
        statements.append(
            f"CREATE TRIGGER pardons_pardoned_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows "
            f"NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pardons_pardoned_on_{function}()"
        )
    for table in ("pardons_pardon", "pardons_pardondecree", "registry_prisoner"):
        statements.append(
            f"CREATE TRIGGER pardons_pardoned_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION pardons_pardoned_everyone()"
        )
    return ";\n".join(statements) + ";"


def drop() -> str:
    tables = ("pardons_pardon", "pardons_pardondecree", "registry_prisoner")
    names = ("insert", "update", "delete", "truncate")
    return "".join(f"DROP TRIGGER IF EXISTS pardons_pardoned_{n} ON {t};" for t in tables for n in names) + (
        "DROP FUNCTION IF EXISTS pardons_pardoned_on_write(), pardons_pardoned_on_decree(), "
        "pardons_pardoned_on_prisoner(), pardons_pardoned_everyone(), pardons_refresh_pardoned(bigint[]);"
    )


class Migration(migrations.Migration):
    dependencies = [("pardons", "0007_pardoned_person")]

    operations = [
        migrations.RunSQL(
            functions() + triggers() + "SELECT pardons_refresh_pardoned((SELECT array_agg(DISTINCT prisoner_id) "
            "FROM pardons_pardon));",
            reverse_sql=drop() + "DELETE FROM pardons_pardonedperson;",
        ),
    ]
