resource "google_bigquery_dataset" "central" {
  project                    = var.project_id
  dataset_id                 = var.dataset_id
  location                   = var.location
  description                = "CloudAct central dataset; tables are created by POST /api/v1/admin/bootstrap."
  delete_contents_on_destroy = false
}
