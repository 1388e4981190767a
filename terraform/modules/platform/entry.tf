module "web" {
  source     = "../web"
  project_id = local.project_id
  prefix     = var.prefix
  location   = var.region
  dist_dir   = var.web_dist_dir
  app_config = {
    supabase_url      = var.settings.supabase_url
    supabase_anon_key = var.settings.supabase_anon_key
    stripe_enabled    = var.settings.stripe_enabled
  }
}

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
  web = {
    backend_bucket = module.web.backend_bucket
    root_files     = module.web.root_files
  }
  rate_limit = var.rate_limit
}
