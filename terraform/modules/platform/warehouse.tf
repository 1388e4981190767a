module "bigquery" {
  source     = "../bigquery"
  project_id = local.project_id
  location   = var.settings.bigquery_location
  prefix     = var.prefix
  users      = { for name in local.access.warehouse : name => local.members[name] }
}

# Cloud export files on their way into BigQuery (shared/ports/warehouse/bigquery-files.ts): the extract step
# streams each file here as it is stored at the provider, a load job reads it, and the step deletes it. The
# lifecycle rule removes what a step that died mid-load left behind.
resource "google_storage_bucket" "staging" {
  project                     = local.project_id
  name                        = "${var.project_id}-${var.prefix}-staging"
  location                    = var.settings.bigquery_location
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  # Staged objects are deleted after each load: soft delete would keep (and bill) them for another 7 days.
  soft_delete_policy {
    retention_duration_seconds = 0
  }

  lifecycle_rule {
    condition {
      age = 1
    }
    action {
      type = "Delete"
    }
  }
}

# The extract step writes and deletes the objects; the load jobs it starts read them with its identity.
resource "google_storage_bucket_iam_member" "staging" {
  for_each = toset(local.access.staging)
  bucket   = google_storage_bucket.staging.name
  role     = "roles/storage.objectAdmin"
  member   = local.members[each.key]
}
