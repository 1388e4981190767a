locals {
  all_prefixes  = flatten([for b in values(var.backends) : b.prefixes])
  all_templates = flatten([for b in values(var.backends) : b.templates])

  # Template `*` segments become the variables {p1=*}, {p2=*}, ...
  path_templates = {
    for t in distinct(local.all_templates) : t => join("/", [
      for i, s in split("/", t) :
      s == "*" ? "{p${length([for w in slice(split("/", t), 0, i) : w if w == "*"]) + 1}=*}" : s
    ])
  }

  # One route rule per template (the template and anything under it) and per prefix (`<prefix>` and `<prefix>/...`),
  # keyed by evaluation order: templates first, most literal segments, then most segments, then by text; then prefixes,
  # longest first. As scripts/local/gateway.ts `route` picks.
  rules = flatten([
    for name, b in var.backends : concat(
      [
        for t in b.templates : {
          backend = name
          order = format(
            "0/%03d/%03d/%s",
            999 - length([for s in split("/", t) : s if s != "*"]),
            999 - length(split("/", t)),
            t,
          )
          match = [
            for m in [local.path_templates[t], "${local.path_templates[t]}/{rest=**}"] :
            { path_template_match = m, full_path_match = null, prefix_match = null }
          ]
        }
      ],
      [
        for p in b.prefixes : {
          backend = name
          order   = format("1/%04d/%s", 9999 - length(p), p)
          match = [
            { path_template_match = null, full_path_match = p, prefix_match = null },
            { path_template_match = null, full_path_match = null, prefix_match = "${p}/" },
          ]
        }
      ],
    )
  ])
  # Priority = position. A path matcher takes path_rule or route_rules, never both, so prefixes are route rules too.
  route_rules = flatten([for o in distinct(sort(local.rules[*].order)) : [for r in local.rules : r if r.order == o]])
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

    dynamic "route_rules" {
      for_each = local.route_rules
      content {
        priority = route_rules.key
        service  = google_compute_backend_service.function[route_rules.value.backend].id

        dynamic "match_rules" {
          for_each = route_rules.value.match
          content {
            path_template_match = match_rules.value.path_template_match
            full_path_match     = match_rules.value.full_path_match
            prefix_match        = match_rules.value.prefix_match
          }
        }
      }
    }
  }

  lifecycle {
    precondition {
      condition     = length(local.all_prefixes) == length(distinct(local.all_prefixes))
      error_message = "Two functions claim the same path prefix."
    }
    precondition {
      condition     = length(local.all_templates) == length(distinct(local.all_templates))
      error_message = "Two functions claim the same path template."
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
