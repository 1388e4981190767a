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
  publishers = {
    for t in local.step_topics : t => {
      for name in local.access.publish_steps : name => local.members[name]
    }
  }
  push_subscriptions = {
    for name, f in local.functions : "${var.prefix}-${name}" => {
      topic = f.topic
      # The topic in the path lets functions-framework fill the CloudEvent source of a raw push.
      endpoint        = "${module.function[name].uri}/projects/${var.project_id}/topics/${f.topic}"
      audience        = module.function[name].uri
      service_account = google_service_account.trigger[name].email
      # Pub/Sub push waits at most 600 s; a step's own timeout must stay below it.
      ack_deadline_seconds = 600
    } if f.class == "step"
  }
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
