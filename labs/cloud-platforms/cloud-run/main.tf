# REAL GOOGLE CLOUD PROJECT ONLY, sized for the free tier. This root module runs the to-do service
# on Cloud Run: the image your CI/CD pipeline published to ghcr.io, pulled by digest through an
# Artifact Registry remote repository, with at most one instance and no idle charge. alert.tf adds
# the alert on server errors.
#
#   gcloud auth application-default login      # short-lived credentials for Terraform
#   terraform init
#   terraform apply -var project_id=... -var github_owner=... -var image_digest=sha256:... \
#                   -var alert_email=you@example.com
#   terraform destroy                           # when you are done
#
# Why Cloud Run, in an otherwise AWS lab: it scales to zero and its monthly free tier covers this
# service, so it costs nothing while idle. The chapter compares the AWS options.

terraform {
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    google = {
      source = "hashicorp/google"
      # Checked against the 7.x docs; the 8.0 upgrade guide changes none of the resources used here.
      version = ">= 7.0, < 9.0"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region

  # Google Cloud's default_tags: labels on every resource that has a labels field. Label values
  # must be lower case, hence cc-1234 rather than the AWS lab's CC-1234.
  default_labels = {
    team        = "platform"
    service     = "todo-api"
    environment = "dev"
    cost-center = "cc-1234"
    managed-by  = "terraform"
  }
}

# The APIs this module uses. Left enabled on destroy: turning an API off can break other things
# in the project, and an enabled API costs nothing by itself.
resource "google_project_service" "apis" {
  for_each = toset(["run.googleapis.com", "artifactregistry.googleapis.com", "monitoring.googleapis.com"])

  service            = each.value
  disable_on_destroy = false
}

# A pull-through cache of ghcr.io: Cloud Run deploys from Artifact Registry, and this repository
# fetches the image from GitHub Container Registry the first time it is asked for it. Storage
# up to 0.5 GB per billing account is free; one image of the service is far below that.
resource "google_artifact_registry_repository" "ghcr" {
  location      = var.region
  repository_id = "ghcr"
  description   = "Pull-through cache of ghcr.io for the todo-api lab"
  format        = "DOCKER"
  mode          = "REMOTE_REPOSITORY"

  remote_repository_config {
    description = "GitHub Container Registry"
    common_repository {
      uri = "https://ghcr.io"
    }
  }

  depends_on = [google_project_service.apis]
}

# The identity the service runs as. It holds no roles: the to-do service calls no Google API,
# and the project's default compute service account would give it far more than it needs.
resource "google_service_account" "todo_api" {
  account_id   = "todo-api-run"
  display_name = "todo-api on Cloud Run (no permissions)"
}

locals {
  # Promote by digest: the exact bytes CI built, tested and attested, never a tag.
  image = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.ghcr.repository_id}/${var.github_owner}/todo-api@${var.image_digest}"
}

resource "google_cloud_run_v2_service" "todo_api" {
  name     = "todo-api"
  location = var.region
  ingress  = "INGRESS_TRAFFIC_ALL"

  # Anyone may call the public URL, as with the load balancer in the AWS network of this lab.
  # The alternative is a roles/run.invoker binding for allUsers.
  invoker_iam_disabled = true

  # A lab service: let terraform destroy remove it. Keep the default (true) for real services.
  deletion_protection = false

  template {
    service_account = google_service_account.todo_api.email

    scaling {
      # Zero when idle, one at most: no charge between requests, and no runaway scale-out bill.
      # One instance also means one in-memory store, which the alert exercise relies on.
      min_instance_count = 0
      max_instance_count = 1
    }

    containers {
      image = local.image

      ports {
        container_port = 8080
      }

      env {
        name  = "MAX_TODOS"
        value = tostring(var.max_todos)
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
        # CPU only while a request is being served: request-based billing, where the free tier's
        # vCPU-seconds and GiB-seconds apply.
        cpu_idle = true
      }

      # The same probes as the Kubernetes manifests of the containers chapter.
      startup_probe {
        period_seconds    = 2
        failure_threshold = 10
        http_get {
          path = "/readyz"
        }
      }

      liveness_probe {
        http_get {
          path = "/healthz"
        }
      }
    }
  }

  depends_on = [google_project_service.apis]
}
