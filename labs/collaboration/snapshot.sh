#!/usr/bin/env bash
# A read-only snapshot of the to-do API in Kubernetes, for the incident channel: what runs, which
# version, whether the Service has endpoints, what the pods say, recent warnings and the status
# codes in the last minutes of logs. It changes nothing, so anyone on the rotation may run it.
#
#   labs/collaboration/snapshot.sh                      namespace handbook, last 15 minutes
#   labs/collaboration/snapshot.sh -n todo -s 30m       another namespace and window
#   labs/collaboration/snapshot.sh | tee "snapshot-$(date -u +%H%M).txt"
set -euo pipefail

namespace="handbook"
since="15m"
app="todo-api"

usage() {
  echo "usage: $0 [-n namespace] [-s since, e.g. 15m or 1h]" >&2
  exit 2
}

while getopts "n:s:h" option; do
  case "$option" in
    n) namespace="$OPTARG" ;;
    s) since="$OPTARG" ;;
    *) usage ;;
  esac
done

command -v kubectl >/dev/null 2>&1 || { echo "kubectl is not on your PATH" >&2; exit 1; }

selector="app.kubernetes.io/name=${app}"

# Print a heading and the command, run it, and keep going if it fails: during an incident a
# partial snapshot is worth more than none.
section() {
  local title="$1"
  shift
  printf '\n== %s\n$ %s\n' "$title" "$*"
  "$@" 2>&1 || printf '(exit code %s)\n' "$?"
}

status_counts() {
  kubectl -n "$namespace" logs -l "$selector" --tail=-1 --since="$since" \
    | grep -o '"status":[0-9]*' | sort | uniq -c | sort -rn || true
}

printf 'Snapshot of %s in namespace %s, %s\n' "$app" "$namespace" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"

section "Cluster" kubectl config current-context
section "Deployment" kubectl -n "$namespace" get deployment "$app" -o wide
section "Rollout history" kubectl -n "$namespace" rollout history deployment/"$app"
section "Pods" kubectl -n "$namespace" get pods -l "$selector" -o wide
section "Endpoints behind the Service (none listed: no ready pod matches)" \
  kubectl -n "$namespace" get endpointslices -l "kubernetes.io/service-name=${app}"
section "Readiness through the Service" \
  kubectl get --raw "/api/v1/namespaces/${namespace}/services/${app}:http/proxy/readyz"
section "Version answering through the Service" \
  kubectl get --raw "/api/v1/namespaces/${namespace}/services/${app}:http/proxy/"
section "Warning events" kubectl -n "$namespace" events --types=Warning
section "Status codes in the logs of the last ${since}" status_counts
