#!/usr/bin/env python3
"""Recommend a container's CPU and memory requests and limits from measured usage.

Reads two answers of the Prometheus range-query API (GET /api/v1/query_range), saved as JSON:
one with CPU use in cores per pod, one with memory working set in bytes per pod. It pools the
samples of every pod and prints percentiles and a `resources:` block for the Deployment:

  CPU request     = p90 of CPU use, rounded up to 5 millicores
  CPU limit       = none (a CPU limit throttles the container even when the node has idle CPU)
  memory request  = p99 of memory + headroom (15% unless --memory-headroom says otherwise),
                    rounded up to a whole MiB
  memory limit    = memory request (above it the container is OOMKilled; equal numbers make
                    the scheduler reserve what the container may really use)

Percentiles use the nearest-rank method: sort the n samples and take the ceil(p/100 * n)-th one,
so every percentile printed is a value that was really measured.

  python3 size_requests.py samples/cpu.json samples/memory.json

Standard library only; Python 3.11 or later.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
CPU_STEP_MILLICORES = 5
MIN_DAYS = 7


class InputError(Exception):
    """The file is not a usable Prometheus range-query answer."""


@dataclass(frozen=True)
class Samples:
    values: list[float]
    pods: int
    first: float
    last: float

    @property
    def days(self) -> float:
        return (self.last - self.first) / 86400


def read_matrix(path: Path) -> Samples:
    """Every finite value of every series in a query_range answer, with the time span covered."""
    try:
        answer = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{path}: cannot read it ({error.strerror})") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(answer, dict) or answer.get("status") != "success":
        raise InputError(f'{path}: not a successful Prometheus answer (no "status": "success")')
    data = answer.get("data")
    if not isinstance(data, dict) or data.get("resultType") != "matrix":
        raise InputError(f'{path}: expected "resultType": "matrix", the answer of /api/v1/query_range')
    values: list[float] = []
    times: list[float] = []
    result = data.get("result")
    if not isinstance(result, list):
        raise InputError(f'{path}: "data.result" is not a list')
    for series in result:
        for point in series.get("values", []):
            try:
                timestamp, raw = float(point[0]), float(point[1])
            except (TypeError, ValueError, IndexError):
                raise InputError(f"{path}: a sample is not [timestamp, \"value\"]: {point!r}") from None
            # Prometheus writes NaN and Inf as strings; they are gaps, not measurements.
            if math.isfinite(raw):
                values.append(raw)
                times.append(timestamp)
    if not values:
        raise InputError(f"{path}: no samples (did the query match any series?)")
    return Samples(values=sorted(values), pods=len(result), first=min(times), last=max(times))


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = math.ceil(p / 100 * len(sorted_values))
    return sorted_values[max(rank, 1) - 1]


def millicores(cores: float) -> int:
    """Cores to millicores, rounded up to the next multiple of CPU_STEP_MILLICORES."""
    return math.ceil(round(cores * 1000, 6) / CPU_STEP_MILLICORES) * CPU_STEP_MILLICORES


def whole_mib(size_bytes: float) -> int:
    return math.ceil(round(size_bytes / MIB, 6))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Recommend CPU and memory requests and limits from Prometheus range-query answers.",
        epilog="Example: python3 size_requests.py samples/cpu.json samples/memory.json",
    )
    parser.add_argument("cpu", type=Path, help="query_range JSON of CPU use in cores, one series per pod")
    parser.add_argument("memory", type=Path, help="query_range JSON of memory working set in bytes, one series per pod")
    parser.add_argument("--cpu-percentile", type=float, default=90, metavar="P", help="percentile of CPU use for the request (default 90)")
    parser.add_argument("--memory-percentile", type=float, default=99, metavar="P", help="percentile of memory for the request (default 99)")
    parser.add_argument("--memory-headroom", type=float, default=15, metavar="PERCENT", help="added to the memory percentile (default 15)")
    args = parser.parse_args(argv)
    for name in ("cpu_percentile", "memory_percentile"):
        if not 0 < getattr(args, name) <= 100:
            parser.error(f"--{name.replace('_', '-')} must be above 0 and at most 100")
    if not 0 <= args.memory_headroom <= 200:
        parser.error("--memory-headroom must be from 0 to 200")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        cpu = read_matrix(args.cpu)
        memory = read_matrix(args.memory)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    cpu_p = args.cpu_percentile
    mem_p = args.memory_percentile
    cpu_request = millicores(percentile(cpu.values, cpu_p))
    mem_at_p = percentile(memory.values, mem_p)
    mem_request = whole_mib(mem_at_p * (1 + args.memory_headroom / 100))

    def cores(p: float) -> str:
        return f"{percentile(cpu.values, p):.3f}"

    def mib(p: float) -> str:
        return f"{percentile(memory.values, p) / MIB:.1f}"

    print(f"CPU     {len(cpu.values)} samples from {cpu.pods} pods over {cpu.days:.1f} days")
    print(f"        p50 {cores(50)}  p90 {cores(90)}  p99 {cores(99)}  max {cpu.values[-1]:.3f} cores")
    print(f"Memory  {len(memory.values)} samples from {memory.pods} pods over {memory.days:.1f} days")
    print(f"        p50 {mib(50)}  p90 {mib(90)}  p99 {mib(99)}  max {memory.values[-1] / MIB:.1f} MiB")
    print()
    print("Recommendation for each container:")
    print(f"  requests.cpu     {cpu_request}m  (p{cpu_p:g} of CPU use, rounded up to {CPU_STEP_MILLICORES}m)")
    print("  limits.cpu       none  (a CPU limit throttles the container even when the node has idle CPU)")
    print(f"  requests.memory  {mem_request}Mi  (p{mem_p:g} of memory {mem_at_p / MIB:.1f} MiB + {args.memory_headroom:g}%, rounded up)")
    print(f"  limits.memory    {mem_request}Mi  (same as the request: above it the container is OOMKilled)")

    warnings = []
    if min(cpu.days, memory.days) < MIN_DAYS:
        warnings.append(f"the samples cover less than {MIN_DAYS} days; size from a week that includes your busiest day")
    if memory.values[-1] > mem_request * MIB:
        warnings.append(f"the highest memory sample, {memory.values[-1] / MIB:.1f} MiB, is above the limit: that pod would have been OOMKilled")
    for warning in warnings:
        print(f"warning: {warning}")

    print()
    print("resources:")
    print("  requests:")
    print(f"    cpu: {cpu_request}m")
    print(f"    memory: {mem_request}Mi")
    print("  limits:")
    print(f"    memory: {mem_request}Mi")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
