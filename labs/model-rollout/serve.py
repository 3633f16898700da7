#!/usr/bin/env python3
"""A small HTTP scorer for the to-do model that keeps a prediction log and can mirror traffic.

    python3 serve.py --model models/challenger.json --port 8001
    python3 serve.py --model models/champion.json --port 8000 --shadow-url http://127.0.0.1:8001

Standard library only, so it runs in a plain python image with no build step. It keeps the
serving chapter's contract (POST /v1/predict with "instances", X-Model-Version, /healthz, /readyz)
and adds what a rollout needs:

  GET /predictions   the most recent prediction log records as JSON lines (?limit=N&role=R),
                     the input of analyze_canary.py. Every record also goes to stdout.
  --shadow-url URL   app-level mirroring: after answering, send a copy of each request to URL
                     with the same X-Request-ID and "X-Shadow-Request: 1". The copy's answer is
                     thrown away; a slow or dead shadow never delays or fails the caller, and
                     copies beyond --mirror-max-in-flight are dropped and counted.

A request counts as shadow traffic (role "shadow" in the log) when it carries X-Shadow-Request,
or when its Host ends in "-shadow", which Envoy-based mirrors (Istio, Envoy Gateway) add.

Settings also come from the environment: MODEL_FILE, HOST, PORT, SHADOW_URL.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import todo_model

MAX_INSTANCES = 100
MAX_BODY = 256 * 1024
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Mirror:
    """Fire-and-forget copies of requests to a shadow, bounded so it can never hurt the caller."""

    def __init__(self, url: str, max_in_flight: int, timeout: float) -> None:
        self.url = url.rstrip("/") + "/v1/predict"
        self.timeout = timeout
        self.slots = threading.BoundedSemaphore(max_in_flight)
        self.pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="mirror")
        self.lock = threading.Lock()
        self.counts = {"sent": 0, "failed": 0, "dropped": 0}

    def count(self, what: str) -> None:
        with self.lock:
            self.counts[what] += 1

    def submit(self, body: bytes, request_id: str) -> None:
        if not self.slots.acquire(blocking=False):
            self.count("dropped")  # the shadow is behind: drop the copy, never queue without bound
            return
        self.pool.submit(self.send, body, request_id)

    def send(self, body: bytes, request_id: str) -> None:
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json", "X-Request-ID": request_id, "X-Shadow-Request": "1"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()  # the answer is ignored: users only ever see the primary's
            self.count("sent")
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError):
            self.count("failed")
        finally:
            self.slots.release()


class Scorer:
    def __init__(self, model: todo_model.Model, keep: int, quiet: bool, mirror: Mirror | None) -> None:
        self.model = model
        self.log: deque[dict] = deque(maxlen=keep)
        self.lock = threading.Lock()
        self.quiet = quiet
        self.mirror = mirror
        self.host = os.environ.get("POD_NAME") or socket.gethostname()

    def record(self, entry: dict) -> None:
        with self.lock:
            self.log.append(entry)
        if not self.quiet:
            print(json.dumps(entry, separators=(",", ":")), flush=True)


def make_handler(scorer: Scorer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "todo-scorer"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the prediction log replaces access logs
            pass

        def send_json(self, status: int, document: dict, headers: dict[str, str] | None = None) -> None:
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - the name http.server expects
            url = urlsplit(self.path)
            model = scorer.model
            if url.path == "/":
                mirror = scorer.mirror
                self.send_json(200, {"name": "todo-scorer", "host": scorer.host, "model_version": model.version,
                                     "model_sha256": model.sha256,
                                     "shadow_url": mirror.url if mirror else None,
                                     "mirror": dict(mirror.counts) if mirror else None})
            elif url.path == "/healthz":
                self.send_json(200, {"status": "ok"})
            elif url.path == "/readyz":
                self.send_json(200, {"status": "ready", "model_version": model.version})
            elif url.path == "/predictions":
                query = parse_qs(url.query)
                try:
                    limit = max(1, int(query.get("limit", ["5000"])[0]))
                except ValueError:
                    self.send_json(400, {"detail": "limit: an integer"})
                    return
                role = query.get("role", [None])[0]
                with scorer.lock:
                    entries = [e for e in scorer.log if role is None or e["role"] == role][-limit:]
                body = "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in entries).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_json(404, {"detail": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            started = time.perf_counter()
            if urlsplit(self.path).path != "/v1/predict":
                self.send_json(404, {"detail": "not found"})
                return
            supplied = self.headers.get("X-Request-ID", "")
            request_id = supplied if REQUEST_ID.match(supplied) else uuid.uuid4().hex
            host = (self.headers.get("Host") or "").split(":")[0]
            role = "shadow" if self.headers.get("X-Shadow-Request") or host.endswith("-shadow") else "primary"
            model = scorer.model
            common = {"request_id": request_id, "model": model, "role": role}

            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if 0 < length <= MAX_BODY else b""
            try:
                document = json.loads(body)
                instances = document["instances"]
                if not isinstance(instances, list) or not 1 <= len(instances) <= MAX_INSTANCES:
                    raise ValueError(f"instances: a list of 1 to {MAX_INSTANCES} to-dos")
                problems = [f"instances[{i}].{p}" for i, todo in enumerate(instances) for p in todo_model.validate(todo)]
                if problems:
                    raise ValueError("; ".join(problems))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
                detail = str(error) if isinstance(error, ValueError) and not isinstance(error, json.JSONDecodeError) \
                    else 'a JSON object with "instances" is required'
                scorer.record(todo_model.log_record(time=now(), item=0, status=422, error=detail[:200],
                                                    latency_ms=(time.perf_counter() - started) * 1000, **common))
                self.send_json(422, {"detail": detail}, {"X-Request-ID": request_id})
                return

            predictions = [model.predict(todo) for todo in instances]
            elapsed = (time.perf_counter() - started) * 1000
            self.send_json(200, {"model_name": model.name, "model_version": model.version,
                                 "predictions": [{"probability_on_time": s, "on_time": t} for s, t in predictions]},
                           {"X-Model-Version": model.version, "X-Request-ID": request_id})
            stamp = now()
            for item, (score, on_time) in enumerate(predictions):
                scorer.record(todo_model.log_record(time=stamp, item=item, status=200, latency_ms=elapsed,
                                                    score=score, on_time=on_time, **common))
            if scorer.mirror and role == "primary":  # after the answer is sent; never mirror a mirror
                scorer.mirror.submit(body, request_id)

    return Handler


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("--model", default=os.environ.get("MODEL_FILE", "models/champion.json"),
                        help="model JSON file (env MODEL_FILE; default models/champion.json)")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"), help="address to listen on (env HOST; default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")), help="port, 0 for any free port (env PORT; default 8000)")
    parser.add_argument("--shadow-url", default=os.environ.get("SHADOW_URL") or None, help="mirror each request to this base URL (env SHADOW_URL)")
    parser.add_argument("--mirror-max-in-flight", type=int, default=32, help="copies in flight before new ones are dropped (default 32)")
    parser.add_argument("--mirror-timeout", type=float, default=2.0, help="seconds per mirrored request (default 2)")
    parser.add_argument("--keep", type=int, default=5000, help="prediction records kept for /predictions (default 5000)")
    parser.add_argument("--quiet", action="store_true", help="do not print prediction records to stdout")
    args = parser.parse_args()

    try:
        model = todo_model.load(args.model)
    except todo_model.ModelError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    mirror = Mirror(args.shadow_url, args.mirror_max_in_flight, args.mirror_timeout) if args.shadow_url else None
    scorer = Scorer(model, args.keep, args.quiet, mirror)
    server = ThreadingHTTPServer((args.host, args.port), make_handler(scorer))
    server.daemon_threads = True

    def stop(signum: int, _frame) -> None:
        # shutdown() waits for serve_forever() to return, so call it from another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(json.dumps({"time": now(), "msg": "listening", "host": args.host, "port": server.server_address[1],
                      "model_version": model.version, "model_sha256": model.sha256[:12],
                      "shadow_url": mirror.url if mirror else None}), flush=True)
    server.serve_forever()
    server.server_close()
    if mirror:
        mirror.pool.shutdown(wait=False, cancel_futures=True)
    print(json.dumps({"time": now(), "msg": "stopped", "mirror": mirror.counts if mirror else None}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
