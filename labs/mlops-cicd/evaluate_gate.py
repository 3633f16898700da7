#!/usr/bin/env python3
"""Quality gate: compare a candidate model's metrics with thresholds, and optionally with the champion.

    python3 evaluate_gate.py ../mlops-python/artifacts/model.json
    python3 evaluate_gate.py examples/candidate.json --champion examples/champion.json
    python3 evaluate_gate.py CANDIDATE --report-only        # print the table, never fail (pull requests)

Standard library only. CANDIDATE and CHAMPION are JSON files with the metrics either at the top
level or under "metrics", as train.py writes them in model.json. thresholds.json holds:

  minimum               every listed metric must be at least this
  maximum               and at most this: a score above what the problem allows means leakage
  max_drop_vs_champion  with --champion, how much worse than the current champion is tolerated

Exit codes: 0 the candidate passes, 1 it fails a check, 2 a file or a metric is missing.
On GitHub Actions the table is also written to the job summary ($GITHUB_STEP_SUMMARY).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


class GateError(Exception):
    """Input problem: exit code 2, distinct from a failed check."""


@dataclass
class Check:
    metric: str
    rule: str
    value: float
    limit: float
    passed: bool


def load_metrics(path: Path) -> dict[str, float]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise GateError(f"{path}: no such file") from error
    except json.JSONDecodeError as error:
        raise GateError(f"{path}: not valid JSON ({error})") from error
    metrics = document.get("metrics", document)
    return {name: float(value) for name, value in metrics.items() if isinstance(value, (int, float))}


def metric(metrics: dict[str, float], name: str, source: str) -> float:
    if name not in metrics:
        raise GateError(f"{source} has no metric {name!r} (it has: {', '.join(sorted(metrics)) or 'none'})")
    return metrics[name]


def evaluate(candidate: dict[str, float], thresholds: dict, champion: dict[str, float] | None) -> list[Check]:
    """Every check the thresholds ask for, in a stable order."""
    checks = []
    for name, limit in thresholds.get("minimum", {}).items():
        value = metric(candidate, name, "candidate")
        checks.append(Check(name, f">= {limit}", value, limit, value >= limit))
    for name, limit in thresholds.get("maximum", {}).items():
        value = metric(candidate, name, "candidate")
        checks.append(Check(name, f"<= {limit} (leakage guard)", value, limit, value <= limit))
    if champion is not None:
        for name, drop in thresholds.get("max_drop_vs_champion", {}).items():
            value = metric(candidate, name, "candidate")
            floor = round(metric(champion, name, "champion") - drop, 6)
            checks.append(Check(name, f">= champion - {drop} = {floor}", value, floor, value >= floor))
    return checks


def table(checks: list[Check]) -> list[str]:
    lines = ["| metric | candidate | rule | result |", "| --- | --- | --- | --- |"]
    for c in checks:
        lines.append(f"| {c.metric} | {c.value:.4f} | {c.rule} | {'pass' if c.passed else 'FAIL'} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("candidate", type=Path, help="metrics of the model just trained (model.json)")
    parser.add_argument("--thresholds", type=Path, default=HERE / "thresholds.json")
    parser.add_argument("--champion", type=Path, help="metrics of the model in production, if any")
    parser.add_argument("--report-only", action="store_true", help="print the result but always exit 0")
    args = parser.parse_args()

    try:
        thresholds = json.loads(args.thresholds.read_text(encoding="utf-8"))
        candidate = load_metrics(args.candidate)
        champion = load_metrics(args.champion) if args.champion else None
        checks = evaluate(candidate, thresholds, champion)
    except (GateError, FileNotFoundError, json.JSONDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not checks:
        print(f"error: {args.thresholds} defines no checks", file=sys.stderr)
        return 2

    failed = [c for c in checks if not c.passed]
    against = f" against champion {args.champion}" if champion is not None else ""
    print(f"Quality gate for {args.candidate}{against}")
    width = max(len(c.rule) for c in checks)
    for c in checks:
        print(f"  {c.metric:<10} {c.value:.4f}  {c.rule:<{width}}  {'pass' if c.passed else 'FAIL'}")
    if failed:
        reasons = "; ".join(f"{c.metric} {c.value:.4f} is not {c.rule}" for c in failed)
        verdict = f"FAILED: {reasons}"
    else:
        verdict = f"PASSED: {len(checks)} checks"
    print(verdict)

    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write("\n".join(["### Quality gate", "", *table(checks), "", verdict, ""]) + "\n")

    if failed and args.report_only:
        print("(report only: not failing this run)")
        return 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
