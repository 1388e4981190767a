output "key_id" {
  description = "Key name for KMS_KEY_NAME (`projects/.../locations/.../keyRings/.../cryptoKeys/...`)."
  value       = google_kms_crypto_key.credentials.id
}
