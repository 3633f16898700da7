output "url" {
  description = "The service's HTTPS address on run.app."
  value       = google_cloud_run_v2_service.todo_api.uri
}

output "image" {
  description = "What Cloud Run runs: the CI image, by digest, through the Artifact Registry cache."
  value       = local.image
}

output "alert_policy" {
  value = google_monitoring_alert_policy.server_errors.name
}
