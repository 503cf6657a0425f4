"""Names in Vietnamese alphabetical order (core.collation.ViCollate) by default (issue 16)."""

from django.db import migrations

import core.collation


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_vi_collation"),
        ("inspections", "0004_indexes_latest_inspection_records_schedule_date"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="establishment",
            options={
                "ordering": [core.collation.ViCollate("ward__name"), core.collation.ViCollate("name")],
                "verbose_name": "establishment",
                "verbose_name_plural": "establishments",
            },
        ),
        migrations.AlterModelOptions(
            name="inspectionschedule",
            options={
                "ordering": ["date", core.collation.ViCollate("team__name"), "pk"],
                "verbose_name": "inspection schedule",
                "verbose_name_plural": "inspection schedules",
            },
        ),
        migrations.AlterModelOptions(
            name="inspectionteam",
            options={
                "ordering": [core.collation.ViCollate("name")],
                "verbose_name": "inspection team",
                "verbose_name_plural": "inspection teams",
            },
        ),
    ]
