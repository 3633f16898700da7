#!/usr/bin/env python3
"""LLM latency, token and cost report, checked against budgets: exit 1 when one is breached.

    python3 report.py --base-url http://127.0.0.1:8089/v1 --model handbook-good
    python3 report.py --base-url http://localhost:11434/v1 --model qwen2.5:0.5b --concurrency 1
    python3 report.py ... --budgets budgets.json --prices prices.json --trace-file traces.jsonl

Standard library only. It sends the golden set's prompts --repeat times, --concurrency at once,
streaming by default so it can time the first token, and asks for usage in the stream. It reports:

  latency              request sent -> last byte, p50 and p95 (nearest-rank percentiles)
  time to first token  request sent -> first chunk with text (streaming only): queueing + prefill
  inter-token latency  (latency - TTFT) / (output tokens - 1): the decode speed users watch
  tokens per request   mean input and output tokens, as the server's `usage` reports them
  output tokens/s      per request after the first token (p50), and in aggregate over the run
  cost                 from prices.json (per million input and output tokens), per 1k requests

budgets.json has a "maximum" and a "minimum" section; each key names a metric above
(latency_p95_ms, ttft_p95_ms, output_tokens_per_request, cost_per_1k_requests_usd, ...).
--warmup requests go first and are not measured: the first call often loads the model.
Exit codes: 0 within budget, 1 a budget is breached, 2 a file, the server, the model or its price
is missing.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from llmclient import ChatResult, ClientError, Tracer, case_messages, chat, list_models

HERE = Path(__file__).resolve().parent
METRICS = (
    "latency_p50_ms", "latency_p95_ms", "ttft_p50_ms", "ttft_p95_ms", "itl_p50_ms", "itl_p95_ms",
    "input_tokens_per_request", "output_tokens_per_request", "output_tokens_per_second",
    "aggregate_output_tokens_per_second", "cost_per_request_usd", "cost_per_1k_requests_usd", "error_rate",
)


class ReportError(Exception):
    """Input problem: exit code 2, distinct from a breached budget."""


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def load_json(path: Path, what: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ReportError(f"{what} {path}: no such file") from error
    except json.JSONDecodeError as error:
        raise ReportError(f"{what} {path}: not valid JSON ({error.msg})") from error


def price_for(prices: dict, model: str, path: Path) -> dict:
    models = prices.get("models", {})
    if model not in models:
        raise ReportError(f"{path} has no price for {model!r}: add it under \"models\" (known: {', '.join(models) or 'none'})")
    return models[model]


def measure(results: list[ChatResult], wall_s: float, price: dict) -> dict:
    ok = [r for r in results if not r.error]
    with_usage = [r for r in ok if r.input_tokens is not None and r.output_tokens is not None]
    ttfts = [r.ttft_s for r in ok if r.ttft_s is not None]
    itls, speeds = [], []
    for r in with_usage:
        if r.ttft_s is None:
            continue  # without streaming, prefill and decode cannot be told apart
        decode_s = r.latency_s - r.ttft_s
        if r.output_tokens > 1:
            itls.append(decode_s / (r.output_tokens - 1))
            if decode_s > 1e-6:
                speeds.append((r.output_tokens - 1) / decode_s)
    costs = [(r.input_tokens * price["input"] + r.output_tokens * price["output"]) / 1_000_000 for r in with_usage]
    ms = lambda value: None if value is None else value * 1000  # noqa: E731
    cost = mean(costs)
    return {
        "requests": len(results),
        "errors": len(results) - len(ok),
        "error_rate": (len(results) - len(ok)) / len(results),
        "missing_usage": len(ok) - len(with_usage),
        "latency_p50_ms": ms(percentile([r.latency_s for r in ok], 50)),
        "latency_p95_ms": ms(percentile([r.latency_s for r in ok], 95)),
        "ttft_p50_ms": ms(percentile(ttfts, 50)),
        "ttft_p95_ms": ms(percentile(ttfts, 95)),
        "itl_p50_ms": ms(percentile(itls, 50)),
        "itl_p95_ms": ms(percentile(itls, 95)),
        "input_tokens_per_request": mean([r.input_tokens for r in with_usage]),
        "output_tokens_per_request": mean([r.output_tokens for r in with_usage]),
        "output_tokens_per_second": percentile(speeds, 50),
        "aggregate_output_tokens_per_second": sum(r.output_tokens for r in with_usage) / wall_s if wall_s > 0 else None,
        "cost_per_request_usd": cost,
        "cost_per_1k_requests_usd": None if cost is None else cost * 1000,
    }


def check_budgets(metrics: dict, budgets: dict, path: Path) -> list[tuple[str, float | None, str, bool]]:
    checks = []
    for section, rule, ok in (("maximum", "<=", lambda v, b: v <= b), ("minimum", ">=", lambda v, b: v >= b)):
        for name, limit in budgets.get(section, {}).items():
            if name not in METRICS:
                raise ReportError(f"{path}: unknown metric {name!r} in {section!r} (known: {', '.join(METRICS)})")
            value = metrics[name]
            checks.append((name, value, f"{rule} {limit}", value is not None and ok(value, limit)))
    if not checks:
        raise ReportError(f"{path} defines no budgets")
    return checks


def fmt(value: float | None, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}{unit}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="the API root, ending in /v1, e.g. http://localhost:11434/v1")
    parser.add_argument("--model", required=True, help="model id as the server lists it in /v1/models")
    parser.add_argument("--golden", type=Path, default=HERE / "golden.jsonl", help="prompts to send (default: golden.jsonl here)")
    parser.add_argument("--repeat", type=int, default=2, help="times each prompt is sent (default %(default)s)")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight at once (default %(default)s)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured requests first (default %(default)s)")
    parser.add_argument("--max-tokens", type=int, default=256, help="answer length limit (default %(default)s)")
    parser.add_argument("--no-stream", action="store_true", help="plain JSON answers: no time-to-first-token")
    parser.add_argument("--prices", type=Path, default=HERE / "prices.json", help="default: prices.json here")
    parser.add_argument("--budgets", type=Path, default=HERE / "budgets.json", help="default: budgets.json here")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request (default %(default)s)")
    parser.add_argument("--trace-file", type=Path, help="append one OTLP/JSON line with a span per call to this file")
    parser.add_argument("--provider", default="openai", help="gen_ai.provider.name for the spans (default %(default)s)")
    args = parser.parse_args()
    if args.repeat < 1 or args.concurrency < 1 or args.warmup < 0:
        parser.error("--repeat and --concurrency must be at least 1, --warmup at least 0")

    try:
        prompts = []
        for line in args.golden.read_text(encoding="utf-8").splitlines():
            if line.strip():
                prompts.append(case_messages(json.loads(line)))
        if not prompts:
            raise ReportError(f"{args.golden}: no prompts")
        price = price_for(load_json(args.prices, "prices"), args.model, args.prices)
        budgets = load_json(args.budgets, "budgets")
        served = list_models(args.base_url)
        if args.model not in served:
            raise ReportError(f"{args.base_url} does not serve {args.model!r} (it serves: {', '.join(served) or 'nothing'})")
    except FileNotFoundError as error:
        print(f"error: {error.filename}: no such file", file=sys.stderr)
        return 2
    except (ReportError, ClientError, json.JSONDecodeError, KeyError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    stream = not args.no_stream
    call = lambda messages: chat(args.base_url, args.model, messages, max_tokens=args.max_tokens,  # noqa: E731
                                 temperature=0.0, stream=stream, timeout=args.timeout)
    for _ in range(args.warmup):
        call(prompts[0])
    work = prompts * args.repeat
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        results = list(pool.map(call, work))
    wall_s = time.perf_counter() - started
    m = measure(results, wall_s, price)

    mode = "streaming" if stream else "not streaming"
    print(f"LLM report: {m['requests']} requests ({len(prompts)} prompts x {args.repeat}), concurrency {args.concurrency}, "
          f"{mode}, {args.model} at {args.base_url}")
    print(f"  requests             {m['requests'] - m['errors']} ok, {m['errors']} failed (error rate {m['error_rate']:.1%})")
    for label, key in (("latency", "latency"), ("time to first token", "ttft"), ("inter-token latency", "itl")):
        print(f"  {label:<19}  p50 {fmt(m[key + '_p50_ms'], 1, ' ms')}   p95 {fmt(m[key + '_p95_ms'], 1, ' ms')}")
    print(f"  tokens per request   input {fmt(m['input_tokens_per_request'])}   output {fmt(m['output_tokens_per_request'])}")
    print(f"  output tokens/s      per request p50 {fmt(m['output_tokens_per_second'])}   "
          f"aggregate {fmt(m['aggregate_output_tokens_per_second'])}")
    print(f"  cost                 {fmt(m['cost_per_request_usd'], 6)} USD per request, "
          f"{fmt(m['cost_per_1k_requests_usd'], 4)} USD per 1k requests ({args.prices.name}: {args.model})")
    if m["missing_usage"]:
        print(f"  warning: {m['missing_usage']} answers carried no usage, so tokens and cost leave them out")
    for failure in sorted({f"{r.error}: {r.error_detail}" for r in results if r.error})[:5]:
        print(f"  error: {failure}")

    try:
        checks = check_budgets(m, budgets, args.budgets)
    except ReportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Budgets ({args.budgets.name})")
    width = max(len(name) for name, *_ in checks)
    for name, value, rule, passed in checks:
        print(f"  {name:<{width}}  {fmt(value, 3):>10}  {rule:<8}  {'pass' if passed else 'FAIL'}")
    breaches = [f"{name} {fmt(value, 3)} is not {rule}" if value is not None else f"{name} was not measured"
                for name, value, rule, passed in checks if not passed]
    print(f"FAILED: {'; '.join(breaches)}" if breaches else f"PASSED: {len(checks)} budgets")

    if args.trace_file:
        tracer = Tracer("llm-report", args.provider)
        for messages, result in zip(work, results):
            tracer.record_chat(args.base_url, args.model, {"messages": messages, "max_tokens": args.max_tokens,
                                                           "temperature": 0.0, "seed": 42}, result)
        count = tracer.write(args.trace_file, "report", {"handbook.report.requests": len(results)})
        print(f"wrote {count} spans to {args.trace_file}")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
