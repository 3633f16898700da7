"""Prometheus metrics: the RED metrics of any HTTP service, plus what the model itself does.

The HTTP metrics use the same names as the handbook's Node.js sample service, so one dashboard
and one set of alerts serve both. Labels stay low-cardinality: the route template, never the URL.

One process per container keeps these in-process counters correct. With several uvicorn
workers in one container, each worker would keep its own counters and every scrape would see
a different one; prometheus_client then needs its multiprocess mode (PROMETHEUS_MULTIPROC_DIR).
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

REQUESTS = Counter(
    "http_requests_total", "HTTP requests by method, route template and status code.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "http_request_duration_seconds", "HTTP request duration in seconds.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
PREDICTIONS = Counter(
    "model_predictions_total", "Predictions served, by model version and predicted class.",
    ["model_version", "outcome"],
)
SCORES = Histogram(
    "model_prediction_score", "Distribution of the predicted probability of completion on time.",
    ["model_version"],
    buckets=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
)
MODEL_INFO = Gauge(
    "model_info", "The loaded model; the value is always 1, the labels carry the information.",
    ["model_name", "model_version", "sha256"],
)
MODEL_LOAD_SECONDS = Gauge("model_load_duration_seconds", "Time it took to verify and load the model.")
