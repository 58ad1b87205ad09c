"""Lists by name in Belarusian and Russian follow the names they show, in their alphabet's order (Prisoner.sort_name_*).

A person's key in a language is their primary name in it, else the display name, folded by
`registry_name_sort_key`: lower case, then і read as и (Belarusian has no и, and і stands where it would), ў just
after у and ё just after е, so that byte ("C") order is the alphabet's on any server, with ICU or without. Triggers
keep it: a person's row computes its own before it is written (a changed display name), and a statement writing
names recomputes the people it touched (a merge moves names: both people).
"""

from django.db import migrations, models

LANGUAGES = ("be", "ru")
NAME_ORDER_HOLDS = [
    "visibility",
    "status",
    "region",
    "sex",
    "verification",
    "article_numbers",
    "created_at",
    "updated_at",
]

KEY = """
CREATE FUNCTION registry_name_sort_key(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT replace(replace(translate(lower(name), 'і', 'и'), 'ў', 'у' || chr(65535)), 'ё', 'е' || chr(65535))
$$;
CREATE FUNCTION registry_sort_name(person bigint, display_name text, lang text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT registry_name_sort_key(coalesce(
        (SELECT full_name FROM registry_prisonername
         WHERE prisoner_id = person AND language = lang AND kind = 'primary'),
        display_name
    ))
$$;
"""

SET_ROW = " ".join(
    f"NEW.sort_name_{lang} := registry_sort_name(NEW.id, NEW.display_name, '{lang}');" for lang in LANGUAGES
)
PERSON = f"""
CREATE FUNCTION registry_prisoner_sort_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {SET_ROW} RETURN NEW; END $$;
CREATE TRIGGER registry_prisoner_sort_names BEFORE INSERT OR UPDATE OF display_name ON registry_prisoner
FOR EACH ROW EXECUTE FUNCTION registry_prisoner_sort_names();
"""

SETS = ", ".join(f"sort_name_{lang} = registry_sort_name(p.id, p.display_name, '{lang}')" for lang in LANGUAGES)
CHANGED = " OR ".join(
    f"sort_name_{lang} IS DISTINCT FROM registry_sort_name(p.id, p.display_name, '{lang}')" for lang in LANGUAGES
)


def recompute(people: str) -> str:
    """The people of `people` (a query of ids) whose keys a write of names changed, recomputed."""
    return f"UPDATE registry_prisoner p SET {SETS} WHERE p.id IN ({people}) AND ({CHANGED});"


TABLES = {
    "INSERT": ("NEW TABLE AS new_rows", ["new_rows"]),
    "UPDATE": ("OLD TABLE AS old_rows NEW TABLE AS new_rows", ["new_rows", "old_rows"]),
    "DELETE": ("OLD TABLE AS old_rows", ["old_rows"]),
}
NAMES = "\n".join(
    f"""
CREATE FUNCTION registry_name_sort_names_{event.lower()}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {recompute(" UNION ".join(f"SELECT prisoner_id FROM {t}" for t in tables))} RETURN NULL; END $$;
CREATE TRIGGER registry_name_sort_names_{event.lower()} AFTER {event} ON registry_prisonername
REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION registry_name_sort_names_{event.lower()}();
"""
    for event, (transition, tables) in TABLES.items()
)

DROP = "\n".join(
    [f"DROP FUNCTION registry_name_sort_names_{event.lower()}() CASCADE;" for event in TABLES]
    + [
        "DROP FUNCTION registry_prisoner_sort_names() CASCADE;",
        "DROP FUNCTION registry_sort_name(bigint, text, text);",
        "DROP FUNCTION registry_name_sort_key(text);",
    ]
)

# The people already there, once, with the table's triggers off: the new columns are read by none of them (tallies,
# documents, versions), and through them this one statement would rebuild every person's document.
FILL = (
    "ALTER TABLE registry_prisoner DISABLE TRIGGER USER;"
    + recompute("SELECT id FROM registry_prisoner")
    + "ALTER TABLE registry_prisoner ENABLE TRIGGER USER;"
)


def _index(lang: str) -> models.Index:
    return models.Index(
        fields=[f"sort_name_{lang}", "id"],
        include=[*NAME_ORDER_HOLDS, "display_name"],
        name=f"prisoner_{lang}_name_order",
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0048_criminal_code_short_names")]

    operations = [
        *(
            migrations.AddField(
                model_name="prisoner",
                name=f"sort_name_{lang}",
                field=models.CharField(db_collation="C", default="", editable=False, max_length=300),
            )
            for lang in LANGUAGES
        ),
        migrations.RunSQL(KEY + PERSON + NAMES, DROP),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        *(migrations.AddIndex(model_name="prisoner", index=_index(lang)) for lang in LANGUAGES),
    ]
