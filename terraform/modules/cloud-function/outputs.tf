output "name" {
  description = "Function name (`<prefix>-<name>`)."
  value       = google_cloudfunctions2_function.function.name
}

output "service" {
  description = "Name of the Cloud Run service behind the function (serverless NEG target)."
  value       = local.service
}

output "uri" {
  description = "Cloud Run URL of the function: push endpoint base and OIDC audience."
  value       = google_cloudfunctions2_function.function.service_config[0].uri
}

output "url" {
  description = "cloudfunctions.net URL of the function."
  value       = google_cloudfunctions2_function.function.url
}
