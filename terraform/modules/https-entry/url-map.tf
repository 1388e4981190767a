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
          service = google_compute_backend_service.function[name].id
          rewrite = null
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
          service = google_compute_backend_service.function[name].id
          rewrite = null
          order   = format("1/%04d/%s", 9999 - length(p), p)
          match = [
            { path_template_match = null, full_path_match = p, prefix_match = null },
            { path_template_match = null, full_path_match = null, prefix_match = "${p}/" },
          ]
        }
      ],
    )
  ])
  # With the web app, after every function rule: the API's own paths no function claims go to default_backend (a JSON
  # 404, never the app's HTML); the app's top-level files and assets/ are served as they are (a missing asset is the
  # bucket's 404: a page still open from an older build must not get HTML for its script); every other path is one
  # of the app's routes, answered with index.html. As scripts/local/web-app.ts does.
  #
  # SPA fallback: a URL map rewrite, not the bucket's website not_found_page. A backend bucket serves the bucket's
  # not_found_page with status 404 (so deep links would be 404s, and a missing /assets/ file would get HTML), while
  # a route rule's urlRewrite.pathTemplateRewrite may drop every variable of its pathTemplateMatch ("You can omit
  # variables from the rewritten URL": compute v1 UrlRewrite reference), so `/{path=**}` becomes `/index.html`.
  web_api_paths = var.web == null ? [] : var.web.api_paths
  web_files     = var.web == null ? [] : var.web.root_files
  web_bucket    = var.web == null ? null : var.web.backend_bucket
  # A for expression (not a conditional) keeps each rule's own type: the match lists differ in length.
  web_rules = [for r in [
    {
      service = google_compute_backend_service.function[var.default_backend].id
      rewrite = null
      order   = "2/api"
      match = flatten([
        for p in local.web_api_paths : [
          { path_template_match = null, full_path_match = p, prefix_match = null },
          { path_template_match = null, full_path_match = null, prefix_match = "${p}/" },
        ]
      ])
    },
    {
      service = local.web_bucket
      rewrite = null
      order   = "3/files"
      match = concat(
        [for f in local.web_files : { path_template_match = null, full_path_match = f, prefix_match = null }],
        [{ path_template_match = null, full_path_match = null, prefix_match = "/assets/" }],
      )
    },
    {
      service = local.web_bucket
      rewrite = { path_prefix_rewrite = "/index.html", path_template_rewrite = null }
      order   = "4/root"
      match   = [{ path_template_match = null, full_path_match = "/", prefix_match = null }]
    },
    {
      service = local.web_bucket
      rewrite = { path_prefix_rewrite = null, path_template_rewrite = "/index.html" }
      order   = "5/app"
      match   = [{ path_template_match = "/{path=**}", full_path_match = null, prefix_match = null }]
    },
  ] : r if var.web != null]
  all_rules = concat(local.rules, local.web_rules)

  # Priority = position. A path matcher takes path_rule or route_rules, never both, so prefixes are route rules too.
  route_rules = flatten([for o in distinct(sort(local.all_rules[*].order)) : [for r in local.all_rules : r if r.order == o]])

  # What answers a path no rule matches: the app when there is one, else default_backend.
  default_service = var.web == null ? google_compute_backend_service.function[var.default_backend].id : var.web.backend_bucket
}

resource "google_compute_url_map" "https" {
  project         = var.project_id
  name            = "${var.prefix}-https"
  default_service = local.default_service

  host_rule {
    hosts        = ["*"]
    path_matcher = "functions"
  }

  path_matcher {
    name            = "functions"
    default_service = local.default_service

    dynamic "route_rules" {
      for_each = local.route_rules
      content {
        priority = route_rules.key
        service  = route_rules.value.service

        dynamic "match_rules" {
          for_each = route_rules.value.match
          content {
            path_template_match = match_rules.value.path_template_match
            full_path_match     = match_rules.value.full_path_match
            prefix_match        = match_rules.value.prefix_match
          }
        }

        dynamic "route_action" {
          for_each = route_rules.value.rewrite == null ? [] : [route_rules.value.rewrite]
          content {
            url_rewrite {
              path_prefix_rewrite   = route_action.value.path_prefix_rewrite
              path_template_rewrite = route_action.value.path_template_rewrite
            }
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
