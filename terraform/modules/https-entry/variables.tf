variable "project_id" {
  description = "Project of the load balancer."
  type        = string
}

variable "region" {
  description = "Region of the functions (and so of their serverless NEGs)."
  type        = string
}

variable "prefix" {
  description = "Prefix of every resource name."
  type        = string
}

variable "domain" {
  description = "Domain of the Google-managed certificate; point its A record at the `ip_address` output."
  type        = string
}

variable "backends" {
  description = "HTTP functions by registry name: the Cloud Run `service` behind each, the path `prefixes` routed to it (`<prefix>` and `<prefix>/*`; the longest match wins) and the path `templates` (`*` = one segment; the template and anything under it; a template match wins over every prefix, the one with the most literal segments first)."
  type = map(object({
    service   = string
    prefixes  = list(string)
    templates = optional(list(string), [])
  }))

  validation {
    condition = alltrue(flatten([
      for b in values(var.backends) : [for p in b.prefixes : can(regex("^/[^*]*[^/*]$", p))]
    ]))
    error_message = "Prefixes start with /, do not end with / and contain no *."
  }

  # A path template has at most 5 operators: the `*`s and the trailing `/{rest=**}` the URL map adds.
  validation {
    condition = alltrue(flatten([
      for b in values(var.backends) : [
        for t in b.templates : can(regex("^(/([^*/{}]+|[*]))+$", t)) && length(regexall("[*]", t)) <= 4
      ]
    ]))
    error_message = "Templates start with /, do not end with /, have no empty segment, and each segment is * or contains no * { }; at most four *."
  }
}

variable "default_backend" {
  description = "Backend (a key of `backends`) answering paths no prefix or template matches; with `web`, only those under `web.api_paths` (the rest are the app's)."
  type        = string
}

variable "web" {
  description = "The web app (modules/web), or null for an API-only entry. `backend_bucket` answers every path the functions do not own: `root_files` (`/index.html`, `/config.json`, ...) and `/assets/...` as they are, any other path with /index.html (the app routes it). Paths at or under `api_paths` that no function claims still go to `default_backend`, so an API 404 stays JSON."
  type = object({
    backend_bucket = string
    root_files     = list(string)
    api_paths      = optional(list(string), ["/api", "/auth", "/health"])
  })
  default = null

  validation {
    condition     = alltrue([for f in try(var.web.root_files, []) : can(regex("^/[^/*]+$", f))])
    error_message = "web.root_files are top-level paths: /<name>, no * and no further /."
  }

  validation {
    condition     = alltrue([for p in try(var.web.api_paths, []) : can(regex("^/[^*]*[^/*]$", p))])
    error_message = "web.api_paths start with /, do not end with / and contain no *."
  }
}

variable "rate_limit" {
  description = "Cloud Armor's limit per client IP at the load balancer: `requests` per `interval_sec` seconds, above which the IP is answered 429 while its rate stays above it. A flood guard in front of the functions' own per-key, per-user and per-IP limits (RATE_LIMIT_*): keep it above RATE_LIMIT_PER_MINUTE times the keys and users one office or NAT address may carry."
  type = object({
    requests     = optional(number, 1200)
    interval_sec = optional(number, 60)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.rate_limit.requests >= 1 && floor(var.rate_limit.requests) == var.rate_limit.requests
    error_message = "rate_limit.requests is a whole number of at least 1."
  }

  # The intervals Cloud Armor accepts.
  validation {
    condition     = contains([10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600], var.rate_limit.interval_sec)
    error_message = "rate_limit.interval_sec is one of 10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600."
  }
}
