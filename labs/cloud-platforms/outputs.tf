output "vpc_id" {
  value = aws_vpc.this.id
}

output "availability_zones" {
  description = "Zone names are per account (your us-east-1a is not mine); zone IDs are the same everywhere."
  value       = zipmap(local.azs, slice(data.aws_availability_zones.available.zone_ids, 0, var.az_count))
}

output "public_subnet_ids" {
  value = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "lb_security_group_id" {
  value = aws_security_group.lb.id
}

output "app_security_group_id" {
  value = aws_security_group.app.id
}

output "nat_gateway_count" {
  description = "Each NAT gateway is billed per hour and per GB processed."
  value       = local.nat_count
}
