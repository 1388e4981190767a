resource "google_pubsub_topic" "topic" {
  for_each                   = var.topics
  project                    = var.project_id
  name                       = each.key
  message_retention_duration = each.value.message_retention_duration
}
