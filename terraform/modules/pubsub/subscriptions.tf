# Eventarc creates its own push subscriptions and cannot give them a dead-letter policy, so a topic whose
# messages must dead-letter is delivered by a subscription managed here: push to the function URL, OIDC as the
# function's trigger account, retry with backoff, and the dead-letter policy.
resource "google_pubsub_subscription" "push" {
  for_each             = var.push_subscriptions
  project              = var.project_id
  name                 = each.key
  topic                = google_pubsub_topic.topic[each.value.topic].id
  ack_deadline_seconds = each.value.ack_deadline_seconds

  push_config {
    push_endpoint = each.value.endpoint
    oidc_token {
      service_account_email = each.value.service_account
      audience              = each.value.audience
    }
  }

  retry_policy {
    minimum_backoff = var.retry.minimum_backoff
    maximum_backoff = var.retry.maximum_backoff
  }

  dynamic "dead_letter_policy" {
    for_each = each.value.dead_letter ? [var.dead_letter] : []
    content {
      dead_letter_topic     = google_pubsub_topic.topic[dead_letter_policy.value.topic].id
      max_delivery_attempts = dead_letter_policy.value.max_delivery_attempts
    }
  }

  # A subscription without traffic expires after 31 days by default; these must live as long as the topic.
  expiration_policy {
    ttl = ""
  }
}

# Dead letters stay here for inspection and replay (seek), whatever the dead-letter function does with them.
resource "google_pubsub_subscription" "dead_letter_retained" {
  project                    = var.project_id
  name                       = "${var.prefix}-dead-letters-retained"
  topic                      = google_pubsub_topic.topic[var.dead_letter.topic].id
  message_retention_duration = var.dead_letter.retention
  retain_acked_messages      = true
  ack_deadline_seconds       = 60

  expiration_policy {
    ttl = ""
  }

  lifecycle {
    precondition {
      condition     = contains(keys(var.topics), var.dead_letter.topic)
      error_message = "dead_letter.topic must be one of the topics."
    }
  }
}

data "google_project" "project" {
  project_id = var.project_id
}

locals {
  # Pub/Sub forwards dead letters as its service agent: it publishes to the dead-letter topic and
  # acknowledges on the source subscription.
  pubsub_agent   = "serviceAccount:service-${data.google_project.project.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  dead_lettering = { for name, s in var.push_subscriptions : name => s if s.dead_letter }
}

resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  project = var.project_id
  topic   = google_pubsub_topic.topic[var.dead_letter.topic].name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  for_each     = local.dead_lettering
  project      = var.project_id
  subscription = google_pubsub_subscription.push[each.key].name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}
