resource "google_pubsub_topic" "topic" {
  for_each                   = var.topics
  project                    = var.project_id
  name                       = each.key
  message_retention_duration = each.value.message_retention_duration
}

locals {
  publishers = merge([
    for topic, members in var.publishers : {
      for label, member in members : "${topic}/${label}" => { topic = topic, member = member }
    }
  ]...)
}

resource "google_pubsub_topic_iam_member" "publisher" {
  for_each = local.publishers
  project  = var.project_id
  topic    = google_pubsub_topic.topic[each.value.topic].name
  role     = "roles/pubsub.publisher"
  member   = each.value.member
}
