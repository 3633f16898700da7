#!/usr/bin/env bash
# Smoke test for the serving image: start it, wait for readiness, send a valid and an invalid
# prediction request, read /metrics, stop it with SIGTERM. Needs Docker and curl.
#   bash labs/mlops-cicd/smoke_test.sh todo-completion-api:dev
#   PORT=18001 bash labs/mlops-cicd/smoke_test.sh ghcr.io/OWNER/todo-completion-api:SHA
set -euo pipefail

image="${1:?usage: smoke_test.sh IMAGE}"
port="${PORT:-18000}"
name="smoke-test-$$"
base="http://127.0.0.1:${port}"

cleanup() {
  docker rm -f "$name" >/dev/null 2>&1 || true
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  echo "--- last lines of the container's log ---"
  docker logs "$name" 2>&1 | tail -n 20 || true
  exit 1
}

echo "Starting $image on port $port"
docker run -d --name "$name" -p "127.0.0.1:${port}:8000" "$image" >/dev/null

# The API answers /readyz with 503 until the model is loaded: wait up to 30 seconds.
ready=0
for _ in $(seq 1 30); do
  if curl -fsS "$base/readyz" >/dev/null 2>&1; then
    ready=1
    break
  fi
  sleep 1
done
[ "$ready" = 1 ] || fail "/readyz did not answer 200 within 30 seconds"
echo "ok   /readyz answers 200"

todo='{"title": "Renew passport", "priority": "high", "list_name": "personal", "client": "web", "due_in_days": 7, "has_reminder": true, "open_todos": 4, "account_age_days": 900}'
response=$(curl -fsS -X POST "$base/v1/predict" -H 'Content-Type: application/json' -d "{\"instances\": [$todo]}") \
  || fail "POST /v1/predict did not answer 200"
case "$response" in
  *'"probability_on_time"'*) echo "ok   POST /v1/predict answers with a probability" ;;
  *) fail "unexpected answer from /v1/predict: $response" ;;
esac

status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/v1/predict" \
  -H 'Content-Type: application/json' -d '{"instances": [{"title": ""}]}')
[ "$status" = 422 ] || fail "an invalid to-do answered $status, expected 422"
echo "ok   an invalid to-do answers 422"

metrics=$(curl -fsS "$base/metrics") || fail "/metrics did not answer 200"
grep -q '^model_predictions_total' <<<"$metrics" || fail "/metrics has no model_predictions_total series"
echo "ok   /metrics counts the prediction"

docker stop --timeout 25 "$name" >/dev/null
code=$(docker inspect --format '{{.State.ExitCode}}' "$name")
[ "$code" = 0 ] || fail "the container exited with code $code after SIGTERM, expected 0"
echo "ok   SIGTERM stops the container with exit code 0"
echo "Smoke test passed: $image"
