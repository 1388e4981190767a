locals {
  all_names = keys(local.functions)
  named     = { for n in ["admin", "integrations", "notifications", "pipelines", "pipeline-logs", "billing", "alerts", "dead-letter", "evaluate-alerts", "deliver-notification", "send-summaries", "extract-cloud-billing"] : n => contains(local.all_names, n) ? [n] : [] }

  # What each function reaches beyond its own identity: by class where the class decides (so a new router or
  # step gets it automatically), by name where one function alone does it.
  access = {
    # Org datasets are created at onboarding and read by every router; the steps write them; alert evaluation and
    # summaries read them.
    warehouse = concat(local.names_by_class.http, local.names_by_class.step, local.named["evaluate-alerts"], local.named["send-summaries"])
    # Provider credentials: sealed by the integrations router, opened by the steps that call providers. Notification
    # channels' URLs and signing secrets: sealed and opened by the notifications router, opened by whatever sends
    # (notification delivery, the alerts router's test message).
    kms = concat(local.named.integrations, local.named.notifications, local.names_by_class.step, local.named["deliver-notification"], local.named.alerts)
    # Step messages come from the trigger and retry routes, from finishing steps (fan-out) and from the jobs.
    publish_steps = concat(local.named.pipelines, local.named["pipeline-logs"], local.names_by_class.step, local.names_by_class.job)
    # Alert and notification topics (authoritative, like the step topics), by topic: alert evaluations come from
    # alerts-daily (a job) and from every caller of failStep, whose run-completion path publishes one when a run
    # fails (notifyRunFailed): steps, the stale-cleanup job, the dead-letter function and the admin router (its
    # stale cleanup fails an org's stale runs now); deliveries from evaluation, summaries and the alerts and
    # notifications routers (evaluate now, send now); summary messages from the summary jobs.
    publish_topics = {
      for fn, names in {
        "evaluate-alerts"      = concat(local.names_by_class.job, local.names_by_class.step, local.named["dead-letter"], local.named.admin)
        "deliver-notification" = concat(local.named["evaluate-alerts"], local.named["send-summaries"], local.named.alerts, local.named.notifications)
        "send-summaries"       = concat(local.names_by_class.job, local.named.notifications)
      } : local.functions[fn].topic => distinct(names) if contains(local.all_names, fn)
    }
    # Cloud export files are staged in GCS for BigQuery load jobs by the extract step (warehouse.tf).
    staging = local.named["extract-cloud-billing"]
    # The admin API reports Scheduler drift.
    scheduler_viewer = local.named.admin
  }

  # Secret name (shared/ports/secrets/port.ts, and smtp-url) => the variable it becomes when mounted (secrets_mounted).
  secret_env = {
    "ca-root-api-key"       = "CA_ROOT_API_KEY"
    "database-url"          = "DATABASE_URL"
    "supabase-jwt-secret"   = "SUPABASE_JWT_SECRET"
    "stripe-secret-key"     = "STRIPE_SECRET_KEY"
    "stripe-webhook-secret" = "STRIPE_WEBHOOK_SECRET"
    "smtp-url"              = "SMTP_URL"
  }
  secret_readers = {
    # Every function checks the root key at start in production, and every one opens the control plane.
    "ca-root-api-key" = local.all_names
    "database-url"    = local.all_names
    # User tokens are HTTP concerns; Stripe is the billing router's alone.
    "supabase-jwt-secret"   = local.names_by_class.http
    "stripe-secret-key"     = local.named.billing
    "stripe-webhook-secret" = local.named.billing
    # The SMTP server's URL carries its credentials: read by whatever sends email (shared/notifications/send.ts
    # sendToChannel): notification delivery, and the alerts and notifications routers' test messages.
    "smtp-url" = concat(local.named["deliver-notification"], local.named.alerts, local.named.notifications)
  }
  secrets_of = {
    for name in local.all_names : name => [for s, readers in local.secret_readers : s if contains(readers, name)]
  }

  # Secrets the application reads from its configuration only (SMTP_URL), never through the secrets port
  # (shared/ports/secrets/port.ts SecretName): mounted as environment variables whatever secrets_as_env says, once
  # their setting says the secret has a version (a mounted secret without one fails the deploy).
  config_only_secrets = {
    "smtp-url" = var.settings.email_enabled
  }
  # Function => the secrets it reads that are mounted as their variable (secret_env): the port's secrets with
  # secrets_as_env, a config-only one when its setting is on.
  secrets_mounted = {
    for name in local.all_names : name => [
      for s in local.secrets_of[name] : s if lookup(local.config_only_secrets, s, var.settings.secrets_as_env)
    ]
  }
}

resource "google_project_iam_member" "scheduler_viewer" {
  for_each = toset(local.access.scheduler_viewer)
  project  = local.project_id
  role     = "roles/cloudscheduler.viewer"
  member   = local.members[each.key]
}
