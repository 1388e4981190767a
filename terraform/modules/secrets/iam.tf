# Authoritative per secret: these are the secret's only accessors.
resource "google_secret_manager_secret_iam_binding" "accessor" {
  for_each  = var.accessors
  project   = var.project_id
  secret_id = google_secret_manager_secret.secret[each.key].secret_id
  role      = "roles/secretmanager.secretAccessor"
  members   = values(each.value)
}
