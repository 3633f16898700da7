# The module's inputs: its public interface. Validate them here, so a wrong value fails at
# plan time with a clear message instead of half-way through an apply.

variable "name" {
  description = "Globally unique bucket name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.name))
    error_message = "A bucket name has 3 to 63 lower-case letters, digits, dots and hyphens, and starts and ends with a letter or digit."
  }
}

variable "force_destroy" {
  description = "Delete the bucket even when it still holds objects or object versions."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for encryption at rest; null uses S3-managed keys (SSE-S3)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for the bucket."
  type        = map(string)
  default     = {}
}
