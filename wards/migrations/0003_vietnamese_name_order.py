"""Names in Vietnamese alphabetical order (core.collation.ViCollate) by default (issue 16)."""

from django.db import migrations

import core.collation


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_vi_collation"),
        ("wards", "0002_seed_le_chan"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="district",
            options={
                "ordering": [core.collation.ViCollate("name")],
                "verbose_name": "district",
                "verbose_name_plural": "districts",
            },
        ),
        migrations.AlterModelOptions(
            name="ward",
            options={
                "ordering": [core.collation.ViCollate("district__name"), core.collation.ViCollate("name")],
                "verbose_name": "ward",
                "verbose_name_plural": "wards",
            },
        ),
    ]
