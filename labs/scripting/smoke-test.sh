#!/usr/bin/env bash
# Smoke test for the handbook's sample service (labs/service).
#
# Starts the service on a free port, waits until /readyz answers, creates a to-do, checks
# /metrics, stops the service and checks that it exits cleanly. Whatever happens, a trap stops
# the service and deletes the temporary files.
#
#   ./smoke-test.sh                      start ../service and test it
#   ./smoke-test.sh --timeout 30         wait up to 30 seconds for readiness
#   ./smoke-test.sh --url http://localhost:8080   test a service that is already running
#
# Exit codes: 0 every check passed, 1 a check failed, 2 wrong usage or a missing tool.
set -euo pipefail
# errtrace: functions inherit the ERR trap below. inherit_errexit (Bash 4.4+): command
# substitutions inherit -e. macOS ships Bash 3.2, hence the `|| true`; `brew install bash` helps.
set -o errtrace
shopt -s inherit_errexit 2>/dev/null || true

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly SERVICE_DIR="${SERVICE_DIR:-$SCRIPT_DIR/../service}"

timeout=15
base_url=""
service_pid=""
work_dir=""

log() { printf '%s smoke-test: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  local code="$1"
  shift
  log "FAIL: $*"
  exit "$code"
}

usage() {
  sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

# Runs on every exit: success, failed check, Ctrl-C or an unexpected error. ShellCheck cannot
# see calls made by `trap`, so it would call these two functions unused (SC2317/SC2329).
# shellcheck disable=SC2317,SC2329
cleanup() {
  local status=$?
  if [[ -n "$service_pid" ]] && kill -0 "$service_pid" 2>/dev/null; then
    log "stopping the service (pid $service_pid)"
    kill -TERM "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  if ((status != 0)) && [[ -f "$work_dir/service.log" ]]; then
    log "last lines of the service log:"
    tail -n 5 "$work_dir/service.log" >&2
  fi
  if [[ -n "$work_dir" ]]; then rm -rf -- "$work_dir"; fi
  exit "$status"
}

# shellcheck disable=SC2317,SC2329
on_error() {
  log "unexpected error: line $1, command '$2' exited with $3"
}

trap cleanup EXIT
trap 'on_error "$LINENO" "$BASH_COMMAND" "$?"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# A curl call that never fails the script by itself: prints the HTTP status code and leaves
# the response body in $work_dir/body. Arguments after the method and path go to curl.
http() {
  local method="$1" path="$2"
  shift 2
  local curl_args=(--silent --show-error --max-time 5 --output "$work_dir/body" --write-out '%{http_code}' --request "$method")
  if [[ -n "${API_TOKEN:-}" ]]; then
    curl_args+=(--header "Authorization: Bearer $API_TOKEN")
  fi
  local code
  # curl prints 000 and fails when nothing answers; the caller decides what that means.
  code="$(curl "${curl_args[@]}" "$@" "$base_url$path")" || code=000
  printf '%s' "$code"
}

expect_status() {
  local want="$1" got="$2" what="$3"
  if [[ "$got" != "$want" ]]; then
    die 1 "$what: expected HTTP $want, got $got: $(head -c 200 "$work_dir/body" 2>/dev/null)"
  fi
  log "ok: $what (HTTP $got)"
}

start_service() {
  command -v node >/dev/null || die 2 "node is not on PATH (Node.js 24 or later is needed)"
  [[ -f "$SERVICE_DIR/src/server.ts" ]] || die 2 "no service found in $SERVICE_DIR"
  # PORT=0 lets the operating system pick a free port; the service logs the one it got.
  PORT=0 HOST=127.0.0.1 node "$SERVICE_DIR/src/server.ts" >"$work_dir/service.log" 2>&1 &
  service_pid=$!
  log "started the service (pid $service_pid)"
}

wait_until_ready() {
  local deadline=$((SECONDS + timeout)) port=""
  while ((SECONDS < deadline)); do
    if [[ -n "$service_pid" ]]; then
      kill -0 "$service_pid" 2>/dev/null || die 1 "the service exited during startup"
      if [[ -z "$base_url" ]]; then
        port="$(sed -n 's/.*"msg":"listening".*"port":\([0-9][0-9]*\).*/\1/p' "$work_dir/service.log")"
        [[ -n "$port" ]] && base_url="http://127.0.0.1:$port"
      fi
    fi
    if [[ -n "$base_url" && "$(http GET /readyz 2>/dev/null)" == 200 ]]; then
      log "ok: ready at $base_url"
      return 0
    fi
    sleep 0.2
  done
  die 1 "not ready within ${timeout}s"
}

main() {
  while (($# > 0)); do
    case "$1" in
      -t | --timeout) timeout="${2:?--timeout needs a number of seconds}"; shift 2 ;;
      -u | --url) base_url="${2:?--url needs a base URL}"; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die 2 "unknown argument: $1" ;;
    esac
  done
  [[ "$timeout" =~ ^[0-9]+$ ]] || die 2 "--timeout must be a whole number of seconds"
  command -v curl >/dev/null || die 2 "curl is not on PATH"

  work_dir="$(mktemp -d "${TMPDIR:-/tmp}/smoke-test.XXXXXX")"
  if [[ -z "$base_url" ]]; then start_service; fi
  wait_until_ready

  local title status id
  title="smoke test $(date +%s)"
  status="$(http POST /todos --header 'Content-Type: application/json' --data "{\"title\": \"$title\"}")"
  expect_status 201 "$status" "POST /todos creates a to-do"
  id="$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$work_dir/body")"
  [[ -n "$id" ]] || die 1 "the created to-do has no id: $(cat "$work_dir/body")"

  expect_status 200 "$(http GET "/todos/$id")" "GET /todos/$id reads it back"
  expect_status 400 "$(http POST /todos --header 'Content-Type: application/json' --data '{"title": ""}')" \
    "POST /todos refuses an empty title"

  expect_status 200 "$(http GET /metrics)" "GET /metrics answers"
  grep -q '^http_requests_total{method="POST",route="/todos",status="201"} ' "$work_dir/body" ||
    die 1 "/metrics does not count the POST that returned 201"
  grep -q '^todos_count ' "$work_dir/body" || die 1 "/metrics has no todos_count gauge"
  log "ok: /metrics counts requests by route and status"

  # Leave no test data behind when testing a shared instance.
  expect_status 204 "$(http DELETE "/todos/$id")" "DELETE /todos/$id cleans up"

  if [[ -n "$service_pid" ]]; then
    local code=0
    kill -TERM "$service_pid"
    wait "$service_pid" || code=$?
    service_pid=""
    ((code == 0)) || die 1 "the service exited with code $code after SIGTERM, expected 0"
    log "ok: the service stopped cleanly on SIGTERM"
  fi
  log "PASS: all checks passed"
}

main "$@"
