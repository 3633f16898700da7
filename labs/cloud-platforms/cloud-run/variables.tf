variable "project_id" {
  description = "The Google Cloud project to deploy into: a sandbox project of your own, with billing enabled."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "A project ID has 6 to 30 lower-case letters, digits and hyphens, and starts with a letter."
  }
}

variable "region" {
  description = "Region for Cloud Run and the repository. The free tier is counted at the prices of tier 1 regions such as this one."
  type        = string
  default     = "us-central1"
}

variable "github_owner" {
  description = "Your GitHub user or organization, lower case: the image is ghcr.io/<owner>/todo-api."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]*$", var.github_owner))
    error_message = "Use the owner in lower case, as in the image name: ghcr.io/<owner>/todo-api."
  }
}

variable "image_digest" {
  description = "Digest of the image the CI/CD chapter's publish job pushed and attested: sha256:<64 hex characters>."
  type        = string

  validation {
    condition     = can(regex("^sha256:[0-9a-f]{64}$", var.image_digest))
    error_message = "Deploy by digest: sha256: followed by 64 lower-case hex characters. A tag can be moved; a digest cannot."
  }
}

variable "alert_email" {
  description = "Who gets the alert e-mails."
  type        = string

  validation {
    condition     = can(regex("^[^@ ]+@[^@ ]+$", var.alert_email))
    error_message = "Give an e-mail address."
  }
}

variable "max_todos" {
  description = "MAX_TODOS for the service: the store answers 507 when full. Small in this lab so you can fill it on purpose."
  type        = number
  default     = 50

  validation {
    condition     = var.max_todos >= 1 && var.max_todos <= 10000
    error_message = "Use 1 to 10000 items."
  }
}

variable "error_ratio_threshold" {
  description = "Share of requests failing with 5xx over 5 minutes above which the alert fires."
  type        = number
  default     = 0.05

  validation {
    condition     = var.error_ratio_threshold > 0 && var.error_ratio_threshold < 1
    error_message = "A share between 0 and 1, such as 0.05 for 5 %."
  }
}
