"""PersonVersion.prisoner_id's help text names the counts' and the held people's rows, -2 and -3 (no SQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0044_prisoner_words"),
    ]

    operations = [
        migrations.AlterField(
            model_name="personversion",
            name="prisoner_id",
            field=models.BigIntegerField(
                help_text="A person's id; 0: what all share, -1: the documents' epoch, -2: the counts, -3: the held.",
                primary_key=True,
                serialize=False,
            ),
        ),
    ]
