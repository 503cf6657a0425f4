"""Seed the default indicator catalogue and report deadlines (see reports/seed.py)."""

from django.db import migrations

from reports.seed import load_defaults


def load(apps, schema_editor):
    load_defaults(apps.get_model("reports", "Indicator"), apps.get_model("reports", "ReportDeadline"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
