resource "google_compute_global_address" "entry" {
  project = var.project_id
  name    = "${var.prefix}-entry"
}

# Named after the domain so a new domain gets a new certificate before the old one goes.
resource "google_compute_managed_ssl_certificate" "entry" {
  project = var.project_id
  name    = "${var.prefix}-${substr(sha1(var.domain), 0, 8)}"

  managed {
    domains = [var.domain]
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "google_compute_target_https_proxy" "entry" {
  project          = var.project_id
  name             = "${var.prefix}-https"
  url_map          = google_compute_url_map.https.id
  ssl_certificates = [google_compute_managed_ssl_certificate.entry.id]
}

resource "google_compute_global_forwarding_rule" "https" {
  project               = var.project_id
  name                  = "${var.prefix}-https"
  target                = google_compute_target_https_proxy.entry.id
  ip_address            = google_compute_global_address.entry.id
  port_range            = "443"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}

resource "google_compute_target_http_proxy" "redirect" {
  project = var.project_id
  name    = "${var.prefix}-http"
  url_map = google_compute_url_map.redirect.id
}

resource "google_compute_global_forwarding_rule" "http" {
  project               = var.project_id
  name                  = "${var.prefix}-http"
  target                = google_compute_target_http_proxy.redirect.id
  ip_address            = google_compute_global_address.entry.id
  port_range            = "80"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}
