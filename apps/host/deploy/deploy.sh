#!/usr/bin/env bash
# Builds and rolls out a release of the Runcell host with docker compose: database backup and migrations
# first, then one app instance at a time (nginx sends traffic to the other meanwhile), then nginx.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: deploy.sh [--tag TAG] [--skip-build] [--skip-backup] [--no-rollback] [--dry-run]

  1. checks .env (next to this script) and the TLS certificate
  2. builds the image runcell-host:TAG from the repository (TAG: --tag, or the git commit)
  3. starts PostgreSQL and Redis, backs up and migrates (migrate.sh)
  4. replaces app1, waits until healthy, then app2 (a failure rolls back to the previous tag)
  5. checks and reloads nginx, then checks https://\$RUNCELL_DOMAIN/health through it
  6. records TAG in .deploy-history for rollback.sh

  --skip-build   Use an image runcell-host:TAG that is already there (pulled or built).
  --skip-backup  Passed to migrate.sh.
  --no-rollback  Leave a failed release in place for debugging.
  --dry-run      Print the commands instead of running them.
USAGE
}

tag='' build=1 migrate_args=() auto_rollback=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --tag)
      [[ $# -ge 2 ]] || die '--tag needs a value'
      tag=$2
      shift
      ;;
    --skip-build) build=0 ;;
    --skip-backup) migrate_args+=(--skip-backup) ;;
    --no-rollback) auto_rollback=0 ;;
    *) common_option "$1" ;;
  esac
  shift
done
[[ $DRY_RUN == 1 ]] && migrate_args+=(--dry-run)

load_env
require_env ADMIN_TOKEN POSTGRES_USER POSTGRES_PASSWORD POSTGRES_DB RUNCELL_DOMAIN RUNNER_DOMAIN
require_strong_secret ADMIN_TOKEN
tls_dir=${TLS_DIR:-./certs}
[[ $tls_dir == /* ]] || tls_dir="$DEPLOY_DIR/$tls_dir"
for file in fullchain.pem privkey.pem; do
  [[ $DRY_RUN == 1 || -f $tls_dir/$file ]] || die "no $tls_dir/$file (see docs/deployment.md, TLS)"
done

repo=$(cd "$DEPLOY_DIR/../../.." && pwd)
if [[ -z $tag ]]; then
  tag=$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null || date -u +%Y%m%d%H%M%S)
  if [[ -n $(git -C "$repo" status --porcelain 2>/dev/null) ]]; then tag="$tag-dirty"; fi
fi
previous=$(current_tag || true)
export RUNCELL_TAG=$tag
log "deploying runcell-host:$tag (running now: ${previous:-nothing recorded})"

if [[ $build == 1 ]]; then
  compose build app1
fi

compose up -d postgres redis
wait_healthy postgres 120 || die 'PostgreSQL did not become healthy'
wait_healthy redis 60 || die 'Redis did not become healthy'

"$DEPLOY_DIR/migrate.sh" "${migrate_args[@]}"

failed=''
for service in app1 app2; do
  log "replacing $service"
  compose up -d --no-deps "$service"
  if ! wait_healthy "$service" 120; then
    failed=$service
    break
  fi
done

if [[ -n $failed ]]; then
  compose logs --tail=50 "$failed" >&2 || true
  if [[ $auto_rollback == 1 && -n $previous ]]; then
    log "$failed failed its health check; rolling back to $previous"
    "$DEPLOY_DIR/rollback.sh" --to "$previous"
  fi
  die "deploy of $tag failed at $failed"
fi

compose up -d --no-deps nginx
wait_healthy nginx 60 || die 'nginx did not become healthy'
# Reload re-resolves the app addresses and picks up a changed certificate; template changes need a restart.
compose exec -T nginx nginx -t
compose exec -T nginx nginx -s reload

log "checking https://$RUNCELL_DOMAIN/health through nginx"
compose exec -T nginx curl -fsS --max-time 10 --resolve "$RUNCELL_DOMAIN:443:127.0.0.1" \
  "https://$RUNCELL_DOMAIN/health" -o /dev/null -k || die '/health does not answer through nginx'

if [[ $DRY_RUN == 1 ]]; then
  printf '+ record %s in %s\n' "$tag" "$HISTORY_FILE"
else
  printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$tag" >>"$HISTORY_FILE"
fi
log "deployed runcell-host:$tag"
