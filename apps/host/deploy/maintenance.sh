#!/usr/bin/env bash
# Maintenance mode, two ways. The app's switch (on/off/status) keeps the site up: pages say so, /api/readyz
# answers 503 with Retry-After, and the change is in the audit log. nginx's page (page on/off) answers every
# request with 503 and a static page, for when the app itself must stop (a database restore, say).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: maintenance.sh on|off|status [--url URL] [--actor NAME] [--dry-run]
       maintenance.sh page on|off|status [--dir DIR] [--dry-run]

  on, off, status  The app's maintenance switch, through its admin API with \$ADMIN_TOKEN
                   (from the environment or .env). URL defaults to \$RUNCELL_URL, else
                   https://\$RUNCELL_DOMAIN. The audit log names --actor (default: \$USER).
                   curl honours CURL_CA_BUNDLE for a private CA.
  page on|off      nginx's maintenance page: creates or removes DIR/maintenance.on (DIR defaults
                   to \$NGINX_MAINTENANCE_HOST_DIR, else maintenance/ next to this script, which
                   docker-compose.prod.yml mounts into nginx). No reload is needed.
USAGE
}

[[ $# -ge 1 ]] || {
  usage >&2
  exit 2
}
page=0
if [[ $1 == page ]]; then
  page=1
  shift
fi
action=${1:-}
shift || true
url=${RUNCELL_URL:-} actor=${USER:-ops} dir=${NGINX_MAINTENANCE_HOST_DIR:-$DEPLOY_DIR/maintenance}
while [[ $# -gt 0 ]]; do
  case $1 in
    --url | --actor | --dir)
      [[ $# -ge 2 ]] || die "$1 needs a value"
      case $1 in
        --url) url=$2 ;;
        --actor) actor=$2 ;;
        --dir) dir=$2 ;;
      esac
      shift
      ;;
    *) common_option "$1" ;;
  esac
  shift
done
case $action in
  on | off | status) ;;
  -h | --help)
    usage
    exit 0
    ;;
  *)
    usage >&2
    exit 2
    ;;
esac

if [[ $page == 1 ]]; then
  flag="$dir/maintenance.on"
  case $action in
    on)
      [[ -f $dir/maintenance.html ]] || log "warning: no $dir/maintenance.html; nginx will answer 503 without a page"
      run touch "$flag"
      log "nginx maintenance page on ($flag)"
      ;;
    off)
      run rm -f "$flag"
      log 'nginx maintenance page off'
      ;;
    status) [[ -f $flag ]] && echo 'page: on' || echo 'page: off' ;;
  esac
  exit 0
fi

if [[ -z ${ADMIN_TOKEN:-} || (-z $url && -z ${RUNCELL_DOMAIN:-}) ]]; then
  [[ -f $ENV_FILE ]] && load_env
fi
require_env ADMIN_TOKEN
[[ -n $url ]] || url="https://${RUNCELL_DOMAIN:?set RUNCELL_URL or RUNCELL_DOMAIN}"

case $action in
  on) method=POST path=/api/admin/maintenance/enable ;;
  off) method=POST path=/api/admin/maintenance/disable ;;
  status) method=GET path=/api/admin/state ;;
esac
if [[ $DRY_RUN == 1 ]]; then
  printf '+ curl -X %s %s%s (Authorization: Bearer $ADMIN_TOKEN, X-Runcell-Actor: %s)\n' "$method" "$url" "$path" "$actor"
  exit 0
fi
# The token goes to curl on stdin, so it never shows in the process list.
printf 'header = "Authorization: Bearer %s"\n' "$ADMIN_TOKEN" |
  curl --config - -fsS --max-time 15 -X "$method" -H "X-Runcell-Actor: $actor" "$url$path"
echo
