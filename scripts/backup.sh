#!/usr/bin/env bash
# Back up the portal's PostgreSQL database to a timestamped custom-format dump.
#
#   scripts/backup.sh [BACKUP_DIR]          # BACKUP_DIR defaults to $BACKUP_DIR or ./backups
#
# Reads DATABASE_URL (postgres://user:password@host:port/name) from the environment, e.g.
#   set -a; . /etc/phongchongdich.env; set +a; scripts/backup.sh /var/backups/phongchongdich
# The application role of DATABASE_URL is enough (it may read every table); the owner role is
# needed only to restore (scripts/restore.sh, docs/database-roles.md).
# Writes BACKUP_DIR/<database>-<UTC timestamp>.dump (pg_dump -Fc: compressed, restorable
# table by table with pg_restore) and prints its path. Old dumps are removed after
# BACKUP_KEEP_DAYS days (default 14; 0 keeps everything).
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set (postgres://user:password@host:port/name)}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL (postgres://…)" >&2; exit 2 ;;
esac

dir="${1:-${BACKUP_DIR:-./backups}}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
mkdir -p "$dir"

# The database name: the URL's path, without any ?options.
name="${DATABASE_URL##*/}"
name="${name%%\?*}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$dir/${name}-${stamp}.dump"
partial="$target.partial"

# Written under a temporary name and renamed when complete: a dump that exists is whole.
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --compress=6 --no-owner --file="$partial" --dbname="$DATABASE_URL"
mv "$partial" "$target"
trap - EXIT

if [ "$keep_days" -gt 0 ]; then
  find "$dir" -maxdepth 1 -name "${name}-*.dump" -type f -mtime +"$keep_days" -delete
fi
echo "$target"
