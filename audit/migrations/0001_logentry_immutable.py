"""Make the audit log append-only in PostgreSQL: a trigger refuses UPDATE and DELETE.

The one UPDATE let through is the database's own ``ON DELETE SET NULL`` of ``actor_id`` when
a user account is deleted (nothing else in the row may change); the entry keeps the actor's
username in ``additional_data``. TRUNCATE (the test runner's flush) is not a row operation
and is not blocked. An index serves the per-object history page's lookup of child entries
(``additional_data -> 'parent'``). On SQLite (development) nothing is installed.
"""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION audit_logentry_immutable() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
           AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
           AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only: % of auditlog_logentry refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$;
    """,
    "DROP TRIGGER IF EXISTS audit_logentry_immutable ON auditlog_logentry;",
    """
    CREATE TRIGGER audit_logentry_immutable
        BEFORE UPDATE OR DELETE ON auditlog_logentry
        FOR EACH ROW EXECUTE FUNCTION audit_logentry_immutable();
    """,
    # Per-object history: entries whose parent is the object (a report's values and reviews).
    "CREATE INDEX IF NOT EXISTS audit_logentry_parent ON auditlog_logentry ((additional_data -> 'parent'));",
]

BACKWARD = [
    "DROP INDEX IF EXISTS audit_logentry_parent;",
    "DROP TRIGGER IF EXISTS audit_logentry_immutable ON auditlog_logentry;",
    "DROP FUNCTION IF EXISTS audit_logentry_immutable();",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
