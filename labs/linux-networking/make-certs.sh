#!/usr/bin/env bash
# Creates a tiny test PKI for the Linux and networking lab: a root CA, an intermediate CA and a
# server certificate for localhost, signed root -> intermediate -> server, like a public CA does.
#
#   ./make-certs.sh DIR             create the files in DIR (DIR must not hold a CA already)
#   ./make-certs.sh --days 30 DIR   validity of the server certificate in days (default 30)
#
# Files written to DIR:
#   ca.crt            the root certificate: the trust anchor you give clients (--cacert, -CAfile)
#   intermediate.crt  the intermediate CA certificate, which signed the server certificate
#   server.crt        the server (leaf) certificate alone: serving only this is the classic mistake
#   fullchain.crt     server.crt followed by intermediate.crt: what a server should send
#   *.key             private keys, readable by their owner only (mode 600)
#
# For tests and labs only: these keys sit unencrypted on disk. Needs OpenSSL 1.1.1 or later.
# Exit codes: 0 created, 1 a step failed, 2 wrong usage or a missing tool.
set -euo pipefail

readonly ROOT_DAYS=365 INTERMEDIATE_DAYS=180
server_days=30

log() { printf 'make-certs: %s\n' "$*" >&2; }
usage() { sed -n '5,6s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
die() {
  local code="$1"
  shift
  log "$*"
  exit "$code"
}

# A fresh EC P-256 key: quick to make, and accepted by every current TLS client.
new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
  chmod 600 "$1"
}

# A random serial number: a CA must never give two certificates the same one (RFC 5280).
serial() { printf '0x%s' "$(openssl rand -hex 16)"; }

main() {
  while (($# > 0)); do
    case "$1" in
      --days) server_days="${2:?--days needs a number}"; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      -*) usage >&2; die 2 "unknown option: $1" ;;
      *) break ;;
    esac
  done
  (($# == 1)) || { usage >&2; die 2 "give exactly one directory"; }
  [[ "$server_days" =~ ^[1-9][0-9]*$ ]] || die 2 "--days must be a whole number of days"
  command -v openssl >/dev/null || die 2 "openssl is not installed: sudo apt-get install -y openssl"

  local dir="$1"
  # Never overwrite a CA: servers and clients may already use it.
  [[ ! -e "$dir/ca.crt" ]] || die 1 "$dir/ca.crt exists already: remove $dir or choose another directory"
  mkdir -p "$dir"
  # Files this script creates are private by default; certificates are opened up below.
  umask 077

  log "root CA: Handbook Test Root CA, valid $ROOT_DAYS days"
  new_key "$dir/ca.key"
  openssl req -x509 -new -key "$dir/ca.key" -sha256 -days "$ROOT_DAYS" -set_serial "$(serial)" \
    -subj "/O=Handbook Lab/CN=Handbook Test Root CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$dir/ca.crt"

  log "intermediate CA: Handbook Test Intermediate CA, valid $INTERMEDIATE_DAYS days"
  new_key "$dir/intermediate.key"
  openssl req -new -key "$dir/intermediate.key" -subj "/O=Handbook Lab/CN=Handbook Test Intermediate CA" \
    -out "$dir/intermediate.csr"
  cat >"$dir/intermediate.ext" <<'EOF'
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
  openssl x509 -req -in "$dir/intermediate.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
    -set_serial "$(serial)" -days "$INTERMEDIATE_DAYS" -sha256 -extfile "$dir/intermediate.ext" \
    -out "$dir/intermediate.crt" 2>/dev/null

  log "server certificate: CN=localhost, DNS:localhost, IP:127.0.0.1, IP:::1, valid $server_days days"
  new_key "$dir/server.key"
  openssl req -new -key "$dir/server.key" -subj "/CN=localhost" -out "$dir/server.csr"
  # Clients check the name against subjectAltName only; the CN is kept for people reading it.
  cat >"$dir/server.ext" <<'EOF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/intermediate.crt" -CAkey "$dir/intermediate.key" \
    -set_serial "$(serial)" -days "$server_days" -sha256 -extfile "$dir/server.ext" \
    -out "$dir/server.crt" 2>/dev/null

  # The chain a server sends: its own certificate first, then the intermediate. Not the root:
  # clients must already have it, and one sent by the server proves nothing.
  cat "$dir/server.crt" "$dir/intermediate.crt" >"$dir/fullchain.crt"
  rm -f -- "$dir"/*.csr "$dir"/*.ext
  chmod 644 "$dir"/*.crt

  # Check the result the way a client does: trust only the root, get the intermediate as untrusted.
  openssl verify -CAfile "$dir/ca.crt" -untrusted "$dir/intermediate.crt" "$dir/server.crt" >/dev/null ||
    die 1 "the new chain does not verify"
  log "ok: server.crt verifies against ca.crt through intermediate.crt"
  log "files in $dir: ca.crt intermediate.crt server.crt fullchain.crt (and their keys, mode 600)"
}

main "$@"
