#!/usr/bin/env bash
# Walks the path of one HTTP(S) request, layer by layer, and stops at the first layer that fails:
# name resolution, a listening socket (for this machine's addresses only), the TCP connection,
# TLS, the HTTP answer with curl's timing breakdown and, for https, the certificate the server sends.
#
# Usage: diagnose.sh [--cacert FILE] [--connect-timeout S] [--timeout S] [--min-days N] URL
#   --cacert FILE        trust this CA certificate (PEM) instead of the system's store
#   --connect-timeout S  seconds for the name lookup and the TCP and TLS handshakes (default 3)
#   --timeout S          seconds for the whole request (default 10)
#   --min-days N         fail when the certificate expires in fewer days (default 14)
# Examples:
#   ./diagnose.sh http://127.0.0.1:8080/healthz
#   ./diagnose.sh --cacert ca.crt https://localhost:8443/
#
# One line per check (OK, FAIL or SKIP); after a FAIL, a "next:" line says where to look.
# Exit codes: 0 every check passed, 1 a check failed, 2 wrong usage or a missing tool.
set -euo pipefail

connect_timeout=3
timeout=10
min_days=14
cacert=""
work_dir=""

usage() { sed -n '6,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
say() { printf '%-4s  %-7s %s\n' "$1" "$2" "$3"; }
ok() { say OK "$1" "$2"; }
skip() { say SKIP "$1" "$2"; }
# A failed check ends the run: the layers above it cannot work either.
fail() {
  say FAIL "$1" "$2"
  printf 'next: %s\n' "$3"
  exit 1
}
usage_error() {
  sed -n '6s/^# //p' "${BASH_SOURCE[0]}" >&2
  printf 'diagnose: %s\n' "$1" >&2
  exit 2
}
need() {
  command -v "$1" >/dev/null || { printf 'diagnose: %s is not installed: sudo apt-get install -y %s\n' "$1" "$2" >&2; exit 2; }
}

# ShellCheck cannot see that trap calls this function (SC2317/SC2329).
# shellcheck disable=SC2317,SC2329
cleanup() {
  if [[ -n "$work_dir" ]]; then rm -rf -- "$work_dir"; fi
}
trap cleanup EXIT

is_ip() { [[ "$1" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ || "$1" == *:* ]]; }
is_loopback() { [[ "$1" == 127.* || "$1" == ::1 ]]; }

# Addresses of this machine, to decide whether `ss` can see the server's socket.
local_addresses() {
  printf '%s\n' 127.0.0.1 ::1
  ip -o addr show 2>/dev/null | awk '{ split($4, a, "/"); print a[1] }' || true
}

# Does a listening socket on local address $1 accept connections for target address $2?
listener_serves() {
  local listen="$1" target="$2"
  [[ "$listen" == "$target" || "$listen" == "*" || "$listen" == "::" ]] && return 0
  # 0.0.0.0 is every IPv4 address of the machine, never an IPv6 one.
  [[ "$listen" == 0.0.0.0 && "$target" != *:* ]]
}

check_dns() {
  if is_ip "$host"; then
    addresses=("$host")
    ok dns "$host is an IP address: nothing to resolve"
    return
  fi
  # getent asks the C library exactly as most programs do (getaddrinfo, following
  # /etc/nsswitch.conf: /etc/hosts, then DNS), so it sees what your service sees. dig asks DNS only.
  local out status=0
  out="$(timeout "$connect_timeout" getent ahosts "$host")" || status=$?
  if ((status == 124)); then
    fail dns "no answer for $host within ${connect_timeout}s" \
      "a slow or unreachable resolver: check the nameserver lines in /etc/resolv.conf, then dig $host"
  elif ((status != 0)); then
    fail dns "$host does not resolve (getent ahosts exit $status)" \
      "check the spelling, /etc/hosts and the search domains in /etc/resolv.conf; dig $host asks DNS directly"
  fi
  mapfile -t addresses < <(awk '!seen[$1]++ { print $1 }' <<<"$out")
  ok dns "$host -> ${addresses[*]} (getent ahosts)"
}

check_listen() {
  local mine target local_target=""
  mine="$(local_addresses)"
  for target in "${addresses[@]}"; do
    if is_loopback "$target" || grep -qxF -- "$target" <<<"$mine"; then local_target=yes; fi
  done
  if [[ -z "$local_target" ]]; then
    skip listen "$host is not this machine: run ss -ltn on the server itself"
    return
  fi
  need ss iproute2
  # Local addresses of the listening TCP sockets on our port. ss prints IPv6 as [addr]:port and may
  # add %interface; the filter is done here because ss filter expressions do not work everywhere.
  local -a on_port=()
  mapfile -t on_port < <(ss -ltnH | awk -v port="$port" '{
    addr = $4; n = split(addr, parts, ":"); if (parts[n] != port) next
    sub(":" port "$", "", addr); gsub(/^\[|\]$/, "", addr); sub(/%.*/, "", addr); print addr }' | sort -u)
  if ((${#on_port[@]} == 0)); then
    fail listen "nothing listens on TCP port $port on this machine (ss -ltn)" \
      "is the service running, and on which port? systemctl status todo-api; journalctl -u todo-api -n 50; sudo ss -ltnp"
  fi
  local served=() unserved=() listen hit
  for target in "${addresses[@]}"; do
    hit=""
    for listen in "${on_port[@]}"; do
      if listener_serves "$listen" "$target"; then hit=yes; fi
    done
    if [[ -n "$hit" ]]; then served+=("$target"); else unserved+=("$target"); fi
  done
  if ((${#served[@]} == 0)); then
    fail listen "port $port listens on ${on_port[*]} only, not on ${addresses[*]}" \
      "the service binds another address: HOST=0.0.0.0 listens on every IPv4 address, HOST=127.0.0.1 on loopback only"
  fi
  local note=""
  if ((${#unserved[@]} > 0)); then note="; nothing for ${unserved[*]}, a client that tries it first must fall back"; fi
  ok listen "a socket listens on ${on_port[*]} port $port (ss -ltn)$note"
}

# One request with curl; its timing shows where the time went. Then TCP, TLS and HTTP are judged
# from its exit code (man curl, EXIT CODES) and the timings.
check_request() {
  need curl curl
  work_dir="$(mktemp -d "${TMPDIR:-/tmp}/diagnose.XXXXXX")"
  local format='%{time_namelookup} %{time_connect} %{time_appconnect} %{time_starttransfer} %{time_total} %{http_code} %{remote_ip}'
  local -a args=(--silent --show-error --output /dev/null --connect-timeout "$connect_timeout" --max-time "$timeout" --write-out "$format")
  if [[ -n "$cacert" ]]; then args+=(--cacert "$cacert"); fi
  local out status=0 err t_dns t_connect t_tls t_first t_total code remote_ip
  out="$(curl "${args[@]}" "$url" 2>"$work_dir/stderr")" || status=$?
  err="$(head -n 1 "$work_dir/stderr")"
  read -r t_dns t_connect t_tls t_first t_total code remote_ip <<<"$out"
  local timing="namelookup $t_dns  connect $t_connect  appconnect $t_tls  starttransfer $t_first  total $t_total (seconds)"

  # curl's exit codes for TLS failures (man curl, EXIT CODES): TCP worked if one of these is the result.
  local tls_error=""
  case "$status" in 35 | 51 | 53 | 54 | 58 | 59 | 60 | 64 | 66 | 77 | 80 | 82 | 83 | 90 | 91 | 98) tls_error=yes ;; esac

  # TCP. curl reports a connect time of zero when the handshake never completed, but also when a
  # later step (TLS) failed, so the exit code decides.
  case "$status" in
    7) fail tcp "connection refused or unreachable: $err" \
      "on the server: sudo ss -ltnp (right port? right address?), then its firewall rules" ;;
    6) fail tcp "curl could not resolve $host: $err" \
      "compare getent ahosts $host with curl -v: a proxy variable such as https_proxy may be in the way" ;;
    28) if [[ "$t_connect" == 0.000000 ]]; then
      fail tcp "no answer to the TCP handshake within ${connect_timeout}s: $err" \
        "packets are dropped on the way: a firewall, security group or network policy, or a wrong address"
    fi ;;
  esac
  if [[ "$t_connect" != 0.000000 ]]; then
    ok tcp "connected to ${remote_ip:-$host}:$port in ${t_connect}s"
  elif [[ -n "$tls_error" ]]; then
    ok tcp "connected to ${remote_ip:-$host}:$port"
  else
    fail tcp "curl exit $status: $err" "run curl -v $url and read the lines starting with *"
  fi

  if [[ "$scheme" == https ]]; then
    local sni=" -servername $host"
    if is_ip "$host"; then sni=""; fi
    if [[ "$status" == 60 ]]; then
      fail tls "the server's certificate is not accepted: $err" \
        "see what it sends: openssl s_client -connect $connect_host:$port$sni -showcerts; \"unable to get local issuer certificate\" means a missing intermediate or an unknown CA"
    elif [[ -n "$tls_error" ]]; then
      fail tls "the TLS handshake failed: $err" \
        "openssl s_client -connect $connect_host:$port$sni shows the handshake; \"wrong version number\" means the port speaks plain HTTP"
    elif [[ "$status" == 28 && "$t_tls" == 0.000000 ]]; then
      fail tls "the TLS handshake did not finish within ${connect_timeout}s: $err" \
        "TCP works but nothing answers the handshake: is the program stuck, and is this a TLS port at all?"
    fi
    ok tls "handshake done after ${t_tls}s, certificate verified for $host"
  fi

  case "$status" in
    0) ;;
    28) fail http "connected, but no complete answer within ${timeout}s (read timeout); $timing" \
      "TCP works but the program does not answer: stuck, overloaded or waiting on a slow dependency? journalctl -u todo-api, then sudo strace -f -p PID shows what it waits for" ;;
    52) fail http "the server closed the connection without answering: $err" \
      "a crash mid-request (check its logs), or plain HTTP sent to a TLS port" ;;
    56) fail http "the connection broke while reading the answer: $err" \
      "a reset from the server or a proxy: its logs, and idle and keep-alive timeouts on the way" ;;
    *) fail http "curl exit $status: $err" "run curl -v $url and read the lines starting with *" ;;
  esac
  case "$code" in
    2?? | 3??) ok http "HTTP $code from $url" ;;
    502) fail http "HTTP 502 Bad Gateway: a proxy got no valid answer from its backend; $timing" \
      "backend down or on another port, or it closed an idle keep-alive connection the proxy reused: its keep-alive timeout must be longer than the proxy's idle timeout" ;;
    503) fail http "HTTP 503 Service Unavailable; $timing" \
      "no ready backend behind the proxy, or the service reports not ready: curl its /readyz, read its logs" ;;
    504) fail http "HTTP 504 Gateway Timeout; $timing" \
      "the backend answered slower than the proxy's timeout: find the slow call with the timing, logs and traces" ;;
    4??) fail http "HTTP $code: the server refuses this request" \
      "check the path, the Host name and the credentials: curl -v $url" ;;
    *) fail http "HTTP $code; $timing" "the application failed: read its logs around this request" ;;
  esac
  say "" timing "$timing"
}

check_certificate() {
  need openssl openssl
  local -a args=(-connect "$connect_host:$port")
  # SNI carries a host name, never an IP address.
  if ! is_ip "$host"; then args+=(-servername "$host"); fi
  local chain
  chain="$(timeout "$timeout" openssl s_client "${args[@]}" -showcerts </dev/null 2>/dev/null)" || true
  local sent subject issuer end
  sent="$(grep -c -- '-----BEGIN CERTIFICATE-----' <<<"$chain" || true)"
  ((sent > 0)) || fail cert "openssl s_client got no certificate from $host:$port" \
    "openssl s_client -connect $connect_host:$port ${args[*]:2} prints the whole handshake"
  subject="$(openssl x509 -noout -subject -nameopt oneline <<<"$chain" | sed 's/^subject=//')"
  issuer="$(openssl x509 -noout -issuer -nameopt oneline <<<"$chain" | sed 's/^issuer=//')"
  ok cert "subject $subject; issuer $issuer; the server sent $sent certificate(s)"

  end="$(openssl x509 -noout -enddate <<<"$chain" | sed 's/^notAfter=//')"
  local left=$((($(date -d "$end" +%s) - $(date +%s)) / 86400))
  if ! openssl x509 -noout -checkend 0 <<<"$chain" >/dev/null; then
    fail expiry "expired on $end" "renew it now, then find out why renewal did not happen (certbot or cert-manager logs)"
  elif ! openssl x509 -noout -checkend $((min_days * 86400)) <<<"$chain" >/dev/null; then
    fail expiry "expires $end, in $left days: less than --min-days $min_days" \
      "renew it now, then find out why automatic renewal has not (certbot or cert-manager logs)"
  fi
  ok expiry "valid until $end, $left days left"
}

main() {
  while (($# > 0)); do
    case "$1" in
      --cacert) cacert="${2:-}"; shift 2 || usage_error "--cacert needs a file" ;;
      --connect-timeout) connect_timeout="${2:-}"; shift 2 || usage_error "--connect-timeout needs seconds" ;;
      --timeout) timeout="${2:-}"; shift 2 || usage_error "--timeout needs seconds" ;;
      --min-days) min_days="${2:-}"; shift 2 || usage_error "--min-days needs a number" ;;
      -h | --help) usage; exit 0 ;;
      -*) usage_error "unknown option: $1" ;;
      *) break ;;
    esac
  done
  (($# == 1)) || usage_error "give exactly one URL"
  for number in "$connect_timeout" "$timeout" "$min_days"; do
    [[ "$number" =~ ^[0-9]+$ ]] || usage_error "timeouts and --min-days are whole numbers, not \"$number\""
  done
  if [[ -n "$cacert" && ! -r "$cacert" ]]; then usage_error "cannot read the CA file $cacert"; fi
  need getent libc-bin
  need timeout coreutils

  url="$1"
  [[ "$url" =~ ^(https?)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:([0-9]+))?([/?#].*)?$ ]] ||
    usage_error "not an http:// or https:// URL: $url"
  scheme="${BASH_REMATCH[1]}"
  connect_host="${BASH_REMATCH[2]}"
  host="${connect_host#[}"
  host="${host%]}"
  port="${BASH_REMATCH[4]}"
  if [[ -z "$port" ]]; then
    if [[ "$scheme" == https ]]; then port=443; else port=80; fi
  fi

  check_dns
  check_listen
  check_request
  if [[ "$scheme" == https ]]; then check_certificate; fi
  printf 'PASS  all checks passed for %s\n' "$url"
}

main "$@"
