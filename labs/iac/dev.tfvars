# Values for the dev environment: terraform plan -var-file=dev.tfvars
# One file per environment (dev.tfvars, prod.tfvars) keeps the code identical and the differences
# visible in review. Secrets never go here: the API token comes from TF_VAR_api_token.
environment = "dev"

exports = {
  # Lets `terraform destroy` delete the bucket with its objects and old versions inside.
  # Fine for a lab; keep the default (false) anywhere the data matters.
  force_destroy = true
}

extra_tags = {
  team        = "platform"
  cost-center = "CC-1234"
}
