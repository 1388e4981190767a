variable "project_id" {
  description = "Project of the stage environment (one project per environment)."
  type        = string
}

variable "region" {
  description = "Region of the functions, Scheduler jobs and key ring."
  type        = string
  default     = "us-central1"
}

variable "prefix" {
  description = "Prefix of every resource name; the application expects `cloudact-stage`."
  type        = string
  default     = "cloudact-stage"
}

variable "domain" {
  description = "Domain of the API (managed certificate), e.g. api.stage.example.com."
  type        = string
}

variable "settings" {
  description = "Settings the functions receive beyond the fixed production ones (see terraform/README.md). `secrets_as_env` mounts the secrets as variables instead of reading Secret Manager at run time."
  type = object({
    supabase_url      = string
    supabase_jwks_url = optional(string)
    jwt_audience      = optional(string, "authenticated")
    bigquery_location = optional(string, "US")
    log_level         = optional(string, "info")
    secrets_as_env    = optional(bool, false)
    env               = optional(map(string), {})
  })
}

variable "sizing" {
  description = "Runtime sizing by function class (http, step, event, job) or registry name; unset fields keep the platform defaults."
  type = map(object({
    memory          = optional(string)
    cpu             = optional(string)
    timeout_seconds = optional(number)
    min_instances   = optional(number)
    max_instances   = optional(number)
    concurrency     = optional(number)
  }))
  default = {}
}
