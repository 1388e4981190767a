# Secrets without versions: values are added out of band (README), so they never pass through Terraform state.
resource "google_secret_manager_secret" "secret" {
  for_each  = var.names
  project   = var.project_id
  secret_id = "${each.key}-${var.suffix}"

  replication {
    auto {}
  }
}
