"""``manage.py migrate`` as the role that owns the tables (DATABASE_MIGRATE_URL), when one is set.

The application connects with DATABASE_URL as a role that owns nothing and may not create,
alter or truncate tables (docs/database-roles.md). Schema changes need the owner: with
``DATABASE_MIGRATE_URL`` set (``settings.DATABASE_MIGRATE``), this command runs Django's
migrate on the default database with the owner's credentials (user, password, host, port,
options; the database name stays DATABASE_URL's, which settings.py checks is the same). Tables
it creates belong to the owner, and the owner's default privileges give the application role
its rights on them. Without the setting, or for another ``--database``, it is Django's migrate.
"""

from typing import Any

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import DEFAULT_DB_ALIAS, connections

OWNER_KEYS = ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS")


class Command(DjangoMigrateCommand):
    help = DjangoMigrateCommand.help + " Connects as the owner role of DATABASE_MIGRATE_URL when it is set."

    def handle(self, *args: Any, **options: Any) -> str | None:
        owner = getattr(settings, "DATABASE_MIGRATE", None)
        if not owner or options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        connection = connections[DEFAULT_DB_ALIAS]
        as_application = {key: connection.settings_dict.get(key) for key in OWNER_KEYS}
        connection.close()
        connection.settings_dict.update({key: owner[key] for key in OWNER_KEYS})
        try:
            return super().handle(*args, **options)
        finally:
            # Anything after migrate in this process (a post-migrate hook, call_command) is the app.
            connection.close()
            connection.settings_dict.update(as_application)
