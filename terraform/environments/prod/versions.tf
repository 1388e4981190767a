terraform {
  required_version = ">= 1.6"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
    }
  }
  # State bucket given at init: terraform init -backend-config="bucket=<state bucket>"
  backend "gcs" {
    prefix = "cloudact/prod"
  }
}
