output "topic_ids" {
  description = "Topic ids (`projects/<p>/topics/<name>`) by name."
  value       = { for name, t in google_pubsub_topic.topic : name => t.id }
}

output "push_subscriptions" {
  description = "Managed push subscriptions by name, with the dead-letter topic each forwards to (null when none)."
  value = {
    for name, s in google_pubsub_subscription.push :
    name => try(s.dead_letter_policy[0].dead_letter_topic, null)
  }
}

output "dead_letter_subscription" {
  description = "Pull subscription retaining every dead letter (inspect with `gcloud pubsub subscriptions pull`)."
  value       = google_pubsub_subscription.dead_letter_retained.name
}
