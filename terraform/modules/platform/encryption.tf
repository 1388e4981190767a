module "kms" {
  source     = "../kms"
  project_id = local.project_id
  location   = var.region
  prefix     = var.prefix
  users      = { for name in local.access.kms : name => local.members[name] }
}
