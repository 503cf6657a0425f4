"""scripts/backup.sh and scripts/restore.sh round-trip the PostgreSQL database (PostgreSQL only)."""

import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql
from rest_framework.authtoken.models import Token

from tests.factories import AdminFactory, CommitteeFactory, OfficerFactory
from wards.models import Ward

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore use pg_dump/pg_restore: PostgreSQL only")
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.fail("pg_dump/pg_restore are missing (apt-get install postgresql-client)")
    return connection.settings_dict


def url_for(params: dict, name: str) -> str:
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def row_counts(params: dict, name: str) -> dict[str, int]:
    conn = psycopg2.connect(url_for(params, name))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            tables = [row[0] for row in cur.fetchall()]
            counts = {}
            for table in tables:
                cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
                counts[table] = cur.fetchone()[0]
            return counts
    finally:
        conn.close()


def drop_database(params: dict, name: str) -> None:
    conn = psycopg2.connect(url_for(params, "postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_a_fresh_database_keeps_every_row(postgres, le_chan, tmp_path):
    an_bien = Ward.objects.get(code="an-bien")
    users = [OfficerFactory(ward=an_bien), CommitteeFactory(), AdminFactory()]
    for user in users:
        Token.objects.create(user=user)
    source = postgres["NAME"]
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url_for(postgres, source), "BACKUP_KEEP_DAYS": "0"}

    backup = subprocess.run(
        ["bash", str(ROOT / "scripts/backup.sh"), str(tmp_path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.parent == tmp_path and dump.name.startswith(f"{source}-") and dump.suffix == ".dump"
    assert dump.stat().st_size > 0
    assert not list(tmp_path.glob("*.partial"))

    scratch = f"{source}_restore_{uuid.uuid4().hex[:8]}"
    try:
        restore = subprocess.run(
            ["bash", str(ROOT / "scripts/restore.sh"), str(dump), scratch],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert restore.returncode == 0, restore.stderr
        original, restored = row_counts(postgres, source), row_counts(postgres, scratch)
        assert restored == original
        assert original["wards_ward"] == 15 and original["authtoken_token"] == 3
        # Restoring again over the same database (--clean --if-exists) gives the same rows.
        again = subprocess.run(
            ["bash", str(ROOT / "scripts/restore.sh"), str(dump), scratch],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert again.returncode == 0, again.stderr
        assert row_counts(postgres, scratch) == original
    finally:
        drop_database(postgres, scratch)


def test_backup_refuses_a_non_postgres_url(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///tmp/x.sqlite3"}
    result = subprocess.run(
        ["bash", str(ROOT / "scripts/backup.sh"), str(tmp_path)], env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert "PostgreSQL" in result.stderr
