# Outputs are the root module's return values: printed after apply, read with
# `terraform output`, and the way CI scripts or other configurations learn names and ARNs.

output "exports_bucket_name" {
  description = "Name of the exports bucket; the to-do service would read it as EXPORTS_BUCKET."
  value       = module.exports.name
}

output "exports_bucket_arn" {
  description = "ARN of the exports bucket, for IAM policies."
  value       = module.exports.arn
}

output "api_token_parameter" {
  description = "SSM parameter that holds the API token (the name, not the value)."
  value       = aws_ssm_parameter.api_token.name
}

output "account_id" {
  description = "The account Terraform talked to: 000000000000 means LocalStack."
  value       = data.aws_caller_identity.current.account_id
}
