# A module states the oldest versions it works with, not an exact pin: the root module that
# calls it chooses the exact provider version (see ../../versions.tf). Modules never configure
# providers themselves; they inherit the caller's.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}
