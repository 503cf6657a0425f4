"""Seed the district's supply items and create the stores of the existing district and wards."""

from django.db import migrations

from supplies.seed import ITEMS, load_holders, load_items


def load(apps, schema_editor):
    load_items(apps.get_model("supplies", "SupplyItem"))
    load_holders(
        apps.get_model("wards", "District"), apps.get_model("wards", "Ward"), apps.get_model("supplies", "Holder")
    )


def unload(apps, schema_editor):
    Holder = apps.get_model("supplies", "Holder")
    SupplyItem = apps.get_model("supplies", "SupplyItem")
    Holder.objects.filter(movements__isnull=True, balances__isnull=True).delete()
    SupplyItem.objects.filter(code__in=[row[0] for row in ITEMS], movements__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("supplies", "0001_initial"), ("wards", "0002_seed_le_chan")]

    operations = [migrations.RunPython(load, unload)]
