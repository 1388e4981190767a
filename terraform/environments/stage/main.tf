# The stage root: its state, its provider and modules/platform. Everything else is in modules/platform, whose
# variables are set through `config` (terraform.tfvars, from terraform.tfvars.example).
terraform {
  # The Terraform version for every module; each module names the providers it uses (versions.tf).
  required_version = ">= 1.6"
  # State bucket given at init: terraform init -backend-config="bucket=<state bucket>"
  backend "gcs" {
    prefix = "cloudact/stage"
  }
}

variable "config" {
  description = "modules/platform's variables for stage: project_id, domain and settings; region, prefix and sizing default below."
  type        = any
}

locals {
  config = merge({ region = "us-central1", prefix = "cloudact-stage", sizing = {} }, var.config)
  # What `npm run build` wrote: one bundle per deployable registry function, and the registry itself.
  dist = abspath("${path.module}/../../../dist")
}

provider "google" {
  project        = local.config.project_id
  region         = local.config.region
  default_labels = { app = "cloudact", environment = "stage" }
}

module "platform" {
  source      = "../../modules/platform"
  environment = "stage"
  project_id  = local.config.project_id
  region      = local.config.region
  prefix      = local.config.prefix
  domain      = local.config.domain
  settings    = local.config.settings
  sizing      = local.config.sizing
  registry    = jsondecode(file("${local.dist}/registry.json"))
  dist_dir    = local.dist
}

output "platform" {
  description = "What modules/platform outputs: load_balancer_ip, api_url, routes, function_urls, secrets, dead_letter_subscription, ..."
  value       = module.platform
}
