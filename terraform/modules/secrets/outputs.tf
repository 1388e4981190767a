output "ids" {
  description = "Secret ids by name; available once every accessor grant exists (a function mounting a secret needs its grant first)."
  value       = { for name, s in google_secret_manager_secret.secret : name => s.secret_id }
  depends_on  = [google_secret_manager_secret_iam_binding.accessor]
}
