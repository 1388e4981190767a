variable "project_id" {
  description = "Project of the jobs."
  type        = string
}

variable "region" {
  description = "Region of the jobs (the application's GCP_REGION: the admin API looks for them there)."
  type        = string
}

variable "prefix" {
  description = "Job ids are `<prefix>-<job>`, as shared/ports/scheduler/port.ts expects."
  type        = string
}

variable "jobs" {
  description = "Jobs by registry name: cron `schedule` (UTC) and the `topic` id (`projects/<p>/topics/<name>`) its trigger is published to."
  type = map(object({
    schedule = string
    topic    = string
  }))
}
