# The alert the eight-week plan asks for: one symptom users feel. It fires when more than
# error_ratio_threshold of the service's requests fail with a 5xx status over five minutes, and
# sends an e-mail. Unlike the rest of this module, alerting is not free: Cloud Monitoring bills a
# small monthly amount per condition (the console shows the estimate). Destroy it with the lab.

resource "google_monitoring_notification_channel" "email" {
  display_name = "todo-api lab e-mail"
  type         = "email"
  labels = {
    email_address = var.alert_email
  }

  depends_on = [google_project_service.apis]
}

locals {
  # Every request to the service, as Cloud Run counts them, and the subset that got a 5xx answer.
  requests = join(" AND ", [
    "resource.type = \"cloud_run_revision\"",
    "resource.labels.service_name = \"${google_cloud_run_v2_service.todo_api.name}\"",
    "metric.type = \"run.googleapis.com/request_count\"",
  ])
  server_errors = "${local.requests} AND metric.labels.response_code_class = \"5xx\""
}

resource "google_monitoring_alert_policy" "server_errors" {
  display_name = "todo-api: too many requests fail with 5xx"
  combiner     = "OR"
  severity     = "ERROR"

  conditions {
    display_name = "5xx share of requests over 5 minutes above ${var.error_ratio_threshold}"

    # A ratio: 5xx responses divided by all responses, both summed over a sliding 5-minute window.
    condition_threshold {
      filter             = local.server_errors
      denominator_filter = local.requests

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }
      denominator_aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }

      comparison      = "COMPARISON_GT"
      threshold_value = var.error_ratio_threshold
      duration        = "0s"
      trigger {
        count = 1
      }
    }
  }

  notification_channels = [google_monitoring_notification_channel.email.name]

  alert_strategy {
    # Close the incident by itself once the errors have stopped for half an hour.
    auto_close = "1800s"
  }

  # What the person who gets the e-mail reads first: the runbook entry, in short.
  documentation {
    mime_type = "text/markdown"
    content   = <<-EOT
      More than ${var.error_ratio_threshold * 100}% of todo-api's requests failed with a 5xx status over the last 5 minutes.

      1. Open the service's logs in Cloud Run: which status codes, which routes, any `unhandled error` lines?
      2. 507 means the in-memory store is full (MAX_TODOS). Other codes right after a deployment: suspect the new revision.
      3. Roll back by deploying the previous image digest; do not rebuild.
    EOT
  }
}
