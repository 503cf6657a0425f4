"""Names in Vietnamese alphabetical order (core.collation.ViCollate) by default (issue 16)."""

from django.db import migrations

import core.collation


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_vi_collation"),
        ("supplies", "0003_indexes_transfer_list_in_transit"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="holder",
            options={
                "ordering": ["kind", core.collation.ViCollate("ward__name")],
                "verbose_name": "stock holder",
                "verbose_name_plural": "stock holders",
            },
        ),
    ]
