"""People in name order within each region, holding what the lists read and filter on (NAME_ORDER_HOLDS).

A list filtered by a region and something rare walked the whole name-order index to fill a page; now it walks the
region's entries only.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0042_prisoner_vacuumed_often"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="prisoner",
            index=models.Index(
                fields=["region", "display_name", "id"],
                include=("visibility", "status", "sex", "verification", "article_numbers", "created_at", "updated_at"),
                name="prisoner_region_name_order",
            ),
        ),
    ]
