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

resource "google_compute_target_http_proxy" "redirect" {
  project = var.project_id
  name    = "${var.prefix}-http"
  url_map = google_compute_url_map.redirect.id
}

# One address: 443 to the HTTPS proxy, 80 to the redirect.
resource "google_compute_global_forwarding_rule" "entry" {
  for_each = {
    https = { target = google_compute_target_https_proxy.entry.id, port = "443" }
    http  = { target = google_compute_target_http_proxy.redirect.id, port = "80" }
  }
  project               = var.project_id
  name                  = "${var.prefix}-${each.key}"
  target                = each.value.target
  ip_address            = google_compute_global_address.entry.id
  port_range            = each.value.port
  load_balancing_scheme = "EXTERNAL_MANAGED"
}
