# Authoritative per topic: these are the topic's only publishers (the dead-letter topic's is the Pub/Sub agent,
# subscriptions.tf).
resource "google_pubsub_topic_iam_binding" "publisher" {
  for_each = var.publishers
  project  = var.project_id
  topic    = google_pubsub_topic.topic[each.key].name
  role     = "roles/pubsub.publisher"
  members  = values(each.value)

  lifecycle {
    precondition {
      condition     = each.key != var.dead_letter.topic
      error_message = "The dead-letter topic's publisher is the Pub/Sub service agent; it takes no publishers."
    }
  }
}
