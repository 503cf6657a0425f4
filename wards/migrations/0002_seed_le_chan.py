"""Load Lê Chân district (Hải Phòng) and its 15 wards, each with its committee record."""

from django.db import migrations

from wards.seed import LE_CHAN, LE_CHAN_WARDS, load_le_chan


def load(apps, schema_editor):
    load_le_chan(
        apps.get_model("wards", "District"), apps.get_model("wards", "Ward"), apps.get_model("wards", "WardCommittee")
    )


def unload(apps, schema_editor):
    District = apps.get_model("wards", "District")
    Ward = apps.get_model("wards", "Ward")
    codes = [code for code, _ in LE_CHAN_WARDS]
    Ward.objects.filter(district__code=LE_CHAN["code"], code__in=codes).delete()
    District.objects.filter(code=LE_CHAN["code"], wards__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("wards", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
