variable "project_id" {
  description = "Project of the secrets."
  type        = string
}

variable "suffix" {
  description = "Environment suffix: secret ids are `<name>-<suffix>` (shared/ports/secrets/port.ts), e.g. `database-url-prod`."
  type        = string
}

variable "names" {
  description = "Secret names: the application's (SecretName, read through the secrets port) and those mounted as a variable only (e.g. smtp-url as SMTP_URL)."
  type        = set(string)
}

variable "accessors" {
  description = "Who reads each secret, by secret name: label => IAM member; authoritative (roles/secretmanager.secretAccessor on that secret is granted to these and no one else)."
  type        = map(map(string))
  default     = {}
  nullable    = false
}
