output "dataset_id" {
  description = "The central dataset."
  value       = google_bigquery_dataset.central.dataset_id
}

output "role" {
  description = "The custom warehouse role."
  value       = google_project_iam_custom_role.warehouse.id
}
