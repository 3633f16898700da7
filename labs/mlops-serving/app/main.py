"""The to-do completion model behind a versioned HTTP API.

    PYTHONPATH=../mlops-python MODEL_DIR=../mlops-python/artifacts uvicorn app.main:app --port 8000

Endpoints (the same operational contract as the handbook's Node.js sample service):
  GET  /            name, app version, host (the pod name in Kubernetes), model version
  GET  /healthz     liveness: 200 while the process works, 500 if the model failed to load
  GET  /readyz      readiness: 200 only once the model is loaded, 503 before
  GET  /metrics     Prometheus text format
  GET  /v1/model    what is loaded: name, version, hash, training time, metrics, features
  POST /v1/predict  1 to 100 raw to-dos in, P(completed on time) out; X-Model-Version header

Configuration (environment variables):
  MODEL_DIR                  directory with model.joblib and model.json (default: model)
  MODEL_VERSION              version to report, e.g. the registry version (default: hash-based)
  APP_VERSION                version of this code, set by the Dockerfile (default: dev)
  MODEL_LOAD_DELAY_SECONDS   wait this long before loading, to watch readiness work (default: 0)
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time
import uuid
from contextlib import asynccontextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from app import metrics
from app.model import LoadedModel, check_model_dir, load_model, to_frame

APP_NAME = "todo-completion-api"
MAX_INSTANCES = 100

log = logging.getLogger(APP_NAME)
logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), format="%(message)s")


def log_json(level: int, message: str, **fields) -> None:
    """One JSON object per line on stdout, like the sample service: easy to collect and query."""
    entry = {"time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
             "level": logging.getLevelName(level).lower(), "msg": message, **fields}
    log.log(level, json.dumps(entry))


# ---------------------------------------------------------------------------------------------
# Request and response models (Pydantic v2). Invalid input never reaches the model: FastAPI
# answers 422 with the exact field and reason, and /docs shows the schema.
# ---------------------------------------------------------------------------------------------
class Todo(BaseModel):
    """The raw fields of a new to-do, as the to-do API receives them (features.RAW_COLUMNS)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    created_at: AwareDatetime | None = Field(default=None, description="Defaults to now (UTC)")
    title: str = Field(min_length=1, max_length=200)
    priority: Literal["low", "medium", "high"]
    list_name: str = Field(min_length=1, max_length=50, examples=["work"])
    client: str = Field(min_length=1, max_length=30, examples=["web"])
    due_in_days: int | None = Field(default=None, ge=0, le=365, description="null: no due date")
    has_reminder: bool = False
    open_todos: int = Field(ge=0, le=10_000)
    account_age_days: int | None = Field(default=None, ge=0, le=20_000)


class PredictRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    instances: list[Todo] = Field(min_length=1, max_length=MAX_INSTANCES)


class Prediction(BaseModel):
    probability_on_time: float = Field(ge=0, le=1)
    on_time: bool


class PredictResponse(BaseModel):
    model_config = ConfigDict(protected_namespaces=())  # allow fields named model_*

    model_name: str
    model_version: str
    predictions: list[Prediction]


# ---------------------------------------------------------------------------------------------
# Service state and start-up: the server answers /healthz at once and loads the model in the
# background; /readyz turns 200 only when the model is in memory.
# ---------------------------------------------------------------------------------------------
class Service:
    def __init__(self) -> None:
        self.model_dir = Path(os.environ.get("MODEL_DIR", "model"))
        self.model_version = os.environ.get("MODEL_VERSION") or None
        self.app_version = os.environ.get("APP_VERSION", "dev")
        self.load_delay = float(os.environ.get("MODEL_LOAD_DELAY_SECONDS", "0"))
        self.host = os.environ.get("POD_NAME") or socket.gethostname()
        self.model: LoadedModel | None = None
        self.load_error: str | None = None

    async def load(self) -> None:
        await asyncio.sleep(self.load_delay)
        try:
            # Deserializing is blocking work: run it in a thread so probes keep being answered.
            model = await asyncio.to_thread(load_model, self.model_dir, self.model_version)
        except Exception as error:  # noqa: BLE001 - any failure means: do not serve
            self.load_error = str(error)
            log_json(logging.ERROR, "model load failed", error=self.load_error)
            return
        metrics.MODEL_INFO.labels(model.name, model.version, model.sha256[:12]).set(1)
        metrics.MODEL_LOAD_SECONDS.set(model.load_seconds)
        self.model = model
        log_json(logging.INFO, "model loaded", model=model.name, model_version=model.version,
                 seconds=model.load_seconds)


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Replaces the deprecated @app.on_event("startup") / ("shutdown") handlers.
    service = Service()
    check_model_dir(service.model_dir)  # no model at all is a deployment error: fail fast, loudly
    app.state.service = service
    task = asyncio.create_task(service.load())
    log_json(logging.INFO, "started", app_version=service.app_version, model_dir=str(service.model_dir))
    yield
    # Shutdown: uvicorn has stopped accepting connections and finished the requests in flight.
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task
    log_json(logging.INFO, "shutdown complete")


app = FastAPI(title=APP_NAME, version="1", lifespan=lifespan)


def service_of(request: Request) -> Service:
    return request.app.state.service


@app.middleware("http")
async def observe(request: Request, call_next):
    """Request ID, JSON access log and RED metrics for every request."""
    request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    started = time.perf_counter()
    status = 500
    try:
        response = await call_next(request)
        status = response.status_code
        response.headers["X-Request-ID"] = request_id
        return response
    finally:
        elapsed = time.perf_counter() - started
        route = request.scope.get("route")
        template = route.path if route is not None else "unmatched"  # /v1/predict, never raw URLs
        metrics.REQUESTS.labels(request.method, template, str(status)).inc()
        metrics.LATENCY.labels(request.method, template).observe(elapsed)
        if template not in ("/healthz", "/readyz", "/metrics"):
            log_json(logging.INFO, "request", method=request.method, route=template, status=status,
                     duration_ms=round(elapsed * 1000, 1), request_id=request_id)


@app.get("/")
def info(request: Request) -> dict:
    service = service_of(request)
    return {"name": APP_NAME, "version": service.app_version, "host": service.host,
            "model_version": service.model.version if service.model else None}


@app.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    service = service_of(request)
    if service.load_error:
        # The process cannot do its job and will not recover by itself: let Kubernetes restart it.
        return JSONResponse({"status": "error", "detail": service.load_error}, status_code=500)
    return JSONResponse({"status": "ok"})


@app.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    service = service_of(request)
    if service.model is None:
        return JSONResponse({"status": "loading model"}, status_code=503)
    return JSONResponse({"status": "ready", "model_version": service.model.version})


@app.get("/metrics")
def prometheus_metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def loaded_model(request: Request) -> LoadedModel:
    model = service_of(request).model
    if model is None:
        raise HTTPException(status_code=503, detail="model not loaded yet", headers={"Retry-After": "5"})
    return model


@app.get("/v1/model")
def model_info(request: Request) -> dict:
    model = loaded_model(request)
    return {"name": model.name, "version": model.version, "sha256": model.sha256,
            "trained_at": model.trained_at, "threshold": model.threshold,
            "metrics": model.metrics, "features": model.features}


# A plain `def`, not `async def`: predict_proba is CPU-bound, and FastAPI runs sync endpoints in
# a thread pool. Inside an `async def` it would block the event loop, probes included.
@app.post("/v1/predict", response_model=PredictResponse)
def predict(body: PredictRequest, request: Request, response: Response) -> PredictResponse:
    model = loaded_model(request)
    now = datetime.now(timezone.utc)
    rows = []
    for todo in body.instances:
        row = todo.model_dump()
        row["created_at"] = (todo.created_at or now).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        row["has_reminder"] = int(todo.has_reminder)
        rows.append(row)

    try:
        probabilities = model.predict_proba(to_frame(rows))
    except (ValueError, KeyError) as error:
        # The input passed validation but the pipeline rejected it: a bug, not the client's fault.
        log_json(logging.ERROR, "prediction failed", error=str(error))
        raise HTTPException(status_code=500, detail="prediction failed") from error

    predictions = []
    for probability in probabilities:
        on_time = probability >= model.threshold
        metrics.SCORES.labels(model.version).observe(probability)
        metrics.PREDICTIONS.labels(model.version, "on_time" if on_time else "at_risk").inc()
        predictions.append(Prediction(probability_on_time=round(probability, 4), on_time=on_time))

    response.headers["X-Model-Version"] = model.version
    return PredictResponse(model_name=model.name, model_version=model.version, predictions=predictions)
