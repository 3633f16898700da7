#!/usr/bin/env bash
# Traffic for the to-do API, so Prometheus and Grafana have something to show.
#   ./load.sh         steady mix until Ctrl-C: create, list, read and delete a to-do, plus an
#                     occasional bad request (400). Prints the status codes of each round.
#   ./load.sh bad     one minute of client errors only (400, 404, 415): they must not page anyone
#   ./load.sh fill    12,000 POSTs, 8 at a time. The store holds 10,000 items, so the last 2,000
#                     or so are refused with 507: a server-side failure that burns the error budget.
# BASE_URL points it at another address (default http://localhost:8080). Needs curl and xargs.
set -euo pipefail

BASE_URL="${BASE_URL:-http://localhost:8080}"
JSON='Content-Type: application/json'

# Prints the HTTP status of one request; 000 means no answer at all (service down).
status() {
  curl -s -o /dev/null -w '%{http_code}' "$@" || true
}

mix() {
  local round=0 response code id line
  echo "steady traffic to $BASE_URL, Ctrl-C to stop"
  echo "POST GET-list GET-one DELETE [bad POST]"
  while true; do
    round=$((round + 1))
    # The body and, on the last line, the status code.
    response=$(curl -s -w '\n%{http_code}' -X POST -H "$JSON" \
      -d "{\"title\": \"load round $round\"}" "$BASE_URL/todos" || true)
    code=${response##*$'\n'}
    id=$(printf '%s' "${response%$'\n'*}" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
    line="$code $(status "$BASE_URL/todos")"
    if [[ "$code" == 201 && -n "$id" ]]; then
      line+=" $(status "$BASE_URL/todos/$id") $(status -X DELETE "$BASE_URL/todos/$id")"
    fi
    if ((round % 10 == 0)); then
      line+=" $(status -X POST -H "$JSON" -d '{"title": ""}' "$BASE_URL/todos")"
    fi
    echo "$line"
    sleep 0.25
  done
}

bad() {
  echo "client errors only, for about a minute"
  for _ in $(seq 200); do
    echo "$(status -X POST -H "$JSON" -d '{"title": ""}' "$BASE_URL/todos")" \
      "$(status "$BASE_URL/todos/no-such-id")" \
      "$(status -X POST -H 'Content-Type: text/plain' -d 'buy milk' "$BASE_URL/todos")" \
      "$(status "$BASE_URL/no-such-page")"
    sleep 0.25
  done
}

fill() {
  local total=12000
  echo "POSTing $total to-dos, 8 at a time; status codes and how often each came back:"
  seq "$total" | xargs -P 8 -I @@ \
    curl -s -o /dev/null -w '%{http_code}\n' -X POST -H "$JSON" \
    -d '{"title": "fill @@"}' "$BASE_URL/todos" | sort | uniq -c
}

case "${1:-mix}" in
  mix) mix ;;
  bad) bad ;;
  fill) fill ;;
  *)
    echo "usage: $0 [mix|bad|fill]" >&2
    exit 2
    ;;
esac
