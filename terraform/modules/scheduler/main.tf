# Cloud Scheduler publishes a fixed message: it cannot put the fire time in the payload, so the job functions
# take `scheduled_at` from the Pub/Sub publishTime when the message has none.
resource "google_cloud_scheduler_job" "job" {
  for_each    = var.jobs
  project     = var.project_id
  region      = var.region
  name        = "${var.prefix}-${each.key}"
  description = "Publishes the ${each.key} trigger."
  schedule    = each.value.schedule
  time_zone   = "Etc/UTC"

  pubsub_target {
    topic_name = each.value.topic
    data       = base64encode(jsonencode({ job = each.key }))
    attributes = { job = each.key }
  }
}
