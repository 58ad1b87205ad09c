"""A decree's last possible announcement day as a generated column: the series order, every "since" and the
pardoned people's `last_day` read it, instead of each spelling out the rule for dates known to the month or year."""

import importlib

from django.db import migrations, models

pardoned = importlib.import_module("pardons.migrations.0008_pardoned_person_triggers")


def _plus(interval: str) -> models.Func:
    return models.Func(
        models.F("announced_on"),
        output_field=models.DateField(),
        template=f"(%(expressions)s + interval '{interval}')::date",
    )


class Migration(migrations.Migration):
    dependencies = [("pardons", "0009_tally_locks_for_bulk_statements")]

    operations = [
        migrations.AddField(
            model_name="pardondecree",
            name="announced_until",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(announced_on_precision="year", then=_plus("1 year - 1 day")),
                    models.When(announced_on_precision="month", then=_plus("1 month - 1 day")),
                    default=models.F("announced_on"),
                    output_field=models.DateField(),
                ),
                output_field=models.DateField(),
            ),
        ),
        migrations.RunSQL(pardoned.refresh_function("d.announced_until"), reverse_sql=pardoned.refresh_function()),
    ]
