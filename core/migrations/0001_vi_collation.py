"""Make sure PostgreSQL has the Vietnamese collation that core.collation.ViCollate orders by.

PostgreSQL built with ICU (Debian's, Ubuntu's, the official images) ships "vi-x-icu" in every
database; this creates it where it is missing: with ICU if the server has it, else from the
operating system's vi_VN.UTF-8 locale. SQLite needs nothing here: core/apps.py registers its
"vi" collation on each connection.
"""

from django.db import migrations, transaction

from core.collation import POSTGRES_COLLATION


def create_vi_collation(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    name = connection.ops.quote_name(POSTGRES_COLLATION)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [POSTGRES_COLLATION])
        if cursor.fetchone():
            return
        errors = []
        for definition in ("provider = icu, locale = 'vi'", "provider = libc, locale = 'vi_VN.UTF-8'"):
            try:
                with transaction.atomic(using=connection.alias):  # a savepoint: a failure leaves no trace
                    cursor.execute(f"CREATE COLLATION {name} ({definition})")
                return
            except Exception as exc:  # the server lacks ICU, or the OS the locale: try the next one
                errors.append(f"{definition}: {exc}")
    raise RuntimeError(
        f"PostgreSQL has no Vietnamese collation {POSTGRES_COLLATION} and none could be created "
        f"(install PostgreSQL with ICU, or the vi_VN.UTF-8 locale): {'; '.join(errors)}"
    )


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_vi_collation, migrations.RunPython.noop, elidable=False)]
