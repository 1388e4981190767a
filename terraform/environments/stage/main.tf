provider "google" {
  project = var.project_id
  region  = var.region
  default_labels = {
    app         = "cloudact"
    environment = "stage"
  }
}

locals {
  # What `npm run build` wrote: one bundle per deployable registry function, and the registry itself.
  dist = abspath("${path.module}/../../../dist")
}

module "platform" {
  source      = "../../modules/platform"
  project_id  = var.project_id
  region      = var.region
  prefix      = var.prefix
  domain      = var.domain
  environment = "stage"
  registry    = jsondecode(file("${local.dist}/registry.json"))
  dist_dir    = local.dist
  settings    = var.settings
  sizing      = var.sizing
}
