module "pubsub" {
  source     = "../pubsub"
  project_id = local.project_id
  prefix     = var.prefix

  topics = {
    for t in local.topics : t => {
      # Dead letters can be replayed (seek) for a month.
      message_retention_duration = t == var.pipelines.dead_letter_topic ? "2678400s" : null
    }
  }
  publishers = merge(
    {
      for t in local.step_topics : t => {
        for name in local.access.publish_steps : name => local.members[name]
      }
    },
    {
      for t, names in local.access.publish_topics : t => {
        for name in names : name => local.members[name]
      } if length(names) > 0
    },
  )
  push_subscriptions = {
    for name, f in local.functions : "${var.prefix}-${name}" => {
      topic = f.topic
      # The topic in the path lets functions-framework fill the CloudEvent source of a raw push.
      endpoint        = "${module.function[name].uri}/projects/${var.project_id}/topics/${f.topic}"
      audience        = module.function[name].uri
      service_account = google_service_account.trigger[name].email
      # Pub/Sub push waits at most 600 s; a step's own timeout must stay below it. Other functions answer within
      # their timeout (deliver-notification's is derived from NOTIFICATION_SEND_TIMEOUT_MS: functions.tf).
      ack_deadline_seconds = f.class == "step" ? 600 : local.sizing[name].timeout_seconds + 30
    } if contains(local.push_delivered, name)
  }
  # Step and notification-delivery messages alike: max_delivery_attempts stays above the application's own limits
  # (a step's retries + 1, NOTIFICATION_MAX_ATTEMPTS), so the application records the failure first; the dead
  # letter is the backstop for deliveries that could not record anything (the dead-letter function handles both).
  dead_letter = {
    topic                 = var.pipelines.dead_letter_topic
    max_delivery_attempts = var.pipelines.max_delivery_attempts
  }
  retry = {
    minimum_backoff = var.pipelines.minimum_backoff
    maximum_backoff = var.pipelines.maximum_backoff
  }
}

module "scheduler" {
  source     = "../scheduler"
  project_id = local.project_id
  region     = var.region
  prefix     = var.prefix
  jobs = {
    for name, f in local.functions : name => {
      schedule = f.schedule
      topic    = module.pubsub.topic_ids[f.topic]
    } if f.class == "job"
  }
}

check "notification_attempts_below_dead_letter" {
  assert {
    condition     = tonumber(lookup(local.env, "NOTIFICATION_MAX_ATTEMPTS", "5")) < var.pipelines.max_delivery_attempts
    error_message = "NOTIFICATION_MAX_ATTEMPTS (settings.env) must stay below pipelines.max_delivery_attempts: the delivery function fails an exhausted delivery itself before Pub/Sub dead-letters its message."
  }
}
