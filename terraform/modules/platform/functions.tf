locals {
  sizing_defaults = {
    http  = { memory = "512Mi", cpu = "1", timeout_seconds = 60, min_instances = 0, max_instances = 20, concurrency = 40 }
    step  = { memory = "1Gi", cpu = "1", timeout_seconds = 540, min_instances = 0, max_instances = 10, concurrency = 1 }
    event = { memory = "512Mi", cpu = "1", timeout_seconds = 60, min_instances = 0, max_instances = 5, concurrency = 1 }
    job   = { memory = "512Mi", cpu = "1", timeout_seconds = 540, min_instances = 0, max_instances = 1, concurrency = 1 }
  }
  sizing_of_class = {
    for name, f in local.functions : name => merge(
      local.sizing_defaults[f.class],
      { for k, v in try(var.sizing[f.class], {}) : k => v if v != null },
    )
  }
  # deliver-notification must outlast one send and its recording: an SMTP exchange may wait
  # NOTIFICATION_SEND_TIMEOUT_MS for each of connect, greeting and data, plus 30 s to lease and record the attempt
  # (the lease shared/notifications/deliver.ts takes: ceil(3 x timeout / 1000) + 30 s). 60 s with the default 10 s
  # send timeout; up to 390 s with the largest (120 s), still below Pub/Sub push's 600 s ack deadline with the 30 s
  # margin messaging.tf adds, and below the 540 s of an event function.
  deliver_timeout_seconds = ceil(3 * tonumber(lookup(local.env, "NOTIFICATION_SEND_TIMEOUT_MS", "10000")) / 1000) + 30
  sizing = {
    for name, f in local.functions : name => merge(
      local.sizing_of_class[name],
      # At least what one send needs, whatever the event class says; a sizing of deliver-notification itself wins
      # (and the check below warns when it is too short).
      name == "deliver-notification" ? {
        timeout_seconds = max(tonumber(local.sizing_of_class[name].timeout_seconds), local.deliver_timeout_seconds)
      } : {},
      { for k, v in try(var.sizing[name], {}) : k => v if v != null },
    )
  }

  # The production settings every function parses at start (shared/config/config.ts); README lists them.
  env = merge(
    {
      ENVIRONMENT              = local.environment
      LOG_LEVEL                = var.settings.log_level
      GCP_PROJECT_ID           = var.project_id
      GCP_REGION               = var.region
      WAREHOUSE                = "bigquery"
      BIGQUERY_LOCATION        = var.settings.bigquery_location
      WAREHOUSE_STAGING_BUCKET = google_storage_bucket.staging.name
      ENCRYPTION               = "kms"
      KMS_KEY_NAME             = module.kms.key_id
      SECRETS                  = var.settings.secrets_as_env ? "env" : "secret-manager"
      BUS                      = "pubsub"
      SCHEDULER                = "cloud"
      SUPABASE_URL             = var.settings.supabase_url
      JWT_AUDIENCE             = var.settings.jwt_audience
      LOCAL_IDENTITY           = "false"
      DISABLE_AUTH             = "false"
      RATE_LIMIT_ENABLED       = "true"
      CLOUDACT_DATA_DIR        = "/tmp/cloudact"
    },
    var.settings.supabase_jwks_url == null ? {} : { SUPABASE_JWKS_URL = var.settings.supabase_jwks_url },
    { for plan, price in var.settings.stripe_prices : "STRIPE_PRICE_${upper(plan)}" => price if price != null },
    var.settings.env,
  )
}

module "function" {
  source     = "../cloud-function"
  for_each   = local.functions
  project_id = local.project_id
  region     = var.region
  prefix     = var.prefix
  name       = each.key
  labels     = { cloudact-class = each.value.class }

  bundle = {
    source_dir = "${var.dist_dir}/${each.value.dir}"
    hash       = each.value.hash
    bucket     = google_storage_bucket.bundles.name
  }
  build = {
    service_account   = local.build.service_account
    docker_repository = local.build.docker_repository
  }
  service_account       = google_service_account.function[each.key].email
  service               = local.sizing[each.key]
  environment_variables = local.env
  secret_environment_variables = {
    for s in local.secrets_mounted[each.key] : local.secret_env[s] => module.secrets.ids[s]
  }

  # Steps and notification delivery get a push subscription with a dead-letter policy (messaging.tf); other
  # Pub/Sub functions use Eventarc.
  trigger = each.value.kind == "http" ? null : {
    topic           = module.pubsub.topic_ids[each.value.topic]
    service_account = google_service_account.trigger[each.key].email
    eventarc        = !contains(local.push_delivered, each.key)
  }
  # HTTP functions authenticate every request themselves (root key, org API key or user JWT).
  public = each.value.kind == "http"
}

check "notification_send_fits_function_timeout" {
  assert {
    condition = alltrue([
      for name, s in local.sizing : tonumber(s.timeout_seconds) >= local.deliver_timeout_seconds if name == "deliver-notification"
    ])
    error_message = "sizing.deliver-notification.timeout_seconds is below ${local.deliver_timeout_seconds} s, what one send with NOTIFICATION_SEND_TIMEOUT_MS (settings.env) may take (3 x the send timeout for an SMTP exchange, plus 30 s to record it): a send cut off by the function timeout is retried and may reach its receiver twice. Raise it, lower NOTIFICATION_SEND_TIMEOUT_MS, or leave deliver-notification's timeout unset (derived from it)."
  }
}
