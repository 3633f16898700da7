# The AWS provider, pointed at LocalStack, the same way as in ../iac/main.tf.
provider "aws" {
  region = var.region

  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true

  endpoints {
    ec2 = var.localstack_endpoint
    sts = var.localstack_endpoint
  }

  # Tags the provider adds to every resource that supports tags, so no resource leaves this
  # configuration without an owner. Cost reports group spending by these keys once they are
  # activated as cost allocation tags in the billing console. A tag set on a resource itself
  # (Name, tier) is merged in; on the same key, the resource's value wins.
  default_tags {
    tags = {
      team        = var.team
      service     = var.service
      environment = var.environment
      cost-center = var.cost_center
      managed-by  = "terraform"
    }
  }
}
