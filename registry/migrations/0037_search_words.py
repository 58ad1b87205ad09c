# The vocabulary of the search keys (registry.models.SearchWord), kept by triggers on the keys: a word joins with
# the first key that holds it and leaves with the last. One statement's rows at a time (transition tables exist
# per event, so each event has its own function), then the words of the keys already there.
# The keys' trigram index goes: typos are now looked up in the vocabulary (27 MB of 400,000 keys at 100,000 people).

import django.contrib.postgres.indexes
from django.db import migrations, models

KEYS = "registry_prisonersearchkey"
ADD = """
    INSERT INTO registry_searchword (word)
    SELECT DISTINCT unnest(tsvector_to_array(words)) FROM new_keys
    ON CONFLICT DO NOTHING;
"""
# A word's keys are found through the words index: one lookup per word the statement's keys held.
REMOVE = f"""
    DELETE FROM registry_searchword w
    WHERE w.word IN (SELECT unnest(tsvector_to_array(words)) FROM old_keys)
    AND NOT EXISTS (SELECT 1 FROM {KEYS} k WHERE k.words @@ quote_literal(w.word)::tsquery);
"""
EVENTS = {
    "insert": ("REFERENCING NEW TABLE AS new_keys", ADD),
    "update": ("REFERENCING NEW TABLE AS new_keys OLD TABLE AS old_keys", ADD + REMOVE),
    "delete": ("REFERENCING OLD TABLE AS old_keys", REMOVE),
    "truncate": ("", "DELETE FROM registry_searchword;"),
}


def functions() -> str:
    sql = []
    for event, (tables, body) in EVENTS.items():
        name = f"registry_search_words_{event}"
        sql.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body} RETURN NULL; END $$; "
            f"CREATE OR REPLACE TRIGGER {name} AFTER {event.upper()} ON {KEYS} {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
        )
    return "\n".join(sql)


def drop_functions() -> str:
    return "\n".join(f"DROP FUNCTION registry_search_words_{event}() CASCADE;" for event in EVENTS)


FILL = f"""
    INSERT INTO registry_searchword (word) SELECT DISTINCT unnest(tsvector_to_array(words)) FROM {KEYS}
    ON CONFLICT DO NOTHING;
    ANALYZE registry_searchword;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0036_prisoner_recognised_order"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=300, primary_key=True, serialize=False)),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["word"], name="search_word_trgm", opclasses=["gin_trgm_ops"]
                    )
                ],
            },
        ),
        migrations.RemoveIndex(model_name="prisonersearchkey", name="search_key_trgm"),
        migrations.RunSQL(functions(), drop_functions()),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
