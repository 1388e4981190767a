output "ip_address" {
  description = "Address of the load balancer (the domain's A record)."
  value       = google_compute_global_address.entry.address
}

output "routes" {
  description = "Path prefix or template (`*` = one segment) => function, as the URL map routes them."
  value       = merge([for name, b in var.backends : { for p in concat(b.prefixes, b.templates) : p => name }]...)
}

output "security_policy" {
  description = "The Cloud Armor policy attached to every backend service (per-client-IP rate limit)."
  value       = google_compute_security_policy.entry.id
}

output "default_service" {
  description = "What answers a path no route rule matches: the web app's backend bucket, or default_backend without one."
  value       = local.default_service
}
