module "secrets" {
  source     = "../secrets"
  project_id = local.project_id
  suffix     = var.env
  names      = keys(local.secret_env)
  accessors = {
    for secret, readers in local.secret_readers : secret => {
      for name in readers : name => local.members[name]
    }
  }
}
