resource "google_kms_key_ring" "ring" {
  project  = var.project_id
  name     = var.prefix
  location = var.location
}

# Envelope encryption of provider credentials: the application seals each credential with its own data key and
# has this key wrap it (shared/ports/encryption/cloud-kms.ts). GOOGLE_SYMMETRIC_ENCRYPTION is AES-256-GCM.
resource "google_kms_crypto_key" "credentials" {
  name            = var.key.name
  key_ring        = google_kms_key_ring.ring.id
  purpose         = "ENCRYPT_DECRYPT"
  rotation_period = var.key.rotation_period

  version_template {
    algorithm        = "GOOGLE_SYMMETRIC_ENCRYPTION"
    protection_level = var.key.protection_level
  }

  # Destroying the key makes every stored credential unreadable.
  lifecycle {
    prevent_destroy = true
  }
}
