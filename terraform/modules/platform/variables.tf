variable "project_id" {
  description = "Project of the environment. One project per environment: topic ids and the `organizations` dataset are not prefixed by the application."
  type        = string
}

variable "region" {
  description = "Region of the functions, key ring, Scheduler jobs and bundle bucket (GCP_REGION)."
  type        = string
}

variable "prefix" {
  description = "Prefix of every resource name; must be `cloudact-<env suffix>` (shared/ports/scheduler/port.ts resourcePrefix)."
  type        = string
}

variable "domain" {
  description = "Domain served by the HTTPS load balancer (managed certificate)."
  type        = string
}

variable "env" {
  description = "stage or prod: the suffix of secret ids, Scheduler job ids and org datasets; the functions' ENVIRONMENT is stage or production."
  type        = string

  validation {
    condition     = contains(["stage", "prod"], var.env)
    error_message = "env is stage or prod."
  }
}

variable "web_dist_dir" {
  description = "Absolute path of the built web app (`npm run web:build` writes web/dist): uploaded to the web bucket behind the load balancer (modules/web)."
  type        = string
}

variable "dist_dir" {
  description = "Absolute path of the `npm run build` output; registry `dir`s are relative to it."
  type        = string
}

variable "registry" {
  description = "dist/registry.json: every deployable function with kind, path prefixes and templates (http), topic (event, job), schedule (job) and bundle hash."
  type = object({
    functions = list(object({
      name      = string
      kind      = string
      dir       = string
      hash      = string
      prefixes  = optional(list(string), [])
      templates = optional(list(string), [])
      topic     = optional(string)
      schedule  = optional(string)
    }))
  })

  validation {
    condition = alltrue([
      for f in var.registry.functions :
      f.kind == "http" ? length(f.prefixes) + length(f.templates) > 0 : (f.topic != null && (f.kind == "event" || f.schedule != null))
    ])
    error_message = "Each function is http with prefixes or templates, event with a topic, or job with a topic and a schedule."
  }
}

variable "settings" {
  description = "Settings the functions receive (shared/config/config.ts), and the web app's /config.json (supabase_url, supabase_anon_key, stripe_enabled). `secrets_as_env` mounts the secrets as environment variables (SECRETS=env; every secret needs a version before the deploy) instead of reading them through Secret Manager at run time (SECRETS=secret-manager). `email_enabled` mounts the smtp-url secret as SMTP_URL on the functions that send email (the secret needs a version first). `env` adds or overrides variables (never SMTP_URL)."
  type = object({
    supabase_url      = string
    supabase_jwks_url = optional(string)
    # Supabase's anon (publishable) key: public by design, the web app's /config.json hands it to every browser.
    supabase_anon_key = string
    # Whether the web app sends upgrades through Stripe Checkout (/config.json stripe_enabled): true once the
    # stripe-secret-key secret has a version and stripe_prices are set.
    stripe_enabled = optional(bool, false)
    # Whether the functions that send email get SMTP_URL: true once the smtp-url secret has a version (the SMTP
    # server's URL with its credentials, e.g. smtps://user:pass@smtp.example.com:465). Without it email channels
    # fail ("Email is not configured on this deployment"); Slack, Teams and webhooks still send.
    email_enabled     = optional(bool, false)
    jwt_audience      = optional(string, "authenticated")
    bigquery_location = optional(string, "US")
    log_level         = optional(string, "info")
    secrets_as_env    = optional(bool, false)
    # The Stripe price each plan is sold at (STRIPE_PRICE_<PLAN>): Stripe Dashboard > Product catalog > price id.
    stripe_prices = optional(object({
      starter      = optional(string)
      professional = optional(string)
      scale        = optional(string)
    }), {})
    env = optional(map(string), {})
  })

  validation {
    condition     = !contains(keys(var.settings.env), "SMTP_URL")
    error_message = "SMTP_URL carries the SMTP server's credentials: add it as a version of the smtp-url secret and set settings.email_enabled = true, not in settings.env (plain variables are readable by every project viewer and kept in Terraform state)."
  }
}

variable "sizing" {
  description = "Runtime sizing by function class (`http`, `step`, `event`, `job`) or registry name (wins over its class): any fields of modules/cloud-function's `service`, which types them; unset fields keep the class defaults in functions.tf."
  type        = map(map(string))
  default     = {}
  nullable    = false

  validation {
    condition = alltrue([
      for s in values(var.sizing) : length(setsubtract(keys(s), ["memory", "cpu", "timeout_seconds", "min_instances", "max_instances", "concurrency"])) == 0
    ])
    error_message = "Sizing fields are memory, cpu, timeout_seconds, min_instances, max_instances and concurrency."
  }
}

variable "pipelines" {
  description = "Step delivery: the dead-letter topic (shared/pipelines/records.ts STEP_DEAD_LETTER_TOPIC), deliveries before a step message dead-letters (above the largest step retries + 1, so the application decides first) and the redelivery backoff."
  type = object({
    dead_letter_topic     = optional(string, "pipeline-steps-dead-letter")
    max_delivery_attempts = optional(number, 15)
    minimum_backoff       = optional(string, "10s")
    maximum_backoff       = optional(string, "600s")
  })
  default  = {}
  nullable = false
}

variable "default_backend" {
  description = "HTTP function answering the API paths (/api, /auth, /health and under) no registry prefix or template matches, so an API 404 stays JSON; every other unmatched path is the web app's."
  type        = string
  default     = "health"
}

variable "rate_limit" {
  description = "Cloud Armor's per-client-IP limit at the load balancer (modules/https-entry): `requests` per `interval_sec` seconds, 429 above; 1200 per 60 s unless set."
  type = object({
    requests     = optional(number, 1200)
    interval_sec = optional(number, 60)
  })
  default  = {}
  nullable = false
}
