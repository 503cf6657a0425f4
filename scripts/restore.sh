#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into a named database.
#
#   scripts/restore.sh DUMP_FILE DATABASE_NAME
#
# Connects with DATABASE_URL's server and credentials (the database named in the URL is only
# used to connect; the restore goes into DATABASE_NAME). DATABASE_NAME is created when missing;
# objects already in it are dropped first (--clean --if-exists), ownership is not restored
# (--no-owner: everything belongs to the connecting user). Stop the web, worker and beat
# services before restoring over the live database.
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

# The same server and credentials, another database: replace the URL's path.
base="${DATABASE_URL%%\?*}"
query=""
[ "$base" != "$DATABASE_URL" ] && query="?${DATABASE_URL#*\?}"
server="${base%/*}"
target_url="${server}/${target_db}${query}"
admin_url="${server}/postgres${query}"

exists="$(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$target_db'")"
if [ "$exists" != "1" ]; then
  psql "$admin_url" -q -c "CREATE DATABASE \"$target_db\""
fi

pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$target_url" "$dump"
echo "restored $dump into $target_db"
