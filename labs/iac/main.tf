# Root module of the Infrastructure as Code lab: an exports bucket for the to-do service, built
# by the local module in modules/app-bucket, and the service's API token in SSM Parameter Store.

# The AWS provider, pointed at LocalStack. Against a real account you delete everything from
# access_key down: credentials then come from your SSO session or the environment, and the
# provider talks to the real AWS endpoints.
provider "aws" {
  region = var.region

  # Dummy keys: LocalStack accepts any. Never write real keys into a .tf file.
  access_key = "test"
  secret_key = "test"

  # No real STS, IAM or EC2 metadata service to ask who you are.
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true

  # http://localhost:4566/bucket-name instead of http://bucket-name.localhost:4566.
  s3_use_path_style = true

  endpoints {
    s3  = var.localstack_endpoint
    ssm = var.localstack_endpoint
    sts = var.localstack_endpoint
  }
}

# A data source reads something that exists already; Terraform never creates or deletes it.
# On LocalStack the account ID is always 000000000000.
data "aws_caller_identity" "current" {}

# Locals are named expressions, computed once and reused: no input, no output, just less repetition.
locals {
  name_prefix = "${var.service_name}-${var.environment}"

  tags = merge(var.extra_tags, {
    service     = var.service_name
    environment = var.environment
    managed-by  = "terraform"
  })
}

# A module call: the same bucket setup, reusable for every service and environment.
module "exports" {
  source = "./modules/app-bucket"

  # Bucket names are global across all AWS accounts; the account ID makes yours unique.
  name          = "${local.name_prefix}-exports-${data.aws_caller_identity.current.account_id}"
  force_destroy = var.exports.force_destroy
  kms_key_arn   = var.exports.kms_key_arn
  tags          = merge(local.tags, { purpose = "todo-exports" })
}

# The token the to-do API reads as API_TOKEN, kept in SSM Parameter Store (encrypted with KMS).
# value_wo is a write-only argument: the provider sends the value to AWS and never stores it in
# state. It is only sent again when value_wo_version changes.
resource "aws_ssm_parameter" "api_token" {
  name        = "/${var.service_name}/${var.environment}/api-token"
  description = "Bearer token the to-do API requires for POST and DELETE (API_TOKEN)."
  type        = "SecureString"

  value_wo         = var.api_token
  value_wo_version = var.api_token_version

  tags = local.tags
}
