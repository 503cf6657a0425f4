"""Names in Vietnamese alphabetical order (core.collation.ViCollate) by default (issue 16)."""

from django.db import migrations

import core.collation


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_vi_collation"),
        ("summaries", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="districtsummaryward",
            options={
                "ordering": ["summary", core.collation.ViCollate("ward__name")],
                "verbose_name": "ward line of a summary",
                "verbose_name_plural": "ward lines of summaries",
            },
        ),
    ]
