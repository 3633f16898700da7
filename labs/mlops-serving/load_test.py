#!/usr/bin/env python3
"""Send concurrent prediction requests and report latency percentiles. Standard library only.

    python3 load_test.py                                    # 500 requests, 8 at a time, localhost:8000
    python3 load_test.py --url http://localhost:8080 --requests 2000 --concurrency 16
    python3 load_test.py --duration 180 --report-every 10   # run for 3 minutes, a line every 10 s

Every request posts one or more random to-dos to /v1/predict. The report counts status codes
and the X-Model-Version headers it saw, so during a rolling update you watch one version
replace the other and check that not a single request failed.

Each request opens a new connection (urllib has no keep-alive): the numbers include the TCP
handshake, a pessimistic but honest view of what a client without a connection pool sees.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

TITLES = ["Buy milk", "Renew passport", "Review pull request #118", "Pay the electricity bill",
          "Book flights for the Lisbon offsite", "Call Hana", "Fix flaky test in CI"]


def random_todo(rng: random.Random) -> dict:
    return {
        "title": rng.choice(TITLES),
        "priority": rng.choice(["low", "medium", "high"]),
        "list_name": rng.choice(["work", "personal", "shopping", "errands"]),
        "client": rng.choice(["web", "ios", "android", "api"]),
        "due_in_days": rng.choice([None, 0, 1, 3, 7, 14]),
        "has_reminder": rng.random() < 0.4,
        "open_todos": rng.randint(0, 60),
        "account_age_days": rng.randint(0, 1500),
    }


class Stats:
    """Thread-safe collection of results, for the whole run and for the current interval."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.versions: Counter = Counter()
        self.interval: list[tuple[float, str, str]] = []

    def add(self, seconds: float, status: str, version: str) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] += 1
            self.versions[version] += 1
            self.interval.append((seconds, status, version))

    def take_interval(self) -> list[tuple[float, str, str]]:
        with self.lock:
            taken, self.interval = self.interval, []
        return taken


def percentile(values: list[float], p: int) -> float:
    """p-th percentile, inclusive method; fine for the few thousand samples of a lab run."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def send(url: str, body: bytes, timeout: float) -> tuple[str, str]:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return str(response.status), response.headers.get("X-Model-Version", "-")
    except urllib.error.HTTPError as error:  # 4xx and 5xx still carry a status code
        error.read()
        return str(error.code), error.headers.get("X-Model-Version", "-")
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        return f"error: {type(reason).__name__}", "-"


def worker(args: argparse.Namespace, stats: Stats, seed: int, stop_at: float, quota: list[int]) -> None:
    rng = random.Random(seed)
    url = args.url.rstrip("/") + "/v1/predict"
    while time.monotonic() < stop_at:
        with stats.lock:  # request-count mode: take one request from the shared quota
            if quota[0] <= 0:
                return
            quota[0] -= 1
        body = json.dumps({"instances": [random_todo(rng) for _ in range(args.batch)]}).encode()
        started = time.perf_counter()
        status, version = send(url, body, args.timeout)
        stats.add(time.perf_counter() - started, status, version)


def reporter(stats: Stats, every: float, done: threading.Event) -> None:
    while not done.wait(every):
        window = stats.take_interval()
        if not window:
            continue
        latencies = [seconds for seconds, _, _ in window]
        errors = sum(1 for _, status, _ in window if not status.startswith("2"))
        versions = Counter(version for _, _, version in window)
        print(f"  {len(window) / every:7.1f} req/s  p95 {percentile(latencies, 95) * 1000:7.1f} ms  "
              f"errors {errors:4d}  versions {dict(versions)}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8000", help="base URL of the API")
    parser.add_argument("--requests", type=int, default=500, help="total requests (ignored with --duration)")
    parser.add_argument("--duration", type=float, default=0, help="run for this many seconds instead")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once")
    parser.add_argument("--batch", type=int, default=1, help="to-dos per request (1 to 100)")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per request")
    parser.add_argument("--report-every", type=float, default=5.0, help="seconds between progress lines")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    stats = Stats()
    stop_at = time.monotonic() + (args.duration if args.duration > 0 else 24 * 3600)
    quota = [sys.maxsize if args.duration > 0 else args.requests]
    done = threading.Event()
    progress = threading.Thread(target=reporter, args=(stats, args.report_every, done), daemon=True)

    mode = f"for {args.duration:g} s" if args.duration > 0 else f"{args.requests} requests"
    print(f"POST {args.url.rstrip('/')}/v1/predict, {mode}, concurrency {args.concurrency}, "
          f"batch {args.batch}", flush=True)
    started = time.perf_counter()
    progress.start()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        for index in range(args.concurrency):
            pool.submit(worker, args, stats, args.seed + index, stop_at, quota)
    elapsed = time.perf_counter() - started
    done.set()

    if not stats.latencies:
        print("no requests were sent")
        return 1
    latencies = sorted(stats.latencies)
    failed = sum(count for status, count in stats.statuses.items() if not status.startswith("2"))
    print(f"\n{len(latencies)} requests in {elapsed:.1f} s: {len(latencies) / elapsed:.1f} req/s, "
          f"{failed} failed")
    print("latency ms: " + "  ".join(
        f"p{p} {percentile(latencies, p) * 1000:.1f}" for p in (50, 90, 95, 99)
    ) + f"  max {latencies[-1] * 1000:.1f}")
    print(f"status codes: {dict(stats.statuses)}")
    print(f"model versions: {dict(stats.versions)}")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
