resource "google_storage_bucket" "bundles" {
  project                     = local.project_id
  name                        = "${var.project_id}-${var.prefix}-bundles"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "google_artifact_registry_repository" "functions" {
  project       = local.project_id
  location      = var.region
  repository_id = "${var.prefix}-functions"
  format        = "DOCKER"
  description   = "Images Cloud Build makes from the function bundles."
}

# Builds run as this account: new projects' default build identity lacks these roles.
resource "google_service_account" "build" {
  project      = local.project_id
  account_id   = "${var.prefix}-build"
  display_name = "${var.prefix} function builds"
}

resource "google_project_iam_member" "build" {
  # Object access reaches the staging bucket Cloud Functions copies each source to, which it names itself.
  for_each = toset(["roles/logging.logWriter", "roles/storage.objectAdmin"])
  project  = local.project_id
  role     = each.key
  member   = google_service_account.build.member
}

resource "google_artifact_registry_repository_iam_member" "build" {
  project    = local.project_id
  location   = var.region
  repository = google_artifact_registry_repository.functions.name
  role       = "roles/artifactregistry.writer"
  member     = google_service_account.build.member
}

locals {
  # Referencing this makes a function wait for the build account's grants, not only for the account.
  build = {
    service_account   = google_service_account.build.id
    docker_repository = google_artifact_registry_repository.functions.id
    granted           = concat([for m in google_project_iam_member.build : m.id], [google_artifact_registry_repository_iam_member.build.id])
  }
}
