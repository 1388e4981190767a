locals {
  accessors = merge([
    for name, members in var.accessors : {
      for label, member in members : "${name}/${label}" => { secret = name, member = member }
    }
  ]...)
}

resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each  = local.accessors
  project   = var.project_id
  secret_id = google_secret_manager_secret.secret[each.value.secret].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = each.value.member
}
