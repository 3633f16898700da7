#!/usr/bin/env bash
# Creates a monthly AWS cost budget with email alerts in the account your credentials point at.
# Run it in a new sandbox account before you create anything else there.
#
#   AWS_PROFILE=sandbox ./sandbox-budget.sh --email you@example.com
#   AWS_PROFILE=sandbox ./sandbox-budget.sh --email you@example.com --amount 20
#   AWS_PROFILE=sandbox ./sandbox-budget.sh --delete
#
# Reads budget.json and notifications.json next to this script, with your amount and address
# filled in. Safe to run twice: a budget that already exists is left alone. Asks you to type the
# account ID before it changes anything, unless you pass --yes.
#
# Exit codes: 0 done or nothing to do, 1 an AWS call failed, 2 wrong usage or a missing tool.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
# AWS Budgets has one endpoint for the whole commercial partition, in us-east-1.
readonly BUDGETS_REGION=us-east-1
# The CLI pipes long output through a pager by default; a script must never wait on one.
export AWS_PAGER=""

email=""
amount=""
assume_yes=false
delete=false
tmp_dir=""

log() { printf 'sandbox-budget: %s\n' "$*" >&2; }
die() {
  local code="$1"
  shift
  log "error: $*"
  exit "$code"
}
usage() { sed -n '2,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

# shellcheck disable=SC2317,SC2329  # called by the trap below
cleanup() {
  if [[ -n "$tmp_dir" ]]; then rm -rf -- "$tmp_dir"; fi
}
trap cleanup EXIT

# Prints 1 if the account has a budget with this name, 0 if not. An account without any budget
# returns no Budgets list at all, hence the `|| []`.
budget_count() {
  aws budgets describe-budgets --region "$BUDGETS_REGION" --account-id "$1" \
    --query "length((Budgets || [])[?BudgetName=='$2'])" --output text
}

confirm() {
  local account="$1" answer
  if [[ "$assume_yes" == true ]]; then return 0; fi
  [[ -t 0 ]] || die 2 "not a terminal: pass --yes to run without the confirmation prompt"
  read -r -p "Type the account ID ($account) to continue: " answer
  [[ "$answer" == "$account" ]] || die 2 "you typed '$answer', not $account: nothing changed"
}

main() {
  while (($# > 0)); do
    case "$1" in
      --email) email="${2:?--email needs an address}"; shift 2 ;;
      --amount) amount="${2:?--amount needs a number of US dollars}"; shift 2 ;;
      --yes) assume_yes=true; shift ;;
      --delete) delete=true; shift ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die 2 "unknown argument: $1" ;;
    esac
  done

  if [[ "$delete" != true ]]; then
    [[ -n "$email" ]] || die 2 "--email is required"
    # Checked strictly, because the address is also pasted into a sed replacement below.
    [[ "$email" =~ ^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$ ]] || die 2 "not an email address: $email"
    if [[ -n "$amount" && ! "$amount" =~ ^[0-9]+(\.[0-9]{1,2})?$ ]]; then
      die 2 "--amount takes US dollars such as 10 or 25.50, not '$amount'"
    fi
  fi
  command -v aws >/dev/null || die 2 "the AWS CLI is not installed (version 2 is needed)"
  [[ "$(aws --version 2>&1)" == aws-cli/2.* ]] || die 2 "AWS CLI version 2 is needed, found: $(aws --version 2>&1)"

  local budget_file="$SCRIPT_DIR/budget.json" notifications_file="$SCRIPT_DIR/notifications.json"
  [[ -f "$budget_file" && -f "$notifications_file" ]] || die 2 "budget.json and notifications.json must sit next to this script"
  local name
  name="$(sed -n 's/.*"BudgetName": *"\([^"]*\)".*/\1/p' "$budget_file")"
  [[ -n "$name" ]] || die 2 "no BudgetName in $budget_file"

  # Which account are these credentials for? Never change an account you have not looked at.
  local account alias
  account="$(aws sts get-caller-identity --query Account --output text)" ||
    die 1 "no valid AWS credentials: run 'aws sso login' or 'aws configure', or set AWS_PROFILE"
  alias="$(aws iam list-account-aliases --query 'AccountAliases[0]' --output text 2>/dev/null || echo unknown)"
  log "account $account (alias: $alias), profile ${AWS_PROFILE:-default}"

  # Assigned first, so a failing call stops the script instead of reading as "no budget".
  local count
  count="$(budget_count "$account" "$name")" || die 1 "could not list the budgets (missing budgets:ViewBudget permission?)"

  if [[ "$delete" == true ]]; then
    if [[ "$count" == 0 ]]; then
      log "no budget named $name: nothing to delete"
      return 0
    fi
    confirm "$account"
    aws budgets delete-budget --region "$BUDGETS_REGION" --account-id "$account" --budget-name "$name"
    log "deleted the budget $name"
    return 0
  fi

  if [[ "$count" != 0 ]]; then
    log "a budget named $name already exists: nothing to do (use --delete first to recreate it)"
    return 0
  fi

  tmp_dir="$(mktemp -d "${TMPDIR:-/tmp}/sandbox-budget.XXXXXX")"
  if [[ -n "$amount" ]]; then
    sed "s/\"Amount\": *\"[^\"]*\"/\"Amount\": \"$amount\"/" "$budget_file" >"$tmp_dir/budget.json"
  else
    cp "$budget_file" "$tmp_dir/budget.json"
  fi
  sed "s/you@example\.com/$email/g" "$notifications_file" >"$tmp_dir/notifications.json"

  local limit
  limit="$(sed -n 's/.*"Amount": *"\([^"]*\)".*/\1/p' "$tmp_dir/budget.json")"
  log "creating the budget $name: $limit USD a month, alerts to $email"
  confirm "$account"
  aws budgets create-budget --region "$BUDGETS_REGION" --account-id "$account" \
    --budget "file://$tmp_dir/budget.json" \
    --notifications-with-subscribers "file://$tmp_dir/notifications.json"

  aws budgets describe-budget --region "$BUDGETS_REGION" --account-id "$account" --budget-name "$name" \
    --query 'Budget.{name: BudgetName, limit: BudgetLimit.Amount, unit: BudgetLimit.Unit, period: TimeUnit}' \
    --output table
  log "done: expect an email when actual spend passes 50% and 100% of $limit USD, or the forecast passes 100%"
}

main "$@"
