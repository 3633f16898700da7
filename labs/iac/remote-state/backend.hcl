# Settings of the S3 backend for the lab, passed with
#   terraform init -backend-config=remote-state/backend.hcl
# A real project has one such file per environment, without the LocalStack lines at the bottom
# and without keys: the backend takes credentials from the environment or your SSO session.

# The state bucket exists before Terraform runs (you create it by hand in the lab). Turn on
# versioning there: every state write then keeps the previous state as a version.
bucket = "todo-tfstate-lab"
key    = "iac-lab/terraform.tfstate"
region = "us-east-1"

# S3 native locking (Terraform 1.10 experimental, generally available since 1.11): while a run
# holds the lock, an object named <key>.tflock exists next to the state, written with an S3
# conditional write that fails if the object already exists. The DynamoDB table that older
# setups use (dynamodb_table) is deprecated.
use_lockfile = true

# Server-side encryption of the state object.
encrypt = true

# LocalStack only: path-style URLs, the emulator's endpoint, dummy keys, no identity checks.
use_path_style              = true
endpoints                   = { s3 = "http://localhost:4566" }
access_key                  = "test"
secret_key                  = "test"
skip_credentials_validation = true
skip_requesting_account_id  = true
skip_metadata_api_check     = true
