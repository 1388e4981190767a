variable "project_id" {
  description = "Project of the key ring."
  type        = string
}

variable "location" {
  description = "Location of the key ring (the functions' region)."
  type        = string
}

variable "prefix" {
  description = "Key ring name. Key rings and keys cannot be deleted: reusing a prefix after a destroy means importing them."
  type        = string
}

variable "key" {
  description = "The credentials key: name, rotation period and protection level (SOFTWARE or HSM)."
  type = object({
    name             = optional(string, "credentials")
    rotation_period  = optional(string, "7776000s")
    protection_level = optional(string, "SOFTWARE")
  })
  default  = {}
  nullable = false
}

variable "users" {
  description = "Principals that wrap and unwrap data keys (roles/cloudkms.cryptoKeyEncrypterDecrypter): label => IAM member."
  type        = map(string)
  default     = {}
  nullable    = false
}
