"""Public people by id, holding the columns the list's facets count (a partial index: public rows only).

A name search's candidates and the facets counted over a crowd of them are a set of ids joined to the people: the
planner hashed a scan of every wide row of the table to join them; now it looks each one up in this index.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0045_person_version_rows_named"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="prisoner",
            index=models.Index(
                condition=models.Q(("visibility", "public")),
                fields=["id"],
                include=("status", "region", "sex", "verification", "article_numbers"),
                name="prisoner_public_ids",
            ),
        ),
    ]
