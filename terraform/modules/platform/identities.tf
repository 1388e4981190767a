locals {
  # Service account ids have 6-30 characters: a long one keeps its readable start plus a hash of the whole.
  account_ids = {
    for name in keys(local.functions) : name => {
      for role, id in { function = "${var.prefix}-${name}", trigger = "${var.prefix}-${name}-trigger" } :
      role => length(id) <= 30 ? id : "${trimsuffix(substr(id, 0, 23), "-")}-${substr(sha1(id), 0, 6)}"
    }
  }
  # Grants name these members, never module outputs: a grant must not wait for (or cycle through) a function.
  members = { for name, sa in google_service_account.function : name => sa.member }
}

resource "google_service_account" "function" {
  for_each     = local.functions
  project      = local.project_id
  account_id   = local.account_ids[each.key].function
  display_name = "${var.prefix} ${each.key}"
  description  = "Runtime identity of the ${each.key} function."
}

# Pub/Sub deliveries (Eventarc or push) call as this account; it may invoke its own function only.
resource "google_service_account" "trigger" {
  for_each     = { for name, f in local.functions : name => f if f.kind != "http" }
  project      = local.project_id
  account_id   = local.account_ids[each.key].trigger
  display_name = "${var.prefix} ${each.key} trigger"
  description  = "Identity of the Pub/Sub deliveries to the ${each.key} function (OIDC token)."
}
