# REAL AWS ACCOUNT ONLY. This root module has no LocalStack endpoints: it creates an AWS Budgets
# budget in the account your credentials belong to. LocalStack does not emulate AWS Budgets.
# A budget with e-mail notifications costs nothing; budgets with automated actions are billed
# per day beyond a small free allowance.
#
#   aws sso login --profile <your-profile>   # or any other way to get short-lived credentials
#   export AWS_PROFILE=<your-profile>
#   terraform init
#   terraform plan -var 'account_id=123456789012' -var 'alert_emails=["you@example.com"]'
#
# This budget only warns; nothing stops spending when it fires (a budget action could: see the
# chapter's cost management section). Keep it after the lab: it is your smoke alarm.

terraform {
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  # The Budgets API is global; its endpoint lives in us-east-1.
  region = "us-east-1"

  # Refuse to touch any account but the one you name: a guard against a wrong AWS_PROFILE.
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      team        = var.team
      service     = var.service
      cost-center = var.cost_center
      managed-by  = "terraform"
    }
  }
}

resource "aws_budgets_budget" "monthly" {
  name         = "${var.service}-monthly-cost"
  budget_type  = "COST"
  limit_amount = tostring(var.monthly_limit_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  # Only costs of resources tagged service=<var.service>. Works once "service" is activated as a
  # cost allocation tag (Billing console, Cost allocation tags), and only for costs from then on.
  # Leave only_tagged_service false for an account-wide budget, the right first alarm.
  dynamic "cost_filter" {
    for_each = var.only_tagged_service ? [var.service] : []
    content {
      name   = "TagKeyValue"
      values = [format("user:service$%s", cost_filter.value)]
    }
  }

  # Early warning: AWS forecasts that the month will end above the limit.
  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = var.alert_emails
  }

  # Actual spending has passed 80 % of the limit.
  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 80
    threshold_type             = "PERCENTAGE"
    notification_type          = "ACTUAL"
    subscriber_email_addresses = var.alert_emails
  }
}

output "budget_name" {
  value = aws_budgets_budget.monthly.name
}
