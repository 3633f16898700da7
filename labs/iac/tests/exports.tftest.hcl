# Unit tests for the root module and its bucket module: `terraform test` (Terraform 1.7 or later
# for the mock provider). The mock answers instead of AWS, so no account, no LocalStack and no
# credentials are needed: CI runs these on every pull request. Each run block plans the
# configuration with its own variables and checks the result; a failed assertion, or a
# validation that should have failed and did not, fails `terraform test`.
#   terraform init      (once, also after adding a run block with a module source)
#   terraform test

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
}

variables {
  environment = "dev"
  api_token   = "0123456789abcdef0123456789abcdef"
  extra_tags = {
    cost-center = "CC-1234"
  }
}

run "names_and_tags_follow_the_convention" {
  command = plan

  assert {
    condition     = output.exports_bucket_name == "todo-api-dev-exports-123456789012"
    error_message = "The bucket name must be <service>-<environment>-exports-<account ID>."
  }

  assert {
    condition     = aws_ssm_parameter.api_token.name == "/todo-api/dev/api-token"
    error_message = "The token parameter must be /<service>/<environment>/api-token."
  }

  assert {
    condition     = aws_ssm_parameter.api_token.type == "SecureString"
    error_message = "The API token must be stored encrypted, as a SecureString."
  }

  assert {
    condition     = aws_ssm_parameter.api_token.tags["managed-by"] == "terraform" && aws_ssm_parameter.api_token.tags["cost-center"] == "CC-1234"
    error_message = "Every resource carries the standard tags plus extra_tags."
  }
}

run "rejects_an_unknown_environment" {
  command = plan

  variables {
    environment = "test"
  }

  expect_failures = [var.environment]
}

run "rejects_a_short_token" {
  command = plan

  variables {
    api_token = "too-short"
  }

  expect_failures = [var.api_token]
}

run "the_module_makes_a_private_versioned_encrypted_bucket" {
  command = plan

  module {
    source = "./modules/app-bucket"
  }

  variables {
    name = "todo-api-dev-exports-123456789012"
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "Every public access setting must be blocked."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning keeps overwritten exports restorable."
  }

  assert {
    condition     = one([for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule : one(rule.apply_server_side_encryption_by_default).sse_algorithm]) == "AES256"
    error_message = "Without a KMS key, the bucket is encrypted with S3-managed keys."
  }
}
