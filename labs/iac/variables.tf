# Inputs of the root module. When a variable is set in several places, the later one wins:
#   default below < TF_VAR_<name> in the environment < terraform.tfvars and *.auto.tfvars
#   < -var and -var-file on the command line, in the order you give them.
# The lab passes -var-file=dev.tfvars and sets the token with TF_VAR_api_token.

variable "region" {
  description = "AWS region. LocalStack accepts any valid name."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "The region must look like \"us-east-1\" or \"eu-central-2\"."
  }
}

variable "environment" {
  description = "Deployment environment; part of every name and tag."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be one of dev, staging or prod."
  }
}

variable "service_name" {
  description = "The service these resources belong to."
  type        = string
  default     = "todo-api"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.service_name))
    error_message = "Use 2 to 20 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "localstack_endpoint" {
  description = "Where the emulated AWS APIs listen. Only this lab needs it; real AWS needs no endpoints."
  type        = string
  default     = "http://localhost:4566"
}

# An object type with optional attributes: callers set only what differs from the defaults.
variable "exports" {
  description = "Settings of the bucket that holds the to-do service's exports."
  type = object({
    force_destroy = optional(bool, false)
    kms_key_arn   = optional(string)
  })
  default = {}
}

variable "extra_tags" {
  description = "Tags added to every resource, on top of service, environment and managed-by."
  type        = map(string)
  default     = {}
}

# The to-do service's API_TOKEN. No default, so Terraform refuses to run without it.
#   sensitive: Terraform prints (sensitive value) instead of the value in plans and outputs.
#   ephemeral: Terraform never writes it to a plan file or to state (Terraform 1.10 and later);
#              it can only flow into write-only arguments such as value_wo in main.tf.
# Set it in the environment: export TF_VAR_api_token=...
variable "api_token" {
  description = "Bearer token the to-do API requires for POST and DELETE."
  type        = string
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = length(var.api_token) >= 32
    error_message = "The token must be at least 32 characters long."
  }
}

variable "api_token_version" {
  description = "Raise this number to push a new api_token value: write-only arguments are only sent when it changes."
  type        = number
  default     = 1
}
