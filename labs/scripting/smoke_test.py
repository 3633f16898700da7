#!/usr/bin/env python3
"""Smoke test for the handbook's sample service (labs/service), in standard-library Python.

The same checks as smoke-test.sh: start the service on a free port (or use --url), wait for
/readyz with retries and exponential backoff, create a to-do, read it back, check that bad input
gets a 400, check /metrics, delete the to-do, then stop the service and check its exit code.

    python3 smoke_test.py
    python3 smoke_test.py --timeout 30 --verbose
    python3 smoke_test.py --url http://localhost:8080

Exit codes: 0 every check passed, 1 a check failed, 2 wrong usage or a missing tool
(argparse itself exits with 2 on a bad argument).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger("smoke-test")
T = TypeVar("T")

SERVICE_DIR = Path(os.environ.get("SERVICE_DIR", Path(__file__).resolve().parent.parent / "service"))
METRIC_LINE = re.compile(r'^http_requests_total\{method="POST",route="/todos",status="201"\} \d+$', re.MULTILINE)


class CheckFailed(Exception):
    """A check did not pass: exit code 1."""


class GiveUp(CheckFailed):
    """A failure that no retry can fix, such as a crashed service."""


class SetupError(Exception):
    """The test could not run at all (missing tool, wrong directory): exit code 2."""


def request(base_url: str, method: str, path: str, body: object = None, timeout: float = 5.0) -> tuple[int, bytes]:
    """One HTTP request. Returns (status, body); 4xx and 5xx are answers, not exceptions."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base_url + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    token = os.environ.get("API_TOKEN")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def retry(action: Callable[[], T], *, what: str, timeout: float, first_delay: float = 0.1, max_delay: float = 2.0) -> T:
    """Calls action until it returns, waiting longer after each failure (exponential backoff with
    jitter, capped at max_delay), and gives up after timeout seconds."""
    deadline = time.monotonic() + timeout
    delay = first_delay
    attempt = 0
    while True:
        attempt += 1
        try:
            return action()
        except GiveUp:
            raise
        except (OSError, CheckFailed) as err:  # URLError and ConnectionRefusedError are OSErrors
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CheckFailed(f"{what}: gave up after {attempt} attempts in {timeout:g}s: {err}") from err
            pause = min(delay * random.uniform(0.5, 1.0), remaining)
            log.debug("%s: attempt %d failed (%s), retrying in %.2fs", what, attempt, err, pause)
            time.sleep(pause)
            delay = min(delay * 2, max_delay)


def expect(status: int, want: int, body: bytes, what: str) -> None:
    if status != want:
        raise CheckFailed(f"{what}: expected HTTP {want}, got {status}: {body[:200].decode(errors='replace')}")
    log.info("ok: %s (HTTP %d)", what, status)


def find_node() -> str:
    node = shutil.which("node")
    if node is None:
        raise SetupError("node is not on PATH (Node.js 24 or later is needed)")
    # A list of arguments and no shell: nothing in the arguments is ever interpreted by a shell.
    # check=True turns a non-zero exit code into CalledProcessError instead of a silent failure.
    version = subprocess.run([node, "--version"], check=True, capture_output=True, text=True, timeout=10).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < 24:
        raise SetupError(f"Node.js 24 or later is needed, found {version}")
    return node


class Service:
    """The sample service as a child process, started on a free port and always stopped."""

    def __init__(self, service_dir: Path, log_file: Path) -> None:
        server = service_dir / "src" / "server.ts"
        if not server.is_file():
            raise SetupError(f"no service found in {service_dir}")
        self.log_file = log_file
        env = {**os.environ, "PORT": "0", "HOST": "127.0.0.1"}  # port 0: the OS picks a free one
        with log_file.open("wb") as out:
            self.proc = subprocess.Popen([find_node(), str(server)], env=env, stdout=out, stderr=subprocess.STDOUT)
        log.info("started the service (pid %d)", self.proc.pid)

    def base_url(self) -> str:
        """Raises CheckFailed until the service has logged the port it listens on."""
        if self.proc.poll() is not None:
            raise GiveUp(f"the service exited during startup with code {self.proc.returncode}")
        for line in self.log_file.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if entry.get("msg") == "listening":
                return f"http://127.0.0.1:{entry['port']}"
        raise CheckFailed("the service has not logged its port yet")

    def stop(self) -> int | None:
        """SIGTERM, then up to ten seconds for a clean exit, then SIGKILL. Returns the exit code."""
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM on Linux and macOS; on Windows a hard stop
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                log.warning("the service ignored SIGTERM for 10s, killing it")
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def tail(self, lines: int = 5) -> str:
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])


def run_checks(base_url: str) -> None:
    title = f"smoke test {int(time.time())}"
    status, body = request(base_url, "POST", "/todos", {"title": title})
    expect(status, 201, body, "POST /todos creates a to-do")
    todo_id = json.loads(body)["id"]

    status, body = request(base_url, "GET", f"/todos/{todo_id}")
    expect(status, 200, body, f"GET /todos/{todo_id} reads it back")
    if json.loads(body).get("title") != title:
        raise CheckFailed("the to-do read back has a different title")

    status, body = request(base_url, "POST", "/todos", {"title": ""})
    expect(status, 400, body, "POST /todos refuses an empty title")

    status, body = request(base_url, "GET", "/metrics")
    expect(status, 200, body, "GET /metrics answers")
    text = body.decode()
    if not METRIC_LINE.search(text):
        raise CheckFailed("/metrics does not count the POST that returned 201")
    if not re.search(r"^todos_count ", text, re.MULTILINE):
        raise CheckFailed("/metrics has no todos_count gauge")
    log.info("ok: /metrics counts requests by route and status")

    status, body = request(base_url, "DELETE", f"/todos/{todo_id}")
    expect(status, 204, body, f"DELETE /todos/{todo_id} cleans up")


def wait_until_ready(base_url: Callable[[], str], timeout: float) -> str:
    def probe() -> str:
        url = base_url()
        status, _ = request(url, "GET", "/readyz", timeout=2)
        if status != 200:
            raise CheckFailed(f"/readyz answered {status}")
        return url

    started = time.monotonic()
    url = retry(probe, what="waiting for /readyz", timeout=timeout)
    log.info("ok: ready at %s after %.1fs", url, time.monotonic() - started)
    return url


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Smoke-test the handbook's sample to-do service.")
    parser.add_argument("--url", help="test a service already running at this base URL instead of starting one")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for readiness (default: 15)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every retry")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s smoke-test: %(message)s",
        datefmt="%H:%M:%S",
    )
    # Turn SIGTERM (from CI cancelling the job, for example) into an exception, so the finally
    # block below still stops the child process.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    service = None
    passed = False
    try:
        with tempfile.TemporaryDirectory(prefix="smoke-test.") as tmp:
            try:
                if args.url:
                    base_url = wait_until_ready(lambda: args.url.rstrip("/"), args.timeout)
                else:
                    service = Service(SERVICE_DIR, Path(tmp) / "service.log")
                    base_url = wait_until_ready(service.base_url, args.timeout)
                run_checks(base_url)
                if service is not None:
                    code = service.stop()
                    if code != 0 and os.name != "nt":
                        raise CheckFailed(f"the service exited with code {code} after SIGTERM, expected 0")
                    log.info("ok: the service stopped cleanly on SIGTERM")
                passed = True
            finally:
                # Runs on success, on a failed check, on Ctrl-C and on SIGTERM.
                if service is not None:
                    service.stop()
                    if not passed:
                        log.info("last lines of the service log:\n%s", service.tail())
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
    except CheckFailed as err:
        log.error("FAIL: %s", err)
        return 1
    except (SetupError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
        log.error("FAIL: %s", err)
        return 2
    log.info("PASS: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
