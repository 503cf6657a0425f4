"""`manage.py migrate` connects as the owner role of DATABASE_MIGRATE_URL; the application does not.

docs/database-roles.md: the application's DATABASE_URL role owns nothing, so schema changes
need the owner's credentials, given to migrate alone.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
OWNER = {"USER": "pcd_owner", "PASSWORD": "owner-secret", "HOST": "db.internal", "PORT": 6432, "OPTIONS": {}}


def run_check(env_changes: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_MIGRATE_URL"}}
    env.update({"DEBUG": "1", **env_changes})
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def spy_on_migrate(monkeypatch) -> list[dict]:
    """Django's migrate replaced by a spy noting the credentials the connection would use."""
    seen = []

    def handle(self, *args, **options):
        seen.append({key: connection.settings_dict.get(key) for key in OWNER})

    monkeypatch.setattr(DjangoMigrateCommand, "handle", handle)
    return seen


def test_migrate_connects_as_the_owner_and_gives_the_connection_back(settings, monkeypatch):
    seen = spy_on_migrate(monkeypatch)
    settings.DATABASE_MIGRATE = OWNER
    before = dict(connection.settings_dict)
    call_command("migrate", verbosity=0)
    assert seen == [OWNER]
    assert dict(connection.settings_dict) == before


def test_without_an_owner_url_migrate_uses_the_application_connection(settings, monkeypatch):
    seen = spy_on_migrate(monkeypatch)
    settings.DATABASE_MIGRATE = None
    call_command("migrate", verbosity=0)
    assert seen == [{key: connection.settings_dict.get(key) for key in OWNER}]
    assert seen[0]["USER"] != OWNER["USER"]


def test_an_owner_url_naming_another_database_is_refused():
    result = run_check(
        {
            "DATABASE_URL": "postgres://pcd_app:x@127.0.0.1:5432/phongchongdich",
            "DATABASE_MIGRATE_URL": "postgres://pcd_owner:y@127.0.0.1:5432/another",
        }
    )
    assert result.returncode != 0
    assert result.stderr.strip().startswith("Configuration error: DATABASE_MIGRATE_URL must name the same")


def test_an_owner_url_of_the_same_database_is_accepted():
    result = run_check(
        {
            "DATABASE_URL": "postgres://pcd_app:x@127.0.0.1:5432/phongchongdich",
            "DATABASE_MIGRATE_URL": "postgres://pcd_owner:y@127.0.0.1:5432/phongchongdich",
        }
    )
    assert result.returncode == 0, result.stderr
