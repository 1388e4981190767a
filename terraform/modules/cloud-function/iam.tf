locals {
  # A gen2 function runs as the Cloud Run service of the same name; invocation is granted on that service: to the
  # trigger account (Pub/Sub functions) and, for a public function, to everyone.
  service = reverse(split("/", google_cloudfunctions2_function.function.service_config[0].service))[0]
  invokers = merge(
    local.http ? {} : { trigger = "serviceAccount:${var.trigger.service_account}" },
    var.public ? { public = "allUsers" } : {},
  )
}

resource "google_cloud_run_v2_service_iam_member" "invoker" {
  for_each = local.invokers
  project  = var.project_id
  location = var.region
  name     = local.service
  role     = "roles/run.invoker"
  member   = each.value
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
