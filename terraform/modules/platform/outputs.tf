output "load_balancer_ip" {
  description = "Address of the HTTPS entry: the A record of the domain."
  value       = module.https_entry.ip_address
}

output "api_url" {
  description = "Base URL of the API."
  value       = "https://${var.domain}"
}

output "app_url" {
  description = "The web app: every path the API does not own."
  value       = "https://${var.domain}/"
}

output "web_bucket" {
  description = "Bucket holding the web app's files (uploaded by apply from web/dist)."
  value       = module.web.bucket
}

output "routes" {
  description = "Path prefix or template (`*` = one segment) => HTTP function."
  value       = module.https_entry.routes
}

output "function_urls" {
  description = "Direct URL of every function. HTTP functions answer there only through the load balancer (ingress); Pub/Sub functions only to their trigger."
  value       = { for name, f in module.function : name => f.url }
}

output "service_accounts" {
  description = "Runtime service account of every function."
  value       = { for name, sa in google_service_account.function : name => sa.email }
}

output "topics" {
  description = "Pub/Sub topic ids by name."
  value       = module.pubsub.topic_ids
}

output "dead_letter_subscription" {
  description = "Subscription retaining dead-lettered step messages."
  value       = module.pubsub.dead_letter_subscription
}

output "scheduler_jobs" {
  description = "Cloud Scheduler job ids by job function."
  value       = module.scheduler.jobs
}

output "kms_key" {
  description = "KMS_KEY_NAME of the functions."
  value       = module.kms.key_id
}

output "secrets" {
  description = "Secret Manager ids to add versions to (`gcloud secrets versions add <id> --data-file=-`)."
  value       = module.secrets.ids
}
