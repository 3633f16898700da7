#!/usr/bin/env bash
# Drift check for a scheduled CI job: did anyone change the real infrastructure outside Terraform?
#   ./drift-check.sh [var-file]       (default var-file: dev.tfvars)
# Exit codes, as CI reads them:
#   0  no drift
#   2  drift found; the refresh-only plan is printed
#   1  the check itself failed (no credentials, provider error, ...)
# A refresh-only plan compares state with reality and nothing else, so an approved but not yet
# applied change in the code does not count as drift. -lock=false: it only reads, so it must not
# block a colleague's apply.
set -euo pipefail

var_file="${1:-dev.tfvars}"
plan_output="$(mktemp)"
trap 'rm -f "$plan_output"' EXIT

status=0
terraform plan -refresh-only -detailed-exitcode -input=false -lock=false -no-color \
  -var-file="$var_file" >"$plan_output" 2>&1 || status=$?

case "$status" in
  0)
    echo "No drift: the real resources match the state."
    ;;
  2)
    echo "Drift detected. Changes made outside Terraform:"
    cat "$plan_output"
    ;;
  *)
    echo "The drift check failed (exit code $status):" >&2
    cat "$plan_output" >&2
    status=1
    ;;
esac

exit "$status"
