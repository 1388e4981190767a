# Cloud Armor in front of every backend: a per-client-IP rate rule at Google's edge, before any request reaches a
# function (the functions count per API key, user and IP themselves: shared/http/rate-limit.ts). An IP over the
# threshold gets 429 for as long as its rate stays above it; everything else is allowed.
resource "google_compute_security_policy" "entry" {
  project     = var.project_id
  name        = "${var.prefix}-entry"
  description = "Per-client-IP request rate limit in front of the API."
  type        = "CLOUD_ARMOR"

  rule {
    action      = "throttle"
    priority    = 1000
    description = "At most ${var.rate_limit.requests} requests per ${var.rate_limit.interval_sec} s per client IP; 429 above."

    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }

    rate_limit_options {
      conform_action = "allow"
      exceed_action  = "deny(429)"
      enforce_on_key = "IP"

      rate_limit_threshold {
        count        = var.rate_limit.requests
        interval_sec = var.rate_limit.interval_sec
      }
    }
  }

  rule {
    action      = "allow"
    priority    = 2147483647
    description = "Default: allow."

    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
  }
}
