# registry.given_names gained groups (Вадзім = Вадим, Надзея = Надежда, Іван …): the keys are rebuilt.


from django.db import migrations


def rekey_given_names(apps, schema_editor):
    # The current code on purpose, as in 0018: on a new, empty database this rewrites nothing.
    from registry.search import rebuild_search_keys

    rebuild_search_keys()


class Migration(migrations.Migration):
    # VACUUM cannot run in a transaction; without it the rewritten table's dead rows slow every search
    # until autovacuum comes.
    atomic = False

    dependencies = [
        ("registry", "0034_search_key_words_vector"),
    ]

    operations = [
        migrations.RunPython(rekey_given_names, migrations.RunPython.noop),
        migrations.RunSQL("VACUUM ANALYZE registry_prisonersearchkey", migrations.RunSQL.noop),
    ]
