"""On PostgreSQL the application runs as a role that owns nothing and cannot erase the audit log.

An installation is made as docs/database-roles.md describes: scripts/db-roles.sql creates the
owner and application roles and the database, ``manage.py migrate`` runs as the owner
(DATABASE_MIGRATE_URL), the application (DATABASE_URL) records entries and deletes a user.
Then, connected as each role, the database is asked to do what an intruder in the application
would. Roles and databases get unique names and are dropped afterwards (the server is shared).

Run with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/pcd_audit``.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction
from psycopg2 import errors, sql

from tests.audit.conftest import entries_of
from tests.factories import AdminFactory, WardFactory

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]

# What the application does under its own role: two users act on a ward, one of them is deleted
# through the ORM (Django clears the entries' actor, then deletes the user), and two more users
# with entries are left for the tests to delete by hand.
SEED = """
import json
from auditlog.context import set_actor
from auditlog.models import LogEntry
from wards.models import User, Ward

ward = Ward.objects.order_by("pk").first()
users = {name: User.objects.create_user(name, role="committee") for name in
         ("roles.leaving", "roles.staying", "roles.owner-deletes", "roles.user-first")}
for user in users.values():
    with set_actor(user):
        ward.population = (ward.population or 0) + 1
        ward.save()
entries = {name: list(LogEntry.objects.filter(actor=user).values_list("pk", flat=True)) for name, user in users.items()}
ids = {name: user.pk for name, user in users.items()}
users["roles.leaving"].delete()
print(json.dumps({"entries": entries, "users": ids}))
"""


def url(server: dict, user: str, password: str, database: str) -> str:
    host = server.get("HOST") or "127.0.0.1"
    port = server.get("PORT") or 5432
    secret = f":{quote(password, safe='')}" if password else ""
    return f"postgres://{quote(user, safe='')}{secret}@{host}:{port}/{database}"


def superuser_url(server: dict, database: str = "postgres") -> str:
    return url(server, server.get("USER") or "postgres", server.get("PASSWORD") or "", database)


def psql_script(server: dict, script: str, **variables: str) -> subprocess.CompletedProcess:
    args = ["psql", superuser_url(server), "-X", "-q", "-f", str(ROOT / "scripts" / script)]
    for name, value in variables.items():
        args += ["-v", f"{name}={value}"]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def manage(env_changes: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_MIGRATE_URL"}}
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def execute(database_url: str, statement, params=None, *, commit: bool = False):
    """Run one statement in its own transaction (rolled back unless ``commit``); its rows."""
    conn = psycopg2.connect(database_url)
    try:
        with conn.cursor() as cur:
            cur.execute(statement, params)
            rows = cur.fetchall() if cur.description else None
        if commit:
            conn.commit()
        return rows
    finally:
        conn.rollback()
        conn.close()


def drop(server: dict, databases: list[str], roles: list[str]) -> None:
    conn = psycopg2.connect(superuser_url(server))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for name in databases:
                cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            for name in roles:
                cur.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def set_passwords(server: dict, passwords: dict[str, str]) -> None:
    conn = psycopg2.connect(superuser_url(server))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for role, password in passwords.items():
                cur.execute(sql.SQL("ALTER ROLE {} PASSWORD %s").format(sql.Identifier(role)), [password])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server():
    if connection.vendor != "postgresql":
        pytest.skip("database roles and privileges are PostgreSQL's")
    for tool in ("psql", "pg_dump", "pg_restore"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing (apt-get install postgresql-client)")
    return dict(connection.settings_dict)


@pytest.fixture(scope="module")
def install(server):
    """A database set up as the deploy guide says, with some of the application's work in it."""
    name = f"pcd_roles_{uuid.uuid4().hex[:10]}"
    owner, app = f"{name}_owner", f"{name}_app"
    passwords = {owner: uuid.uuid4().hex, app: uuid.uuid4().hex}
    databases = [name, f"{name}_restored"]
    try:
        created = psql_script(server, "db-roles.sql", db=name, owner=owner, app=app)
        assert created.returncode == 0, created.stderr
        set_passwords(server, passwords)
        app_url = url(server, app, passwords[app], name)
        owner_url = url(server, owner, passwords[owner], name)
        migrated = manage({"DATABASE_URL": app_url, "DATABASE_MIGRATE_URL": owner_url}, "migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr
        seeded = manage({"DATABASE_URL": app_url}, "shell", "-c", SEED)
        assert seeded.returncode == 0, seeded.stderr
        work = json.loads(seeded.stdout.strip().splitlines()[-1])
        yield {
            "name": name,
            "owner": owner,
            "app": app,
            "app_url": app_url,
            "owner_url": owner_url,
            "passwords": passwords,
            **work,
        }
    finally:
        drop(server, databases, [owner, app])


def expect_refused(database_url: str, statement: str, params=None, *, commit: bool = False) -> str:
    with pytest.raises(errors.InsufficientPrivilege) as refused:
        execute(database_url, statement, params, commit=commit)
    return str(refused.value)


# ---- The application role ------------------------------------------------------------------------


def test_migrations_ran_as_the_owner_and_the_application_role_owns_nothing(install):
    owners = execute(
        install["owner_url"],
        """SELECT DISTINCT c.relowner::regrole::text FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'""",
    )
    assert owners == [(install["owner"],)]
    [(db_owner,)] = execute(
        install["owner_url"], "SELECT datdba::regrole::text FROM pg_database WHERE datname = current_database()"
    )
    assert db_owner == install["owner"]
    [(owned,)] = execute(
        install["app_url"],
        """SELECT (SELECT count(*) FROM pg_class WHERE relowner = current_user::regrole)
                + (SELECT count(*) FROM pg_proc WHERE proowner = current_user::regrole)
                + (SELECT count(*) FROM pg_namespace WHERE nspowner = current_user::regrole)
                + (SELECT count(*) FROM pg_database WHERE datdba = current_user::regrole)""",
    )
    assert owned == 0


def test_application_role_cannot_truncate_the_audit_log(install):
    assert "permission denied" in expect_refused(install["app_url"], "TRUNCATE auditlog_logentry")
    [(count,)] = execute(install["app_url"], "SELECT count(*) FROM auditlog_logentry")
    assert count > 0


@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE auditlog_logentry DISABLE TRIGGER audit_logentry_immutable",
        "ALTER TABLE auditlog_logentry DISABLE TRIGGER ALL",
        "ALTER TABLE auditlog_logentry DISABLE TRIGGER audit_logentry_actor_deleted",
        "DROP TRIGGER audit_logentry_immutable ON auditlog_logentry",
        "ALTER TABLE auditlog_logentry DROP COLUMN actor_id",
        "DROP TABLE auditlog_logentry",
        "ALTER FUNCTION audit_logentry_immutable() RENAME TO gone",
    ],
)
def test_application_role_cannot_alter_the_audit_log_or_its_triggers(install, statement):
    assert "must be owner" in expect_refused(install["app_url"], statement)


def test_application_role_cannot_clear_the_actor_of_a_live_user(install):
    staying = install["entries"]["roles.staying"]
    # Its privileges let it clear actor_id (deleting a user does), the trigger refuses at commit...
    message = expect_refused(
        install["app_url"], "UPDATE auditlog_logentry SET actor_id = NULL WHERE id = ANY(%s)", [staying], commit=True
    )
    assert "append-only" in message
    # ...or at once when the application asks for its constraints to be checked immediately.
    conn = psycopg2.connect(install["app_url"])
    try:
        with conn.cursor() as cur, pytest.raises(errors.InsufficientPrivilege, match="append-only"):
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute("UPDATE auditlog_logentry SET actor_id = NULL WHERE id = ANY(%s)", [staying])
    finally:
        conn.rollback()
        conn.close()
    rows = execute(install["app_url"], "SELECT actor_id FROM auditlog_logentry WHERE id = ANY(%s)", [staying])
    assert rows == [(install["users"]["roles.staying"],)] * len(staying)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE auditlog_logentry SET changes_text = 'rewritten' WHERE id = %s",
        "UPDATE auditlog_logentry SET actor_id = NULL, remote_addr = '10.9.9.9' WHERE id = %s",
        "UPDATE auditlog_logentry SET additional_data = NULL WHERE id = %s",
        "DELETE FROM auditlog_logentry WHERE id = %s",
    ],
)
def test_application_role_cannot_change_or_delete_an_entry(install, statement):
    [entry] = install["entries"]["roles.staying"]
    assert "permission denied" in expect_refused(install["app_url"], statement, [entry], commit=True)


def test_application_role_reads_and_adds_entries(install):
    [(added,)] = execute(
        install["app_url"],
        """INSERT INTO auditlog_logentry (object_pk, object_repr, action, changes_text, timestamp, content_type_id)
           SELECT object_pk, object_repr, action, '', now(), content_type_id FROM auditlog_logentry LIMIT 1
           RETURNING id""",
    )
    assert added > 0


def test_application_role_writes_the_application_tables(install):
    staying = install["users"]["roles.staying"]
    assert execute(install["app_url"], "UPDATE wards_ward SET population = coalesce(population, 0) + 1 RETURNING id")
    assert execute(install["app_url"], "UPDATE wards_user SET first_name = 'Lan' WHERE id = %s RETURNING id", [staying])
    session = """WITH added AS (INSERT INTO django_session VALUES ('roles-test', '', now()) RETURNING session_key)
                 DELETE FROM django_session WHERE session_key IN (SELECT session_key FROM added) RETURNING 1"""
    assert execute(install["app_url"], session) is not None


def test_application_role_cannot_create_tables_or_temporary_tables(install):
    assert "permission denied" in expect_refused(install["app_url"], "CREATE TABLE stray (id int)")
    # A temporary table named wards_user cannot stand in for the users the trigger looks up.
    assert "permission denied" in expect_refused(install["app_url"], "CREATE TEMPORARY TABLE wards_user (id bigint)")


def test_deleting_a_user_in_the_application_clears_their_actor_and_keeps_their_name(install):
    left = install["entries"]["roles.leaving"]
    assert left
    rows = execute(
        install["app_url"],
        "SELECT actor_id, additional_data ->> 'actor_username' FROM auditlog_logentry WHERE id = ANY(%s)",
        [left],
    )
    assert rows == [(None, "roles.leaving")] * len(left)


def test_deleting_a_user_before_clearing_their_entries_is_allowed_too(install):
    """The order of a database-level ON DELETE SET NULL: the user row goes first."""
    user, entries = install["users"]["roles.user-first"], install["entries"]["roles.user-first"]
    conn = psycopg2.connect(install["app_url"])
    try:
        with conn.cursor() as cur:
            cur.execute("DELETE FROM wards_user WHERE id = %s", [user])
            cur.execute("UPDATE auditlog_logentry SET actor_id = NULL WHERE actor_id = %s", [user])
        conn.commit()
    finally:
        conn.close()
    rows = execute(install["app_url"], "SELECT actor_id FROM auditlog_logentry WHERE id = ANY(%s)", [entries])
    assert rows == [(None,)] * len(entries)


# ---- The owner ------------------------------------------------------------------------------------


def test_even_the_owner_cannot_clear_the_actor_of_a_live_user(install):
    staying = install["entries"]["roles.staying"]
    actors = execute(install["owner_url"], "SELECT actor_id FROM auditlog_logentry WHERE id = ANY(%s)", [staying])
    assert actors == [(install["users"]["roles.staying"],)] * len(staying)
    message = expect_refused(
        install["owner_url"], "UPDATE auditlog_logentry SET actor_id = NULL WHERE id = ANY(%s)", [staying], commit=True
    )
    assert "append-only" in message


def test_the_owner_deleting_a_user_clears_their_actor(install):
    user, entries = install["users"]["roles.owner-deletes"], install["entries"]["roles.owner-deletes"]
    conn = psycopg2.connect(install["owner_url"])
    try:
        with conn.cursor() as cur:  # Django's order: the entries first, then the user
            cur.execute("UPDATE auditlog_logentry SET actor_id = NULL WHERE actor_id = %s", [user])
            cur.execute("DELETE FROM wards_user WHERE id = %s", [user])
        conn.commit()
    finally:
        conn.close()
    rows = execute(install["owner_url"], "SELECT actor_id FROM auditlog_logentry WHERE id = ANY(%s)", [entries])
    assert rows == [(None,)] * len(entries)


# ---- Backup and restore keep the two roles apart -------------------------------------------------


def test_backup_as_the_application_and_restore_as_the_owner_keep_the_roles_apart(install, server, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": install["app_url"], "BACKUP_KEEP_DAYS": "0"}
    backup = subprocess.run(
        ["bash", str(ROOT / "scripts/backup.sh"), str(tmp_path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert backup.returncode == 0, backup.stderr
    dump = backup.stdout.strip().splitlines()[-1]
    restored = f"{install['name']}_restored"
    env["DATABASE_MIGRATE_URL"] = install["owner_url"]
    restore = subprocess.run(
        ["bash", str(ROOT / "scripts/restore.sh"), dump, restored], env=env, capture_output=True, text=True, timeout=120
    )
    assert restore.returncode == 0, restore.stderr

    app_url = url(server, install["app"], install["passwords"][install["app"]], restored)
    [(entries,)] = execute(install["app_url"], "SELECT count(*) FROM auditlog_logentry")
    assert execute(app_url, "SELECT count(*) FROM auditlog_logentry") == [(entries,)]
    owners = execute(
        app_url,
        """SELECT DISTINCT c.relowner::regrole::text FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'""",
    )
    assert owners == [(install["owner"],)]
    assert "permission denied" in expect_refused(app_url, "TRUNCATE auditlog_logentry")
    assert "permission denied" in expect_refused(app_url, "DELETE FROM auditlog_logentry")
    assert "must be owner" in expect_refused(app_url, "ALTER TABLE auditlog_logentry DISABLE TRIGGER ALL")
    staying = install["entries"]["roles.staying"]
    message = expect_refused(
        app_url, "UPDATE auditlog_logentry SET actor_id = NULL WHERE id = ANY(%s)", [staying], commit=True
    )
    assert "append-only" in message
    assert execute(app_url, "UPDATE wards_ward SET population = coalesce(population, 0) + 1 RETURNING id")


# ---- The script ---------------------------------------------------------------------------------------


def test_roles_script_converts_an_installation_where_the_application_owned_everything(server):
    name = f"pcd_roles_{uuid.uuid4().hex[:10]}"
    owner, app = f"{name}_owner", f"{name}_app"
    try:
        execute(superuser_url(server), sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(app)), commit=True)
        conn = psycopg2.connect(superuser_url(server))
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name), sql.Identifier(app)))
        conn.close()
        # The single-role layout: the application's role created (owns) the tables.
        legacy = url(server, server.get("USER") or "postgres", server.get("PASSWORD") or "", name)
        execute(
            legacy,
            sql.SQL(
                """SET ROLE {};
                   CREATE TABLE wards_user (id bigint PRIMARY KEY);
                   CREATE TABLE auditlog_logentry (id bigint PRIMARY KEY, actor_id bigint, changes_text text)"""
            ).format(sql.Identifier(app)),
            commit=True,
        )
        for _run in range(2):  # idempotent
            converted = psql_script(server, "db-roles.sql", db=name, owner=owner, app=app)
            assert converted.returncode == 0, converted.stderr
            [(owned,)] = execute(
                legacy,
                """SELECT (SELECT count(*) FROM pg_class WHERE relowner = %(app)s::regrole)
                        + (SELECT count(*) FROM pg_database WHERE datdba = %(app)s::regrole)""",
                {"app": app},
            )
            assert owned == 0
            grants = execute(
                legacy,
                """SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type)
                     FROM information_schema.role_table_grants WHERE grantee = %s GROUP BY table_name
                    ORDER BY table_name""",
                [app],
            )
            assert grants == [("auditlog_logentry", "INSERT,SELECT"), ("wards_user", "DELETE,INSERT,SELECT,UPDATE")]
            columns = execute(
                legacy,
                """SELECT table_name, column_name, privilege_type FROM information_schema.column_privileges
                    WHERE grantee = %s AND table_name = 'auditlog_logentry' AND privilege_type = 'UPDATE'""",
                [app],
            )
            assert columns == [("auditlog_logentry", "actor_id", "UPDATE")]
    finally:
        drop(server, [name], [owner, app])


def test_roles_script_refuses_one_role_for_both(server):
    name = f"pcd_roles_{uuid.uuid4().hex[:10]}"
    result = psql_script(server, "db-roles.sql", db=name, owner=f"{name}_x", app=f"{name}_x")
    assert result.returncode != 0
    assert "two roles" in result.stderr
    [(exists,)] = execute(
        superuser_url(server),
        "SELECT count(*) FROM pg_roles WHERE rolname = %s",
        [f"{name}_x"],
    )
    assert exists == 0


# ---- The narrowed exception in the test database (tables owned by the test's superuser) ----------


@pytest.fixture
def postgres_db(db):
    if connection.vendor != "postgresql":
        pytest.skip("the audit log's triggers are installed on PostgreSQL only")


def check_deferred_now():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_clearing_the_actor_of_a_live_user_is_refused_when_checked(postgres_db, district_admin):
    with set_actor(district_admin):
        ward = WardFactory(name="Phường còn người")
    [entry] = entries_of(ward)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(actor=None)
        check_deferred_now()
    entry.refresh_from_db()
    assert entry.actor_id == district_admin.pk


def test_deleting_a_user_through_the_orm_passes_the_check(postgres_db, le_chan):
    author = AdminFactory(username="admin.deleted")
    with set_actor(author):
        ward = WardFactory(name="Phường người đi")
    with transaction.atomic():
        author.delete()  # Django: UPDATE the entries' actor_id to NULL, then DELETE the user
        check_deferred_now()
    [entry] = entries_of(ward)
    assert entry.actor_id is None
    assert entry.additional_data["actor_username"] == "admin.deleted"
