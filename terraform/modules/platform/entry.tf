module "https_entry" {
  source     = "../https-entry"
  project_id = local.project_id
  region     = var.region
  prefix     = var.prefix
  domain     = var.domain
  backends = {
    for name in local.names_by_class.http : name => {
      service   = module.function[name].service
      prefixes  = local.functions[name].prefixes
      templates = local.functions[name].templates
    }
  }
  default_backend = var.default_backend
  rate_limit      = var.rate_limit
}
