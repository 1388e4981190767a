locals {
  http = var.trigger == null
  # HTTP functions answer only through the load balancer; Pub/Sub-driven ones only to Eventarc / Pub/Sub push.
  ingress = local.http ? "ALLOW_INTERNAL_AND_GCLB" : "ALLOW_INTERNAL_ONLY"
}

resource "google_cloudfunctions2_function" "function" {
  project  = var.project_id
  location = var.region
  name     = "${var.prefix}-${var.name}"
  labels   = var.labels

  build_config {
    runtime           = "nodejs24"
    entry_point       = var.name
    service_account   = var.build.service_account
    docker_repository = var.build.docker_repository
    source {
      storage_source {
        bucket = google_storage_bucket_object.bundle.bucket
        object = google_storage_bucket_object.bundle.name
      }
    }
  }

  service_config {
    available_memory                 = var.service.memory
    available_cpu                    = var.service.cpu
    timeout_seconds                  = var.service.timeout_seconds
    min_instance_count               = var.service.min_instances
    max_instance_count               = var.service.max_instances
    max_instance_request_concurrency = var.service.concurrency
    ingress_settings                 = local.ingress
    all_traffic_on_latest_revision   = true
    service_account_email            = var.service_account
    environment_variables            = var.environment_variables

    dynamic "secret_environment_variables" {
      for_each = var.secret_environment_variables
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  dynamic "event_trigger" {
    for_each = try(var.trigger.eventarc, false) ? [var.trigger.topic] : []
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = event_trigger.value
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = var.trigger.service_account
    }
  }

  lifecycle {
    precondition {
      condition     = !(var.public && var.trigger != null)
      error_message = "Only HTTP functions (trigger = null) can be public."
    }
  }
}
