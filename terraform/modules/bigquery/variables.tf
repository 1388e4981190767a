variable "project_id" {
  description = "Project of the warehouse."
  type        = string
}

variable "location" {
  description = "BigQuery location of every dataset (the application's BIGQUERY_LOCATION)."
  type        = string
}

variable "prefix" {
  description = "Prefix of the custom role id (hyphens become underscores)."
  type        = string
}

variable "dataset_id" {
  description = "The central dataset (shared/datasets/central.ts CENTRAL_DATASET)."
  type        = string
  default     = "organizations"
}

variable "users" {
  description = "Principals that read and write the warehouse, creating per-org datasets at onboarding: label => IAM member."
  type        = map(string)
  default     = {}
  nullable    = false
}
