resource "google_compute_region_network_endpoint_group" "function" {
  for_each              = var.backends
  project               = var.project_id
  region                = var.region
  name                  = "${var.prefix}-${each.key}"
  network_endpoint_type = "SERVERLESS"

  # Gen2 functions are Cloud Run services: the serverless NEG addresses them as such.
  cloud_run {
    service = each.value.service
  }
}

resource "google_compute_backend_service" "function" {
  for_each              = var.backends
  project               = var.project_id
  name                  = "${var.prefix}-${each.key}"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  security_policy       = google_compute_security_policy.entry.id

  backend {
    group = google_compute_region_network_endpoint_group.function[each.key].id
  }
}
