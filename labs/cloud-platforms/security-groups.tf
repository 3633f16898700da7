# Two security groups, chained: the internet may reach the load balancer, and only the load
# balancer may reach the to-do service on its port. Security groups are stateful: replies to an
# allowed connection are let through without a rule of their own.
#
# Each rule is its own resource (aws_vpc_security_group_ingress_rule / _egress_rule): one rule,
# one ID, one tag set, and no fight with inline rules. When aws_security_group creates a group,
# Terraform removes the allow-all egress rule AWS adds by default, so only the rules below apply.

resource "aws_security_group" "lb" {
  name        = "${local.name}-lb"
  description = "Load balancer of the to-do service: HTTPS and HTTP from anywhere."
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${local.name}-lb" }
}

resource "aws_security_group" "app" {
  name        = "${local.name}-app"
  description = "To-do service tasks: port ${var.app_port} from the load balancer only."
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${local.name}-app" }
}

resource "aws_vpc_security_group_ingress_rule" "lb_https" {
  security_group_id = aws_security_group.lb.id
  description       = "HTTPS from the internet"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "lb_http" {
  security_group_id = aws_security_group.lb.id
  description       = "HTTP from the internet, answered with a redirect to HTTPS"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
}

# The load balancer may open connections to the app's port, and nowhere else.
resource "aws_vpc_security_group_egress_rule" "lb_to_app" {
  security_group_id            = aws_security_group.lb.id
  description                  = "Forward requests to the to-do service"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.app.id
}

# The only way in: a source security group instead of an address range. Whatever IP addresses
# the load balancer gets, today or after a scale-out, the rule follows it.
resource "aws_vpc_security_group_ingress_rule" "app_from_lb" {
  security_group_id            = aws_security_group.app.id
  description                  = "Requests from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.lb.id
}

# Outbound HTTPS, for AWS APIs (through the S3 endpoint or a NAT gateway) and external services.
# DNS queries to the VPC's own resolver are not filtered by security groups.
resource "aws_vpc_security_group_egress_rule" "app_https_out" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS to AWS APIs and external services"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
