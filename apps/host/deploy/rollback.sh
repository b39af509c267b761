#!/usr/bin/env bash
# Puts the previous release back, one app instance at a time, and optionally the database from a pg_dump backup
# (migrate.sh makes one before every deploy). Migrations only add, so older code runs on a newer schema; restore
# the database only when a release wrote data that the older one cannot read, since it loses later writes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: rollback.sh [--to TAG] [--restore-db FILE] [--direct] [--dry-run]

  --to TAG           The release to run (default: the one before the current in .deploy-history).
  --restore-db FILE  Also restore the database from a migrate.sh dump: nginx shows the maintenance
                     page, the apps stop, pg_restore --clean runs in one transaction, the apps start.
                     Writes made after the dump are lost.
  --direct           Only restore FILE into \$DATABASE_URL with pg_restore on this machine (no Docker).
  --dry-run          Print the commands instead of running them.
USAGE
}

tag='' dump='' direct=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --to)
      [[ $# -ge 2 ]] || die '--to needs a tag'
      tag=$2
      shift
      ;;
    --restore-db)
      [[ $# -ge 2 ]] || die '--restore-db needs a dump file'
      dump=$2
      shift
      ;;
    --direct) direct=1 ;;
    *) common_option "$1" ;;
  esac
  shift
done
[[ -z $dump || -f $dump ]] || die "no dump file $dump"

restore_flags=(--clean --if-exists --single-transaction --no-owner --no-privileges)

if [[ $direct == 1 ]]; then
  [[ -n $dump ]] || die '--direct restores a database: give --restore-db FILE'
  require_env DATABASE_URL
  log "restoring $dump into \$DATABASE_URL"
  if [[ $DRY_RUN == 1 ]]; then
    run pg_restore "${restore_flags[@]}" --dbname='$DATABASE_URL' "$dump"
  else
    pg_restore "${restore_flags[@]}" --dbname="$DATABASE_URL" "$dump"
  fi
  log 'database restored'
  exit 0
fi

load_env
require_env POSTGRES_USER POSTGRES_DB
if [[ -z $tag ]]; then
  [[ -f $HISTORY_FILE && $(wc -l <"$HISTORY_FILE") -ge 2 ]] || die "no earlier release in $HISTORY_FILE: give --to TAG"
  tag=$(previous_tag)
fi
export RUNCELL_TAG=$tag
log "rolling back to runcell-host:$tag"

if [[ -n $dump ]]; then
  "$DEPLOY_DIR/maintenance.sh" page on
  compose stop app1 app2
  log "restoring $dump"
  if [[ $DRY_RUN == 1 ]]; then
    compose exec -T postgres pg_restore -U "$POSTGRES_USER" -d "$POSTGRES_DB" "${restore_flags[@]}"
    printf '+ (reading %s)\n' "$dump"
  else
    compose exec -T postgres pg_restore -U "$POSTGRES_USER" -d "$POSTGRES_DB" "${restore_flags[@]}" <"$dump"
  fi
fi

for service in app1 app2; do
  compose up -d --no-deps "$service"
  wait_healthy "$service" 120 || die "$service at $tag is not healthy; see: docker compose logs $service"
done
[[ -n $dump ]] && "$DEPLOY_DIR/maintenance.sh" page off
compose exec -T nginx nginx -s reload

if [[ $DRY_RUN == 1 ]]; then
  printf '+ record %s in %s\n' "$tag" "$HISTORY_FILE"
else
  printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$tag" >>"$HISTORY_FILE"
fi
log "running runcell-host:$tag"
