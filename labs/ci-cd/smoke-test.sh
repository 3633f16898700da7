#!/usr/bin/env bash
# Smoke test for the sample service: start it, check that it answers on /healthz, /readyz and
# /metrics, then stop it with SIGTERM and expect a clean exit, the way Kubernetes stops it.
#
# Run it from labs/service after `npm ci && npm run build`:
#   ../ci-cd/smoke-test.sh                      # tests dist/server.js, the compiled build
#   ../ci-cd/smoke-test.sh src/server.ts        # or the TypeScript sources, without a build
#
# It exits non-zero at the first failed check, which fails the CI job that runs it.
set -euo pipefail

ENTRY="${1:-dist/server.js}"
PORT="${SMOKE_PORT:-18080}"
BASE="http://127.0.0.1:${PORT}"
LOG="$(mktemp)"
PID=""

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Whatever happens, stop the server and show its log when something went wrong.
cleanup() {
  local status=$?
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill -KILL "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -s "$LOG" ]]; then
    echo "--- server log ---" >&2
    cat "$LOG" >&2
  fi
  rm -f "$LOG"
}
trap cleanup EXIT

[[ -f "$ENTRY" ]] || fail "$ENTRY not found: run this from labs/service, after 'npm run build'"

echo "Starting node $ENTRY on port $PORT"
PORT="$PORT" HOST=127.0.0.1 APP_VERSION=smoke-test node "$ENTRY" >"$LOG" 2>&1 &
PID=$!

# Wait up to 10 seconds for readiness. A server that crashes on start fails fast instead.
ready=false
for _ in $(seq 1 50); do
  if curl -fsS "$BASE/readyz" >/dev/null 2>&1; then
    ready=true
    break
  fi
  kill -0 "$PID" 2>/dev/null || fail "the server exited during startup"
  sleep 0.2
done
[[ "$ready" == true ]] || fail "/readyz did not answer 200 within 10 seconds"
echo "ok   /readyz answers 200"

health="$(curl -fsS "$BASE/healthz")" || fail "/healthz did not answer 200"
[[ "$health" == *'"status":"ok"'* ]] || fail "/healthz answered '$health', expected a body with \"status\":\"ok\""
echo "ok   /healthz answers 200 with {\"status\":\"ok\"}"

# One write, so the metrics below have a request on a route template to count.
created="$(curl -fsS -X POST "$BASE/todos" -H 'Content-Type: application/json' \
  -d '{"title": "smoke test"}')" || fail "POST /todos did not answer 2xx"
[[ "$created" == *'"title":"smoke test"'* ]] || fail "POST /todos answered '$created'"
echo "ok   POST /todos creates an item"

headers="$(curl -fsS -o /dev/null -D - "$BASE/metrics")" || fail "/metrics did not answer 200"
grep -qi '^content-type: text/plain' <<<"$headers" || fail "/metrics is not served as text/plain"
metrics="$(curl -fsS "$BASE/metrics")"
for expected in \
  '# TYPE http_requests_total counter' \
  '# TYPE http_request_duration_seconds histogram' \
  'http_requests_total{method="POST",route="/todos",status="201"} 1' \
  'todos_count 1'; do
  grep -qF "$expected" <<<"$metrics" || fail "/metrics has no line '$expected'"
done
echo "ok   /metrics serves Prometheus text with the expected series"

# Graceful shutdown: SIGTERM must end the process with exit code 0, well within 10 seconds.
kill -TERM "$PID"
status=0
wait "$PID" || status=$?
PID=""
[[ $status -eq 0 ]] || fail "the server exited with code $status after SIGTERM, expected 0"
grep -q '"shutdown complete"' "$LOG" || fail "no 'shutdown complete' line in the server log"
echo "ok   SIGTERM stops the server with exit code 0"

echo "Smoke test passed"
