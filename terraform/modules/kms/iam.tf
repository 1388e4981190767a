resource "google_kms_crypto_key_iam_member" "users" {
  for_each      = var.users
  crypto_key_id = google_kms_crypto_key.credentials.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = each.value
}
