#!/usr/bin/env bash
# Backs up the database with pg_dump, then applies pending migrations and verifies them. The app also migrates
# at start-up (under an advisory lock); running this first means a failing migration stops the deploy before
# any instance is replaced, and there is a backup from just before it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: migrate.sh [--direct] [--skip-backup] [--backup-dir DIR] [--dry-run]

  Backs up the database (pg_dump, custom format), checks that the dump reads back, then runs
  "cli.js migrate" and "cli.js verify" of the host app.

  (default)         Docker: pg_dump in the postgres service, the CLI in a one-off app1 container of
                    \$RUNCELL_TAG (the image about to be deployed). Reads .env next to this script.
  --direct          No Docker: pg_dump and node on this machine, against \$DATABASE_URL, with the CLI
                    at \$RUNCELL_CLI (default: ../dist/cli/cli.js, built by npm run build).
  --skip-backup     Migrate without a backup (not recommended).
  --backup-dir DIR  Where dumps go (default: \$RUNCELL_BACKUP_DIR or backups/ next to this script).
                    The newest \$RUNCELL_BACKUP_KEEP (default 14) dumps are kept.
  --dry-run         Print the commands instead of running them.
USAGE
}

direct=0 backup=1
backup_dir=${RUNCELL_BACKUP_DIR:-$DEPLOY_DIR/backups}
while [[ $# -gt 0 ]]; do
  case $1 in
    --direct) direct=1 ;;
    --skip-backup) backup=0 ;;
    --backup-dir)
      [[ $# -ge 2 ]] || die '--backup-dir needs a directory'
      backup_dir=$2
      shift
      ;;
    *) common_option "$1" ;;
  esac
  shift
done

if [[ $direct == 1 ]]; then
  require_env DATABASE_URL
  cli=${RUNCELL_CLI:-$DEPLOY_DIR/../dist/cli/cli.js}
  [[ $DRY_RUN == 1 || -f $cli ]] || die "no CLI at $cli: run npm run build -w @runcell/host"
else
  load_env
  require_env POSTGRES_USER POSTGRES_DB
fi

if [[ $backup == 1 ]]; then
  run mkdir -p "$backup_dir"
  file="$backup_dir/runcell-$(date -u +%Y%m%dT%H%M%S.%3NZ)-${RUNCELL_TAG:-manual}.dump"
  log "backing up to $file"
  if [[ $DRY_RUN == 1 ]]; then
    if [[ $direct == 1 ]]; then
      run pg_dump --format=custom --file="$file" '$DATABASE_URL'
    else
      compose exec -T postgres pg_dump -U "$POSTGRES_USER" -d "$POSTGRES_DB" --format=custom
      printf '+ (written to %s)\n' "$file"
    fi
  else
    if [[ $direct == 1 ]]; then
      pg_dump --format=custom --file="$file" "$DATABASE_URL"
      pg_restore --list "$file" >/dev/null || die "the dump $file does not read back"
    else
      compose exec -T postgres pg_dump -U "$POSTGRES_USER" -d "$POSTGRES_DB" --format=custom >"$file"
      compose exec -T postgres pg_restore --list <"$file" >/dev/null || die "the dump $file does not read back"
    fi
    [[ -s $file ]] || die "the dump $file is empty"
    log "backup ok: $(du -h "$file" | cut -f1) in $file"
    # Keep the newest dumps only.
    find "$backup_dir" -maxdepth 1 -name 'runcell-*.dump' -printf '%T@ %p\n' | sort -rn |
      tail -n +"$((${RUNCELL_BACKUP_KEEP:-14} + 1))" | cut -d' ' -f2- | xargs -r rm -f --
  fi
else
  log 'skipping the backup (--skip-backup)'
fi

for command in migrate verify; do
  log "cli.js $command"
  if [[ $direct == 1 ]]; then
    run node "$cli" "$command"
  else
    compose run --rm --no-deps -T app1 node apps/host/dist/cli/cli.js "$command"
  fi
done
log 'migrations applied and verified'
