# Which Terraform and which providers this root module needs. `terraform init` reads this,
# downloads a matching provider and records its exact version and checksums in
# .terraform.lock.hcl. Commit that lock file, so CI and your colleagues get the same build.
terraform {
  # 1.11 made S3 native state locking generally available and added write-only arguments
  # (value_wo in main.tf). Stay below 2.0: a new major version may break the language.
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Any 6.x release from 6.0 on, never 7.0: a major provider version brings breaking changes
      # you upgrade to on purpose, with the upgrade guide open.
      version = "~> 6.0"
    }
  }
}
