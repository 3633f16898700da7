variable "account_id" {
  description = "The 12-digit ID of the AWS account to create the budget in."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "An AWS account ID has exactly 12 digits."
  }
}

variable "alert_emails" {
  description = "Who gets the budget e-mails."
  type        = list(string)

  validation {
    condition     = length(var.alert_emails) > 0 && alltrue([for e in var.alert_emails : can(regex("^[^@ ]+@[^@ ]+$", e))])
    error_message = "Give at least one e-mail address."
  }
}

variable "monthly_limit_usd" {
  description = "Monthly limit in US dollars."
  type        = number
  default     = 10

  validation {
    condition     = var.monthly_limit_usd > 0
    error_message = "The limit must be positive."
  }
}

variable "only_tagged_service" {
  description = "Count only costs tagged service=<service> (needs the tag activated for cost allocation)."
  type        = bool
  default     = false
}

variable "team" {
  type    = string
  default = "platform"
}

variable "service" {
  type    = string
  default = "todo-api"
}

variable "cost_center" {
  type    = string
  default = "CC-1234"
}
