variable "region" {
  description = "AWS region."
  type        = string
  default     = "us-east-1"
}

variable "localstack_endpoint" {
  description = "Where the emulated AWS APIs listen."
  type        = string
  default     = "http://localhost:4566"
}

# The four tags every resource gets through default_tags in providers.tf.
variable "team" {
  description = "Team that owns the resources and answers for their cost."
  type        = string
  default     = "platform"
}

variable "service" {
  description = "Service the resources belong to."
  type        = string
  default     = "todo-api"
}

variable "environment" {
  description = "Deployment environment."
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be one of dev, staging or prod."
  }
}

variable "cost_center" {
  description = "Finance's cost center code, for charge-back."
  type        = string
  default     = "CC-1234"

  validation {
    condition     = can(regex("^CC-[0-9]{4}$", var.cost_center))
    error_message = "A cost center looks like CC-1234."
  }
}

variable "vpc_cidr" {
  description = "Address range of the VPC, a /16 to /20 private range."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    # try() instead of a bare index: && does not short-circuit, so a value without "/" would
    # otherwise fail with an index error before this message could show.
    condition = (
      can(cidrnetmask(var.vpc_cidr)) &&
      contains(range(16, 21), try(tonumber(split("/", var.vpc_cidr)[1]), 0))
    )
    error_message = "Use an IPv4 CIDR block from /16 to /20, e.g. 10.20.0.0/16."
  }
}

variable "az_count" {
  description = "Number of availability zones to spread the subnets over."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 3
    error_message = "Use 2 or 3 availability zones: one is not highly available."
  }
}

# NAT gateways let private subnets reach the internet. Each one costs money every hour it exists,
# plus a charge per GB it processes, so the default is none.
#   none:   private subnets reach AWS services only through VPC endpoints
#   single: one NAT gateway for all zones (cheaper; that zone going down cuts everyone's egress)
#   per_az: one per zone (resilient; cost multiplied by the number of zones)
variable "nat_gateway_mode" {
  description = "none, single or per_az."
  type        = string
  default     = "none"

  validation {
    condition     = contains(["none", "single", "per_az"], var.nat_gateway_mode)
    error_message = "The NAT gateway mode must be none, single or per_az."
  }
}

variable "app_port" {
  description = "Port the to-do service listens on (its PORT setting)."
  type        = number
  default     = 8080
}
