locals {
  # The registry as Terraform uses it. Class: http, step (an event function on `step-<name>`, which dead-letters),
  # event (any other Pub/Sub function, e.g. the dead-letter recorder) or job.
  functions = {
    for f in var.registry.functions : f.name => merge(f, {
      class = f.kind == "event" && f.topic == "step-${f.name}" ? "step" : f.kind
    })
  }
  names_by_class = {
    for class in ["http", "step", "event", "job"] :
    class => [for name, f in local.functions : name if f.class == class]
  }
  topics = distinct(concat(
    [for f in local.functions : f.topic if f.topic != null],
    [var.pipelines.dead_letter_topic],
  ))
  step_topics = [for f in local.functions : f.topic if f.class == "step"]

  # Delivered by a push subscription managed here (messaging.tf: retry with backoff, the dead-letter policy) instead
  # of Eventarc, which cannot dead-letter: the steps, and notification delivery (its exhausted messages reach the
  # dead-letter function, which shows the delivery failed). Every other event and job function uses Eventarc.
  push_delivered = concat(
    local.names_by_class.step,
    [for name in ["deliver-notification"] : name if contains(keys(local.functions), name)],
  )

  # env (the suffix of secret ids, Scheduler job ids and org datasets) => ENVIRONMENT (shared/config/config.ts).
  environment = { stage = "stage", prod = "production" }[var.env]
}

check "prefix_matches_application" {
  assert {
    condition     = var.prefix == "cloudact-${var.env}"
    error_message = "The admin API looks for Scheduler jobs named cloudact-${var.env}-<job>; with prefix ${var.prefix} it reports them missing."
  }
}
