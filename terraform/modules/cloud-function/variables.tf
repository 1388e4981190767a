variable "project_id" {
  description = "Project the function lives in."
  type        = string
}

variable "region" {
  description = "Region of the function and of its Eventarc trigger."
  type        = string
}

variable "prefix" {
  description = "Prefix of every resource name: the function is `<prefix>-<name>`."
  type        = string
}

variable "name" {
  description = "Registry name: bundle folder, entry point, and the function name after the prefix."
  type        = string
}

variable "service_account" {
  description = "Runtime service account email, one per function. Created by the caller, so grants to it never wait for the function."
  type        = string
}

variable "bundle" {
  description = "The built bundle: `source_dir` (dist/functions/<name>), its content `hash` from dist/registry.json (names the uploaded zip) and the `bucket` it is uploaded to."
  type = object({
    source_dir = string
    hash       = string
    bucket     = string
  })
}

variable "build" {
  description = "Cloud Build identity (`projects/.../serviceAccounts/...`) and Artifact Registry repository id for the image; null keeps Google's defaults."
  type = object({
    service_account   = optional(string)
    docker_repository = optional(string)
  })
  default  = {}
  nullable = false
}

variable "service" {
  description = "Runtime sizing. Concurrency above 1 needs at least one CPU."
  type = object({
    memory          = optional(string, "512Mi")
    cpu             = optional(string, "1")
    timeout_seconds = optional(number, 60)
    min_instances   = optional(number, 0)
    max_instances   = optional(number, 10)
    concurrency     = optional(number, 1)
  })
  default  = {}
  nullable = false
}

variable "environment_variables" {
  description = "Plain environment variables: the platform settings the function parses at start."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "secret_environment_variables" {
  description = "Variables resolved from Secret Manager when an instance starts: variable name => secret id (latest version). The runtime service account needs accessor on each, and each secret needs a version before the deploy."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "trigger" {
  description = "Pub/Sub delivery for event and job functions; null makes an HTTP function. `eventarc = true`: an Eventarc trigger on `topic` (retry policy RETRY_POLICY_RETRY). `eventarc = false`: the caller owns a push subscription (to attach a dead-letter policy). Either way calls carry an OIDC token of `service_account` (the trigger's own account), the only principal given roles/run.invoker on the function."
  type = object({
    topic           = string
    service_account = string
    eventarc        = optional(bool, true)
  })
  default = null
}

variable "public" {
  description = "HTTP functions only: roles/run.invoker for allUsers. For functions that authenticate every request themselves; ingress still admits only the load balancer."
  type        = bool
  default     = false
  nullable    = false
}

variable "labels" {
  description = "Labels of the function."
  type        = map(string)
  default     = {}
  nullable    = false
}
