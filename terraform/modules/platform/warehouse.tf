module "bigquery" {
  source     = "../bigquery"
  project_id = local.project_id
  location   = var.settings.bigquery_location
  prefix     = var.prefix
  users      = { for name in local.access.warehouse : name => local.members[name] }
}
