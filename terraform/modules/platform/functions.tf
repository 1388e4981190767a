locals {
  sizing_defaults = {
    http  = { memory = "512Mi", cpu = "1", timeout_seconds = 60, min_instances = 0, max_instances = 20, concurrency = 40 }
    step  = { memory = "1Gi", cpu = "1", timeout_seconds = 540, min_instances = 0, max_instances = 10, concurrency = 1 }
    event = { memory = "512Mi", cpu = "1", timeout_seconds = 60, min_instances = 0, max_instances = 5, concurrency = 1 }
    job   = { memory = "512Mi", cpu = "1", timeout_seconds = 540, min_instances = 0, max_instances = 1, concurrency = 1 }
  }
  sizing = {
    for name, f in local.functions : name => merge(
      local.sizing_defaults[f.class],
      { for k, v in try(var.sizing[f.class], {}) : k => v if v != null },
      { for k, v in try(var.sizing[name], {}) : k => v if v != null },
    )
  }

  # The production settings every function parses at start (shared/config/config.ts); README lists them.
  env = merge(
    {
      ENVIRONMENT        = local.environment
      LOG_LEVEL          = var.settings.log_level
      GCP_PROJECT_ID     = var.project_id
      GCP_REGION         = var.region
      WAREHOUSE          = "bigquery"
      BIGQUERY_LOCATION  = var.settings.bigquery_location
      ENCRYPTION         = "kms"
      KMS_KEY_NAME       = module.kms.key_id
      SECRETS            = var.settings.secrets_as_env ? "env" : "secret-manager"
      BUS                = "pubsub"
      SCHEDULER          = "cloud"
      SUPABASE_URL       = var.settings.supabase_url
      JWT_AUDIENCE       = var.settings.jwt_audience
      LOCAL_IDENTITY     = "false"
      DISABLE_AUTH       = "false"
      RATE_LIMIT_ENABLED = "true"
      CLOUDACT_DATA_DIR  = "/tmp/cloudact"
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
