# Shared by deploy.sh, migrate.sh, rollback.sh and maintenance.sh. Sourced, never run on its own.
# shellcheck shell=bash

DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
COMPOSE_FILE=${COMPOSE_FILE:-$DEPLOY_DIR/docker-compose.prod.yml}
ENV_FILE=${RUNCELL_ENV_FILE:-$DEPLOY_DIR/.env}
HISTORY_FILE=${RUNCELL_HISTORY_FILE:-$DEPLOY_DIR/.deploy-history}
export DRY_RUN=${DRY_RUN:-0}

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# The options every script takes, for the end of its option loop: --dry-run, --help, and for anything unknown
# the usage on stderr with exit 2. Each script defines usage() before it parses options.
common_option() {
  case $1 in
    --dry-run) DRY_RUN=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

# Runs a command, or only prints it with --dry-run.
run() {
  if [[ $DRY_RUN == 1 ]]; then
    printf '+ %s\n' "$*"
  else
    "$@"
  fi
}

# Reads KEY=VALUE lines (docker compose's .env format, optionally quoted) into the environment. Variables
# already set in the caller's environment win, as with docker compose.
load_env() {
  [[ -f $ENV_FILE ]] || die "no $ENV_FILE: copy .env.example to .env and fill it in"
  local line key value
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || die "$ENV_FILE: cannot read line: $line"
    key=${BASH_REMATCH[1]}
    value=${BASH_REMATCH[2]}
    if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then value=${BASH_REMATCH[1]}; fi
    [[ -n ${!key+set} ]] || export "$key=$value"
  done <"$ENV_FILE"
}

require_env() {
  local name
  for name in "$@"; do
    [[ -n ${!name:-} ]] || die "$name is not set (in $ENV_FILE or the environment)"
  done
}

# Refuses a secret that is a placeholder or easy to guess, naming the variable and never printing the value. The same
# rule as the app's start-up check (guessableSecret in server/config/schema.ts): at least 24 characters, no
# placeholder word, at least 8 distinct characters, not one pattern repeated.
require_strong_secret() {
  local name=$1 value=${!1:-}
  local why=''
  if ((${#value} < 24)); then
    why='is shorter than 24 characters'
  elif printf '%s' "$value" | grep -Eqi 'change-?me|example|placeholder|your[-_]?(admin[-_]?)?token|replace|x{6}'; then
    why='is a placeholder'
  elif (($(printf '%s' "$value" | fold -w1 | sort -u | wc -l) < 8)) || printf '%s' "$value" | grep -Eq '^(.+)\1+$'; then
    why='is too easy to guess'
  fi
  [[ -z $why ]] || die "$name $why; generate one with: openssl rand -hex 24"
}

# docker compose v2 (the plugin) when present, else v1 (docker-compose).
COMPOSE_CMD=()
detect_compose() {
  if [[ -n ${COMPOSE:-} ]]; then
    read -r -a COMPOSE_CMD <<<"$COMPOSE"
  elif docker compose version >/dev/null 2>&1; then
    COMPOSE_CMD=(docker compose)
  elif command -v docker-compose >/dev/null 2>&1; then
    COMPOSE_CMD=(docker-compose)
  elif [[ $DRY_RUN == 1 ]]; then
    COMPOSE_CMD=(docker compose)
  else
    die "neither 'docker compose' nor 'docker-compose' is installed"
  fi
}

compose() {
  [[ ${#COMPOSE_CMD[@]} -gt 0 ]] || detect_compose
  run "${COMPOSE_CMD[@]}" --env-file "$ENV_FILE" -f "$COMPOSE_FILE" "$@"
}

# Waits until a service's container reports healthy (its Docker healthcheck), or fails after $2 seconds.
wait_healthy() {
  local service=$1 timeout=${2:-120} waited=0 id status
  if [[ $DRY_RUN == 1 ]]; then
    printf '+ wait until %s is healthy (at most %s s)\n' "$service" "$timeout"
    return 0
  fi
  [[ ${#COMPOSE_CMD[@]} -gt 0 ]] || detect_compose
  while ((waited < timeout)); do
    id=$("${COMPOSE_CMD[@]}" --env-file "$ENV_FILE" -f "$COMPOSE_FILE" ps -q "$service" 2>/dev/null || true)
    status=$([[ -n $id ]] && docker inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null || echo starting)
    if [[ $status == healthy ]]; then
      log "$service is healthy"
      return 0
    fi
    [[ $status == unhealthy ]] && break
    sleep 2
    waited=$((waited + 2))
  done
  log "$service is not healthy after ${waited} s (status: ${status:-unknown})"
  return 1
}

# The tag of the release running now, and the one before it, from the deploy history ("<time> <tag>" lines).
current_tag() { [[ -f $HISTORY_FILE ]] && tail -n 1 "$HISTORY_FILE" | awk '{print $2}'; }
previous_tag() { [[ -f $HISTORY_FILE ]] && tail -n 2 "$HISTORY_FILE" | head -n 1 | awk '{print $2}'; }
