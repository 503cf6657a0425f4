-- The portal's two PostgreSQL roles and its database (docs/database-roles.md). Idempotent.
--
--   sudo -u postgres psql -v db=phongchongdich -v owner=phongchongdich_owner -v app=phongchongdich \
--        -f scripts/db-roles.sql
--
-- Run as a superuser (it creates roles). Afterwards set the passwords (psql -c '\password ROLE').
--   owner: owns the database, its schema objects and every table; runs `manage.py migrate`
--          (DATABASE_MIGRATE_URL) and restores. May create databases (restore into a new name).
--   app:   the web, worker and beat processes (DATABASE_URL). Owns nothing: reads and writes
--          rows, never creates, alters, truncates or drops; on the audit log only reads, adds
--          entries and clears an entry's actor when that user is deleted.
-- An installation from before the two roles (app owned everything) is converted: whatever the
-- app role owns is handed to the owner. Then scripts/db-grants.sql sets the privileges.
\set ON_ERROR_STOP on
SELECT :{?db} AND :{?owner} AND :{?app} AS have_names \gset
\if :have_names
\else
  DO $$ BEGIN RAISE EXCEPTION 'db-roles.sql: pass -v db=DATABASE -v owner=ROLE -v app=ROLE'; END $$;
\endif
SELECT format('DO $$ BEGIN RAISE EXCEPTION %L; END $$', 'db-roles.sql: the owner and the application need two roles')
 WHERE :'owner' = :'app' \gexec

SELECT format('CREATE ROLE %I LOGIN', :'owner')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'app')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
SELECT format('DO $$ BEGIN RAISE EXCEPTION %L; END $$', 'db-roles.sql: ' || rolname || ' is a superuser')
  FROM pg_roles WHERE rolname IN (:'owner', :'app') AND rolsuper \gexec
ALTER ROLE :"owner" LOGIN CREATEDB;
ALTER ROLE :"app" LOGIN NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec

\connect :"db"
-- Objects the application role owns here (and any database it owns) pass to the owner.
REASSIGN OWNED BY :"app" TO :"owner";
ALTER DATABASE :"db" OWNER TO :"owner";

\ir db-grants.sql
