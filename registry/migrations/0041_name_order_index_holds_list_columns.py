"""The name-order index also holds the columns the API's list reads and filters on (NAME_ORDER_HOLDS).

A filtered list walks the index in name order until it has a page; before, each entry it passed cost a visit to the
person's row (about 800 bytes), and a rare combination of filters passed tens of thousands of them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0040_documents_stored_inline"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="prisoner",
            name="prisoner_name_order",
        ),
        migrations.AddIndex(
            model_name="prisoner",
            index=models.Index(
                fields=["display_name", "id"],
                include=(
                    "visibility",
                    "status",
                    "region",
                    "sex",
                    "verification",
                    "article_numbers",
                    "created_at",
                    "updated_at",
                ),
                name="prisoner_name_order",
            ),
        ),
    ]
