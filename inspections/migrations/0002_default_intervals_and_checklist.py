"""Seed the default risk intervals per category and the default checklist."""

from django.db import migrations

from inspections.seed import load_defaults


def load(apps, schema_editor):
    load_defaults(apps.get_model("inspections", "RiskInterval"), apps.get_model("inspections", "ChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
