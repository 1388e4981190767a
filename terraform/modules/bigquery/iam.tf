# Per-org datasets (`{org_slug}_{env}`) are created by the application at onboarding, so no dataset-level grant
# can exist for them beforehand: access is granted at project level. Instead of roles/bigquery.dataEditor plus
# roles/bigquery.jobUser, one custom role holds exactly what the BigQuery adapter calls
# (shared/ports/warehouse/bigquery.ts): no routines, models, exports, snapshots, IAM reads or dataset deletion.
resource "google_project_iam_custom_role" "warehouse" {
  project     = var.project_id
  role_id     = "${replace(var.prefix, "-", "_")}_warehouse"
  title       = "${var.prefix} warehouse"
  description = "Create org datasets and tables, add columns, query, load and replace slices."
  permissions = [
    "bigquery.datasets.create",
    "bigquery.datasets.get",
    "bigquery.jobs.create",
    "bigquery.tables.create",
    "bigquery.tables.delete", # the staging table of replaceSlice
    "bigquery.tables.get",
    "bigquery.tables.getData",
    "bigquery.tables.list",
    "bigquery.tables.update", # additive schema changes
    "bigquery.tables.updateData",
  ]
}

resource "google_project_iam_member" "warehouse" {
  for_each = var.users
  project  = var.project_id
  role     = google_project_iam_custom_role.warehouse.id
  member   = each.value
}
