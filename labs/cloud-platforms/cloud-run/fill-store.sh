#!/usr/bin/env bash
# Sends COUNT "POST /todos" requests to the service at URL and counts the status codes. With the
# lab's max_todos of 50, a fresh instance answers 201 fifty times, then 507 because its store is
# full: server errors, which the alert policy in alert.tf turns into an incident.
#
#   ./fill-store.sh "$(terraform output -raw url)"      # 100 requests
#   ./fill-store.sh http://127.0.0.1:8080 20            # any running copy of the service
set -euo pipefail

URL="${1:?usage: fill-store.sh URL [COUNT]}"
COUNT="${2:-100}"
[[ "$COUNT" =~ ^[1-9][0-9]*$ ]] || { echo "COUNT must be a positive number, got '$COUNT'" >&2; exit 2; }

for i in $(seq 1 "$COUNT"); do
  # %{http_code} is 000 when no answer came at all (wrong URL, network down).
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "${URL%/}/todos" \
    -H 'Content-Type: application/json' -d "{\"title\": \"fill $i\"}" || true
done | sort | uniq -c | awk '{ printf "%5d x HTTP %s\n", $1, $2 }'
