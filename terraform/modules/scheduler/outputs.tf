output "jobs" {
  description = "Job ids by registry name."
  value       = { for name, j in google_cloud_scheduler_job.job : name => j.id }
}
