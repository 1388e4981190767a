# The one root of every environment. An environment is its two files here: <env>.backend.hcl (where its state
# lives) and <env>.tfvars (`env` and `config`: modules/platform's variables). README "Deploy" has the commands.
terraform {
  # The Terraform version for every module; each module names the providers it uses (versions.tf).
  required_version = ">= 1.6"
  # Completed at init: -backend-config=<env>.backend.hcl -backend-config="bucket=<state bucket>"
  backend "gcs" {}
}

variable "env" {
  description = "stage or prod (modules/platform checks it): secret id suffix, resource prefix, label."
  type        = string
}

variable "config" {
  description = "modules/platform's variables for this environment: project_id, domain (the app and the API) and settings (with the web app's supabase_anon_key and stripe_enabled); region, prefix, sizing and rate_limit default below."
  type        = any
}

locals {
  # What an environment has unless its tfvars say otherwise: prod's HTTP functions keep one warm instance.
  defaults = {
    region = "us-central1"
    prefix = "cloudact-${var.env}"
    sizing = { stage = {}, prod = { http = { min_instances = 1 } } }[var.env]
    # Cloud Armor at the load balancer: requests per client IP per interval before 429 (the functions limit per key,
    # user and IP on their own: RATE_LIMIT_*).
    rate_limit = { requests = 1200, interval_sec = 60 }
  }
  config = merge(local.defaults, var.config)
  # What `npm run build` wrote: one bundle per deployable registry function, and the registry itself.
  dist = abspath("${path.module}/../../dist")
  # What `npm run web:build` wrote: the web app, uploaded to the web bucket behind the same load balancer.
  web_dist = abspath("${path.module}/../../web/dist")
}

# A plan with one environment's tfvars against another's state fails here instead of replacing everything.
resource "terraform_data" "environment" {
  triggers_replace = var.env

  lifecycle {
    prevent_destroy = true
  }
}

provider "google" {
  project        = local.config.project_id
  region         = local.config.region
  default_labels = { app = "cloudact", environment = var.env }
}

module "platform" {
  source     = "../modules/platform"
  env        = var.env
  project_id = local.config.project_id
  region     = local.config.region
  prefix     = local.config.prefix
  domain     = local.config.domain
  settings   = local.config.settings
  sizing     = local.config.sizing
  rate_limit = local.config.rate_limit
  registry   = jsondecode(file("${local.dist}/registry.json"))
  dist_dir   = local.dist
  # The web app's build (web/dist), uploaded by apply.
  web_dist_dir = local.web_dist
}

output "platform" {
  description = "What modules/platform outputs: load_balancer_ip, app_url, api_url, web_bucket, routes, function_urls, secrets, dead_letter_subscription, ..."
  value       = module.platform
}
