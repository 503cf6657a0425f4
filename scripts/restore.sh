#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into a named database.
#
#   scripts/restore.sh DUMP_FILE DATABASE_NAME
#
# Connects with DATABASE_MIGRATE_URL's server and credentials (the owner role, see
# docs/database-roles.md), or DATABASE_URL's when that is not set (one role); the database named
# in the URL is only used to connect, the restore goes into DATABASE_NAME. DATABASE_NAME is
# created when missing; objects already in it are dropped first (--clean --if-exists). Ownership
# and privileges are not taken from the dump (--no-owner --no-privileges): everything belongs to
# the connecting role. With two roles, the application role (DATABASE_URL's user) then gets its
# privileges again from scripts/db-grants.sql, the audit log's narrowed ones included.
# Stop the web, worker and beat services before restoring over the live database.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 DUMP_FILE DATABASE_NAME" >&2
  exit 2
fi
dump="$1"
target_db="$2"
: "${DATABASE_URL:?DATABASE_URL is not set (postgres://user:password@host:port/name)}"
[ -r "$dump" ] || { echo "restore.sh: cannot read $dump" >&2; exit 2; }
case "$target_db" in
  *[!A-Za-z0-9_-]*|"") echo "restore.sh: database name may only use letters, digits, _ and -" >&2; exit 2 ;;
esac

# The user of postgres://user[:password]@host…/name (percent-decoded), or nothing.
url_user() {
  local authority="${1#*://}"
  authority="${authority%%/*}"
  case "$authority" in *@*) ;; *) return 0 ;; esac
  local user="${authority%@*}"
  user="${user%%:*}"
  printf '%b' "${user//%/\\x}"
}

# The owner role restores when there are two roles (DATABASE_MIGRATE_URL), else the one role.
url="${DATABASE_MIGRATE_URL:-$DATABASE_URL}"
if [ -n "${DATABASE_MIGRATE_URL:-}" ]; then
  owner="$(url_user "$DATABASE_MIGRATE_URL")"
  app="$(url_user "$DATABASE_URL")"
  if [ -z "$owner" ] || [ -z "$app" ] || [ "$owner" = "$app" ]; then
    echo "restore.sh: DATABASE_URL and DATABASE_MIGRATE_URL must name two roles (user@host)" >&2
    exit 2
  fi
fi
# The same server and credentials, another database: replace the URL's path.
base="${url%%\?*}"
query=""
[ "$base" != "$url" ] && query="?${url#*\?}"
server="${base%/*}"
target_url="${server}/${target_db}${query}"
admin_url="${server}/postgres${query}"

exists="$(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$target_db'")"
if [ "$exists" != "1" ]; then
  psql "$admin_url" -q -c "CREATE DATABASE \"$target_db\""
fi

pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$target_url" "$dump"

if [ -n "${DATABASE_MIGRATE_URL:-}" ]; then
  psql "$target_url" -X -q -v ON_ERROR_STOP=1 -v owner="$owner" -v app="$app" \
    -f "$(dirname "$0")/db-grants.sql"
fi
echo "restored $dump into $target_db"
