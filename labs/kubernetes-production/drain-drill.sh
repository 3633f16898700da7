#!/usr/bin/env bash
# drain-drill.sh: drain nodes while a client inside the cluster keeps calling the service, then
# count the requests that failed. The drill of the handbook's chapter "Running services on
# Kubernetes in production"; run it from anywhere, with kubectl pointed at the lab cluster.
#   ./drain-drill.sh handbook-worker                     # one node, as a node upgrade does
#   ./drain-drill.sh handbook-worker handbook-worker2    # two nodes in one go
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
namespace=handbook
selector=app.kubernetes.io/name=todo-api
url=""
settle=20
timeout=180
uncordon=1
nodes=()

usage() {
  cat <<'EOF'
Usage: drain-drill.sh [--namespace NS] [--selector LABELS] [--url URL] [--settle SECONDS]
                      [--timeout SECONDS] [--keep-cordoned] NODE [NODE...]

Drains the nodes (several: all cordoned first, then drained one after the other, as kubectl
drain does) while a client pod calls URL several times a second, then prints how many requests
failed. A request fails when it gets no answer within 2 seconds or any status but 200.

  --namespace NS      namespace of the service and the client pod (default: handbook)
  --selector LABELS   the service's pods, listed before and after (default: app.kubernetes.io/name=todo-api)
  --url URL           what the client calls (default: http://todo-api.NS.svc.cluster.local/)
  --settle SECONDS    keep calling this long after the drain has finished (default: 20)
  --timeout SECONDS   give up draining after this long (default: 180)
  --keep-cordoned     leave the nodes cordoned afterwards (default: uncordon them)
  -h, --help          show this help

Exit status: 0 the drain finished and no request failed; 1 requests failed or the drain did not
finish; 2 wrong usage; 3 kubectl is missing or the client could not start.
EOF
}

usage_error() {
  echo "drain-drill.sh: $1" >&2
  usage | sed -n 1,2p >&2
  echo "Run drain-drill.sh --help for the options." >&2
  exit 2
}

say() { printf 'drill: %s\n' "$*"; }

while (($#)); do
  case $1 in
    -h | --help)
      usage
      exit 0
      ;;
    --namespace | --selector | --url | --settle | --timeout)
      (($# >= 2)) || usage_error "$1 needs a value"
      case $1 in
        --namespace) namespace=$2 ;;
        --selector) selector=$2 ;;
        --url) url=$2 ;;
        --settle) settle=$2 ;;
        --timeout) timeout=$2 ;;
      esac
      shift 2
      ;;
    --keep-cordoned)
      uncordon=0
      shift
      ;;
    --)
      shift
      nodes+=("$@")
      break
      ;;
    -*) usage_error "unknown option $1" ;;
    *)
      nodes+=("$1")
      shift
      ;;
  esac
done

((${#nodes[@]})) || usage_error "name at least one node to drain (kubectl get nodes lists them)"
[[ $namespace =~ ^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$ ]] || usage_error "--namespace: \"$namespace\" is not a namespace name"
[[ $settle =~ ^[0-9]+$ ]] || usage_error "--settle: \"$settle\" is not a number of seconds"
[[ $timeout =~ ^[1-9][0-9]*$ ]] || usage_error "--timeout: \"$timeout\" is not a number of seconds above 0"
for node in "${nodes[@]}"; do
  [[ $node =~ ^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$ ]] || usage_error "\"$node\" is not a node name"
done
url=${url:-"http://todo-api.$namespace.svc.cluster.local/"}
[[ $url =~ ^https?://[^[:space:]]+$ ]] || usage_error "--url: \"$url\" is not an http:// or https:// address"

if ! command -v kubectl >/dev/null 2>&1; then
  echo "drain-drill.sh: kubectl not found: install it (https://kubernetes.io/docs/tasks/tools/) and point it at the cluster" >&2
  exit 3
fi

work=$(mktemp -d)
results=$work/results
loop_pid=""
cordoned=0
cleanup() {
  if [[ -n $loop_pid ]]; then
    kubectl -n "$namespace" exec drill-client -- touch /tmp/stop >/dev/null 2>&1 || true
    kill "$loop_pid" 2>/dev/null || true
  fi
  if ((cordoned && uncordon)); then
    kubectl uncordon "${nodes[@]}" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

say "starting the client pod in namespace $namespace"
if ! kubectl -n "$namespace" apply -f "$here/drill-client.yaml" >/dev/null ||
  ! kubectl -n "$namespace" wait --for=condition=Ready pod/drill-client --timeout=120s >/dev/null; then
  echo "drain-drill.sh: the client pod did not start; see: kubectl -n $namespace describe pod drill-client" >&2
  exit 3
fi
client_node=$(kubectl -n "$namespace" get pod drill-client -o jsonpath='{.spec.nodeName}')
for node in "${nodes[@]}"; do
  if [[ $node == "$client_node" ]]; then
    echo "drain-drill.sh: the client pod runs on $node; drain other nodes, or the client goes with them" >&2
    exit 2
  fi
done
kubectl -n "$namespace" exec drill-client -- rm -f /tmp/stop

say "pods before the drain:"
kubectl -n "$namespace" get pods -l "$selector" -o wide

# The loop runs in the client pod's shell, which expands $1 and $(date): one line per request,
# "HH:MM:SS CODE", where CODE is 000 when no answer came at all.
# shellcheck disable=SC2016
loop='while [ ! -e /tmp/stop ]; do curl -s -o /dev/null --max-time 2 -w "$(date +%T) %{http_code}\n" "$1"; sleep 0.1; done'
kubectl -n "$namespace" exec drill-client -- sh -c "$loop" sh "$url" >"$results" 2>/dev/null &
loop_pid=$!
say "calling $url"
sleep 3

say "draining ${nodes[*]}"
cordoned=1
drain_status=0
kubectl drain "${nodes[@]}" --ignore-daemonsets --delete-emptydir-data --timeout="${timeout}s" || drain_status=$?
say "drain finished with exit code $drain_status; calling for another ${settle}s"
sleep "$settle"

kubectl -n "$namespace" exec drill-client -- touch /tmp/stop
wait "$loop_pid" || true
loop_pid=""

say "pods after the drain:"
kubectl -n "$namespace" get pods -l "$selector" -o wide

read -r total failed first last < <(awk '
  NF == 2 && $2 ~ /^[0-9][0-9][0-9]$/ {
    total++
    if ($2 != "200") { failed++; if (first == "") first = $1; last = $1 }
  }
  END { print total + 0, failed + 0, (first == "" ? "-" : first), (last == "" ? "-" : last) }
' "$results")

if ((total == 0)); then
  echo "drain-drill.sh: the client made no requests; see: kubectl -n $namespace logs drill-client" >&2
  exit 3
fi
if ((failed == 0)); then
  say "$total requests, 0 failed"
else
  say "$total requests, $failed failed, from $first to $last"
  awk 'NF == 2 && $2 ~ /^[0-9][0-9][0-9]$/ && $2 != "200" { print $2 }' "$results" | sort | uniq -c |
    while read -r count code; do
      if [[ $code == 000 ]]; then
        say "  $count x 000 (no connection, or no answer within 2 s)"
      else
        say "  $count x HTTP $code"
      fi
    done
fi
if ((drain_status != 0)); then
  say "the drain did not finish: kubectl drain exited with $drain_status (a PodDisruptionBudget that allows no eviction stops it)"
fi
((failed == 0 && drain_status == 0))
