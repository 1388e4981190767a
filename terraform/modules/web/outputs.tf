output "backend_bucket" {
  description = "The backend bucket serving the app (modules/https-entry `web.backend_bucket`)."
  value       = google_compute_backend_bucket.web.id
}

output "root_files" {
  description = "Paths of the files at the top of the app (`/index.html`, `/config.json`, ...): served as they are; other paths outside /assets/ get index.html."
  value       = [for f in local.root_files : "/${f}"]
}

output "bucket" {
  description = "The bucket holding the app's files."
  value       = google_storage_bucket.web.name
}
