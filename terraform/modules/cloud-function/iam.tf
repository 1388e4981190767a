locals {
  # A gen2 function runs as the Cloud Run service of the same name; invocation is granted on that service.
  service = reverse(split("/", google_cloudfunctions2_function.function.service_config[0].service))[0]
}

resource "google_cloud_run_v2_service_iam_member" "trigger" {
  count    = local.http ? 0 : 1
  project  = var.project_id
  location = var.region
  name     = local.service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${var.trigger.service_account}"
}

resource "google_cloud_run_v2_service_iam_member" "public" {
  count    = var.public ? 1 : 0
  project  = var.project_id
  location = var.region
  name     = local.service
  role     = "roles/run.invoker"
  member   = "allUsers"
}

data "google_project" "project" {
  count      = local.http ? 0 : 1
  project_id = var.project_id
}

# Pub/Sub signs the OIDC token of each delivery as the trigger account; projects whose Pub/Sub service agent
# predates April 2021 need this grant, later ones have it implicitly.
resource "google_service_account_iam_member" "token_creator" {
  count              = local.http ? 0 : 1
  service_account_id = "projects/${var.project_id}/serviceAccounts/${var.trigger.service_account}"
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:service-${data.google_project.project[0].number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}
