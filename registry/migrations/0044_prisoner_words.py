# Each person's words, ranked as a search for that word alone ranks them (registry.models.PrisonerWord), kept by
# triggers on the keys: a statement's people have their words recomputed from all their keys, as the keys' own
# triggers do for the vocabulary (0037). The rank is one SQL function, registry_name_score, which registry.search
# ranks every search with too: the stored ranks cannot drift from the ranked searches.

import django.db.models.deletion
from django.db import migrations, models

KEYS = "registry_prisonersearchkey"
WORDS = "registry_prisonerword"

# registry.search._Rank's score of one stored key against one query key (RANK_SCALE, EXACT_BONUS, PREFIX_BONUS
# there): the exact tier when every query word is a whole word of the key, else the word similarity; a tenth of the
# similarity; the key as typed; the key or one of its words starting with the query. The exact tier is told by the
# words column: word similarity is 1 there, and the trigram functions cost twice as much. Query keys are folded to
# a-z, 0-9 and spaces: nothing in them is special to LIKE. Inlined by the planner (one SQL expression).
SCORE = """
CREATE OR REPLACE FUNCTION registry_name_score(key text, words tsvector, query text, penalty float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN words @@ plainto_tsquery('simple', query) THEN 3.0 ELSE word_similarity(query, key) END
        + 0.1 * similarity(key, query)
        + CASE WHEN key = query THEN 0.5 ELSE 0.0 END
        + CASE WHEN key LIKE query || '%' OR key LIKE '% ' || query || '%' THEN 1.0 ELSE 0.0 END
        - penalty
$$;
"""


def recompute(people: str) -> str:
    """The words of `people` (a query of prisoner ids) rewritten from their keys."""
    return f"""
    DELETE FROM {WORDS} WHERE prisoner_id IN ({people});
    INSERT INTO {WORDS} (prisoner_id, word, rank_key)
    SELECT k.prisoner_id, w.word, (max(registry_name_score(k.key, k.words, w.word, 0)) * 1000000)::integer
    FROM {KEYS} k, unnest(tsvector_to_array(k.words)) AS w(word)
    WHERE k.prisoner_id IN ({people})
    GROUP BY k.prisoner_id, w.word
    ON CONFLICT (prisoner_id, word) DO UPDATE SET rank_key = EXCLUDED.rank_key;
"""


EVENTS = {
    "insert": ("REFERENCING NEW TABLE AS new_keys", recompute("SELECT prisoner_id FROM new_keys")),
    "update": (
        "REFERENCING NEW TABLE AS new_keys OLD TABLE AS old_keys",
        recompute("SELECT prisoner_id FROM new_keys UNION SELECT prisoner_id FROM old_keys"),
    ),
    "delete": ("REFERENCING OLD TABLE AS old_keys", recompute("SELECT prisoner_id FROM old_keys")),
    "truncate": ("", f"DELETE FROM {WORDS};"),
}


def functions() -> str:
    sql = [SCORE]
    for event, (tables, body) in EVENTS.items():
        name = f"registry_prisoner_words_{event}"
        sql.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body} RETURN NULL; END $$; "
            f"CREATE OR REPLACE TRIGGER {name} AFTER {event.upper()} ON {KEYS} {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
        )
    return "\n".join(sql)


def drop_functions() -> str:
    drops = [f"DROP FUNCTION registry_prisoner_words_{event}() CASCADE;" for event in EVENTS]
    return "\n".join([*drops, "DROP FUNCTION registry_name_score(text, tsvector, text, float8);"])


FILL = recompute(f"SELECT prisoner_id FROM {KEYS}") + f"ANALYZE {WORDS};"


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0043_region_name_order_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="PrisonerWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=300)),
                ("rank_key", models.IntegerField()),
                (
                    "prisoner",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_words",
                        to="registry.prisoner",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        models.F("word"),
                        models.OrderBy(models.F("rank_key"), descending=True),
                        name="prisoner_word_rank",
                    )
                ],
                "constraints": [models.UniqueConstraint(fields=("prisoner", "word"), name="prisoner_word_once")],
            },
        ),
        migrations.RunSQL(functions(), drop_functions()),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
