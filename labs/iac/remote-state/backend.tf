# Step two of the lab: copy this file into the root module (labs/iac) to move the state from
# the local terraform.tfstate file into an S3 bucket:
#   cp remote-state/backend.tf backend.tf
#   terraform init -migrate-state -backend-config=remote-state/backend.hcl
#
# The block stays empty on purpose (a "partial configuration"): backend blocks cannot use
# variables, so the settings that differ per environment live in a file passed to init.
terraform {
  backend "s3" {}
}
