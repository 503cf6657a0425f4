-- The application role's privileges in the current database (docs/database-roles.md). Idempotent.
--
--   psql "$DATABASE_MIGRATE_URL" -v owner=phongchongdich_owner -v app=phongchongdich -f scripts/db-grants.sql
--
-- Run as the owner role (scripts/restore.sh does, after a restore) or a superuser
-- (scripts/db-roles.sql includes it). The owner's default privileges cover the tables that
-- later migrations create; audit/migrations/0002 narrows the audit log's when it is created.
\set ON_ERROR_STOP on
SELECT :{?owner} AND :{?app} AS have_roles \gset
\if :have_roles
\else
  DO $$ BEGIN RAISE EXCEPTION 'db-grants.sql: pass -v owner=ROLE -v app=ROLE'; END $$;
\endif

-- Only the two roles connect; nobody else creates anything (no temporary tables either).
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'app') \gexec
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";

-- Rows of every table, now and later: read, add, change, delete. Never TRUNCATE, REFERENCES, TRIGGER.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";

-- The audit log: read and add entries; of updates only clearing the actor, which deleting a user
-- does (Django sets the entries' actor_id to NULL; the table's triggers allow it for that only).
SELECT format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON public.auditlog_logentry FROM %I', :'app')
 WHERE to_regclass('public.auditlog_logentry') IS NOT NULL \gexec
SELECT format('GRANT UPDATE (actor_id) ON public.auditlog_logentry TO %I', :'app')
 WHERE to_regclass('public.auditlog_logentry') IS NOT NULL \gexec
