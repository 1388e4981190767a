output "load_balancer_ip" {
  description = "Point the domain's A record here; the managed certificate becomes active once it resolves."
  value       = module.platform.load_balancer_ip
}

output "api_url" {
  description = "Base URL of the API."
  value       = module.platform.api_url
}

output "routes" {
  description = "Path prefix => HTTP function."
  value       = module.platform.routes
}

output "function_urls" {
  description = "Direct URL of every function (reachable only through the load balancer or the function's trigger)."
  value       = module.platform.function_urls
}

output "secrets" {
  description = "Secret Manager ids waiting for their values."
  value       = module.platform.secrets
}

output "dead_letter_subscription" {
  description = "Subscription retaining dead-lettered step messages."
  value       = module.platform.dead_letter_subscription
}
