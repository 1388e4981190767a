locals {
  paths     = { for name, b in var.backends : name => flatten([for p in b.prefixes : [p, "${p}/*"]]) }
  all_paths = flatten(values(local.paths))
}

resource "google_compute_url_map" "https" {
  project         = var.project_id
  name            = "${var.prefix}-https"
  default_service = google_compute_backend_service.function[var.default_backend].id

  host_rule {
    hosts        = ["*"]
    path_matcher = "functions"
  }

  path_matcher {
    name            = "functions"
    default_service = google_compute_backend_service.function[var.default_backend].id

    dynamic "path_rule" {
      for_each = local.paths
      content {
        paths   = path_rule.value
        service = google_compute_backend_service.function[path_rule.key].id
      }
    }
  }

  lifecycle {
    precondition {
      condition     = length(local.all_paths) == length(distinct(local.all_paths))
      error_message = "Two functions claim the same path prefix."
    }
    precondition {
      condition     = contains(keys(var.backends), var.default_backend)
      error_message = "default_backend must be one of the backends."
    }
  }
}

resource "google_compute_url_map" "redirect" {
  project = var.project_id
  name    = "${var.prefix}-http-redirect"

  default_url_redirect {
    https_redirect         = true
    redirect_response_code = "MOVED_PERMANENTLY_DEFAULT"
    strip_query            = false
  }
}
