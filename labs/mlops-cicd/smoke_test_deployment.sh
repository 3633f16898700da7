#!/usr/bin/env bash
# Smoke test for the model API once it runs on Kubernetes: wait until it is ready, send one
# prediction, and check that the X-Model-Version header names the model the pipeline trained and
# gated (app/model.py reports "sha256-" and the first 12 hex digits of the model file's SHA-256,
# unless MODEL_VERSION was set at build time). Needs curl and python3.
#   kubectl -n handbook port-forward service/todo-completion-api 18080:80 &
#   bash labs/mlops-cicd/smoke_test_deployment.sh http://127.0.0.1:18080 labs/mlops-python/artifacts/model.json
# RETRIES (default 30) bounds the wait for readiness, about two seconds per attempt.
set -euo pipefail

base="${1:?usage: smoke_test_deployment.sh BASE_URL MODEL_JSON}"
model_json="${2:?usage: smoke_test_deployment.sh BASE_URL MODEL_JSON}"
retries="${RETRIES:-30}"

fail() {
  echo "FAIL: $*"
  exit 1
}

[ -f "$model_json" ] || fail "$model_json not found: download the pipeline's model artifact first"
model_sha=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["model_sha256"])' "$model_json") \
  || fail "$model_json has no model_sha256"
expected="${MODEL_VERSION:-sha256-${model_sha:0:12}}"
echo "Expecting model version $expected at $base"

# A fresh port-forward refuses connections for a moment, and /readyz answers 503 until the model is
# loaded: retry both. Safe here because GET /readyz changes nothing.
curl -fsS -o /dev/null --max-time 5 --retry "$retries" --retry-delay 2 --retry-connrefused --retry-all-errors \
  "$base/readyz" || fail "/readyz did not answer 200 after $retries retries"
echo "ok   /readyz answers 200"

headers=$(mktemp)
trap 'rm -f "$headers"' EXIT
todo='{"title": "Renew passport", "priority": "high", "list_name": "personal", "client": "web", "due_in_days": 7, "has_reminder": true, "open_todos": 4, "account_age_days": 900}'
body=$(curl -fsS --max-time 10 -D "$headers" -X POST "$base/v1/predict" \
  -H 'Content-Type: application/json' -d "{\"instances\": [$todo]}") || fail "POST /v1/predict did not answer 200"
case "$body" in
  *'"probability_on_time"'*) echo "ok   POST /v1/predict answers with a probability" ;;
  *) fail "unexpected answer from /v1/predict: $body" ;;
esac

# Header names are case-insensitive; the value ends with CR LF on the wire.
served=$(grep -i '^x-model-version:' "$headers" | head -n 1 | cut -d: -f2- | tr -d ' \r') || true
[ -n "$served" ] || fail "the answer has no X-Model-Version header"
[ "$served" = "$expected" ] || fail "X-Model-Version is $served, expected $expected: this is not the model the pipeline gated"
echo "ok   X-Model-Version is $served, the model that passed the gate"
echo "Deployment smoke test passed"
