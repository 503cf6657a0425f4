"""Narrow the audit log's one allowed UPDATE to the deletion of the entry's actor (PostgreSQL).

0001's trigger let any UPDATE through that only set ``actor_id`` to NULL, so whoever could
write to the table could strip the actor from every entry. Now:

- The row trigger ``audit_logentry_immutable`` (BEFORE UPDATE OR DELETE) still refuses every
  DELETE and every UPDATE except setting a non-null ``actor_id`` to NULL with nothing else changed.
- A deferred constraint trigger ``audit_logentry_actor_deleted`` checks each such UPDATE when the
  transaction commits: the former actor's user row must be gone by then. Deleting a user is the
  only way to clear an actor: Django's ``on_delete=SET_NULL`` updates the entries first and
  deletes the user afterwards in the same transaction, which is why the check waits for the
  commit (a database-level ``ON DELETE SET NULL``, user first, passes as well).
- Both functions name tables with their schema and pin ``search_path``, so a temporary table
  called ``wards_user`` cannot stand in for the real one.
- Roles granted UPDATE, DELETE, TRUNCATE, REFERENCES or TRIGGER on the log (the application role
  receives UPDATE and DELETE through the owner's default privileges when the table is created)
  keep only ``UPDATE (actor_id)``, which that deletion needs (docs/database-roles.md).

On SQLite (development) nothing is installed. Going back restores 0001's function; the narrowed
privileges stay as they are.
"""

from django.conf import settings
from django.db import migrations

IMMUTABLE = """
CREATE OR REPLACE FUNCTION audit_logentry_immutable() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;  -- audit_logentry_actor_deleted checks at commit that the user is gone
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % of auditlog_logentry refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""

ACTOR_DELETED = """
CREATE OR REPLACE FUNCTION audit_logentry_actor_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {users} WHERE id = OLD.actor_id) THEN
        RAISE EXCEPTION 'the audit log is append-only: the actor of entry % is cleared only by deleting user %',
            OLD.id, OLD.actor_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;
"""

ACTOR_DELETED_TRIGGER = """
CREATE CONSTRAINT TRIGGER audit_logentry_actor_deleted
    AFTER UPDATE ON {log}
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION audit_logentry_actor_deleted();
"""

# Every role but the owner granted more than reading and adding entries keeps UPDATE (actor_id)
# only. (Revoking UPDATE on the table also revokes column grants, hence revoke, then grant.)
NARROW_GRANTS = """
DO $$
DECLARE
    updaters text[];
    role_name text;
BEGIN
    SELECT coalesce(array_agg(DISTINCT acl.grantee::regrole::text), '{{}}') INTO updaters
      FROM pg_class AS c, aclexplode(c.relacl) AS acl
     WHERE c.oid = '{log}'::regclass AND acl.grantee NOT IN (c.relowner, 0) AND acl.privilege_type = 'UPDATE';
    FOR role_name IN
        SELECT DISTINCT CASE acl.grantee WHEN 0 THEN 'PUBLIC' ELSE acl.grantee::regrole::text END
          FROM pg_class AS c, aclexplode(c.relacl) AS acl
         WHERE c.oid = '{log}'::regclass AND acl.grantee <> c.relowner
           AND acl.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {log} FROM %s', role_name);
    END LOOP;
    FOREACH role_name IN ARRAY updaters LOOP
        EXECUTE format('GRANT UPDATE (actor_id) ON {log} TO %s', role_name);
    END LOOP;
END
$$;
"""

# 0001's function, for going back.
PREVIOUS_IMMUTABLE = """
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
"""


def _qualified(schema_editor, schema: str, table: str) -> str:
    quote = schema_editor.connection.ops.quote_name
    return f"{quote(schema)}.{quote(table)}"


def _names(apps, schema_editor) -> dict[str, str]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        [schema] = cursor.fetchone()
    users = apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table
    log = apps.get_model("auditlog", "LogEntry")._meta.db_table
    return {"users": _qualified(schema_editor, schema, users), "log": _qualified(schema_editor, schema, log)}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    names = _names(apps, schema_editor)
    schema_editor.execute(IMMUTABLE, params=None)
    schema_editor.execute(ACTOR_DELETED.format(**names), params=None)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS audit_logentry_actor_deleted ON {names['log']};", params=None)
    schema_editor.execute(ACTOR_DELETED_TRIGGER.format(**names), params=None)
    schema_editor.execute(NARROW_GRANTS.format(**names), params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    names = _names(apps, schema_editor)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS audit_logentry_actor_deleted ON {names['log']};", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_logentry_actor_deleted();", params=None)
    schema_editor.execute(PREVIOUS_IMMUTABLE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_logentry_immutable"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
