variable "project_id" {
  description = "Project of the topics and subscriptions."
  type        = string
}

variable "prefix" {
  description = "Prefix of the subscriptions this module names itself (the retained dead-letter subscription)."
  type        = string
}

variable "topics" {
  description = "Topics by id. Ids are used as they are: the application publishes to these exact names."
  type = map(object({
    message_retention_duration = optional(string)
  }))
}

variable "publishers" {
  description = "Who may publish, by topic id: label => IAM member; authoritative (roles/pubsub.publisher on that topic is granted to these and no one else). Not the dead-letter topic, whose publisher is the Pub/Sub service agent."
  type        = map(map(string))
  default     = {}
  nullable    = false
}

variable "push_subscriptions" {
  description = "Push subscriptions by name, each delivering `topic` to `endpoint` with an OIDC token of `service_account` for `audience` (the function URL). `dead_letter` attaches the dead-letter policy."
  type = map(object({
    topic                = string
    endpoint             = string
    audience             = string
    service_account      = string
    ack_deadline_seconds = optional(number, 600)
    dead_letter          = optional(bool, true)
  }))
  default  = {}
  nullable = false
}

variable "dead_letter" {
  description = "Dead-letter topic (one of `topics`), deliveries before a message goes there (5-100), and how long its retaining subscription keeps messages (at most 7 days)."
  type = object({
    topic                 = string
    max_delivery_attempts = optional(number, 15)
    retention             = optional(string, "604800s")
  })
}

variable "retry" {
  description = "Backoff between redeliveries of push subscriptions."
  type = object({
    minimum_backoff = optional(string, "10s")
    maximum_backoff = optional(string, "600s")
  })
  default  = {}
  nullable = false
}
