#!/usr/bin/env python3
"""Compare a challenger's prediction log with the champion's and decide: promote or abort.

    python3 analyze_canary.py --champion logs/canary-healthy/champion.jsonl \\
                              --challenger logs/canary-healthy/challenger.jsonl
    python3 analyze_canary.py --champion http://todo-scorer-stable.handbook/predictions \\
                              --challenger http://todo-scorer-canary.handbook/predictions

Standard library only. Each source is a JSON-lines prediction log, a file or an http(s) URL
(serve.py's /predictions), one record per prediction as todo_model.log_record() writes it.

Checks, each with a limit you can change:
  service  error rate (5xx share of requests) and p95 latency, against the champion's (a ratio,
           or a few milliseconds, whichever is larger)
  model    mean score shift, on-time share shift, and the population stability index (PSI) of
           the challenger's scores, binned at the champion's deciles
  shadow   agreement: when both logs hold the same request ids (mirrored traffic), the share of
           requests both models decide the same way. A canary splits traffic, so it has none.

Exit codes, for a CI step or an Argo Rollouts Job metric (which treats every non-zero as failed):
  0 PROMOTE       every check passed
  1 ABORT         at least one check failed
  2               a source could not be read, or wrong usage
  3 INCONCLUSIVE  too few predictions to judge; the safe answer is still "do not promote"
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

EPSILON = 1e-4  # stands in for an empty bin, so PSI stays finite (as in the monitoring lab)
BINS = 10


class SourceError(Exception):
    """A log that cannot be read: exit code 2."""


@dataclass
class Arm:
    source: str
    records: list[dict]

    @property
    def versions(self) -> str:
        return ", ".join(sorted({str(r.get("model_version")) for r in self.records})) or "-"

    @property
    def requests(self) -> dict[str, int]:
        """Request id -> worst status seen for it (a request is failed if any of its records is)."""
        worst: dict[str, int] = {}
        for record in self.records:
            rid = str(record.get("request_id"))
            worst[rid] = max(worst.get(rid, 0), int(record.get("status", 0)))
        return worst

    @property
    def scored(self) -> list[dict]:
        return [r for r in self.records if r.get("status") == 200 and isinstance(r.get("score"), (int, float))]

    @property
    def scores(self) -> list[float]:
        return [float(r["score"]) for r in self.scored]

    def error_rate(self) -> float:
        requests = self.requests
        return sum(1 for status in requests.values() if status >= 500) / len(requests) if requests else 0.0

    def p95_latency(self) -> float:
        latencies = sorted(float(r["latency_ms"]) for r in self.records if "latency_ms" in r)
        if len(latencies) < 2:
            return latencies[0] if latencies else 0.0
        return statistics.quantiles(latencies, n=20, method="inclusive")[18]

    def on_time_share(self) -> float:
        scored = self.scored
        return sum(1 for r in scored if r.get("on_time")) / len(scored) if scored else 0.0


@dataclass
class Check:
    name: str
    champion: str
    challenger: str
    limit: str
    status: str  # ok, FAIL, skipped
    note: str = ""


def read_source(source: str, role: str | None, timeout: float) -> Arm:
    """Read JSON lines from a file or URL; keep the records of one role (primary or shadow)."""
    if source.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(source, timeout=timeout) as response:
                text = response.read().decode("utf-8")
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise SourceError(f"{source}: {getattr(error, 'reason', error)}") from error
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as error:
            raise SourceError(f"{source}: {error.strerror or error}") from error
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise SourceError(f"{source} line {number}: not JSON ({error.msg})") from error
        if not isinstance(record, dict) or "status" not in record:
            raise SourceError(f"{source} line {number}: not a prediction record (no status)")
        if role is None or record.get("role", "primary") == role:
            records.append(record)
    return Arm(source, records)


def decile_edges(values: list[float]) -> list[float]:
    """Inner bin edges at the deciles of the champion's scores."""
    return statistics.quantiles(values, n=BINS, method="inclusive")


def shares(values: list[float], edges: list[float]) -> list[float]:
    counts = [0] * (len(edges) + 1)
    for value in values:
        counts[sum(1 for edge in edges if value > edge)] += 1
    return [count / len(values) for count in counts]


def psi(reference: list[float], current: list[float]) -> float:
    edges = decile_edges(reference)
    total = 0.0
    for r, c in zip(shares(reference, edges), shares(current, edges)):
        r, c = max(r, EPSILON), max(c, EPSILON)
        total += (c - r) * math.log(c / r)
    return total


def agreement(champion: Arm, challenger: Arm) -> tuple[int, float]:
    """Pairs of predictions for the same request and item, and the share decided the same way."""
    decided = {(r["request_id"], r.get("item", 0)): bool(r.get("on_time")) for r in champion.scored}
    pairs = [(decided[key], bool(r.get("on_time")))
             for r in challenger.scored if (key := (r["request_id"], r.get("item", 0))) in decided]
    if not pairs:
        return 0, 0.0
    return len(pairs), sum(1 for a, b in pairs if a == b) / len(pairs)


def analyze(champion: Arm, challenger: Arm, args: argparse.Namespace) -> tuple[list[Check], int]:
    checks: list[Check] = []

    def add(name: str, champ: str, chall: str, limit: str, passed: bool | None, note: str = "") -> None:
        status = "skipped" if passed is None else ("ok" if passed else "FAIL")
        checks.append(Check(name, champ, chall, limit, status, note))

    champ_err, chall_err = champion.error_rate(), challenger.error_rate()
    add("error rate (5xx)", f"{champ_err:.2%}", f"{chall_err:.2%}",
        f"<= champion + {args.max_error_increase:.1%}", chall_err <= champ_err + args.max_error_increase)
    champ_p95, chall_p95 = champion.p95_latency(), challenger.p95_latency()
    # A ratio alone is noise for sub-millisecond models: allow a few milliseconds in any case.
    allowed = max(args.max_latency_ratio * champ_p95, champ_p95 + args.latency_slack_ms)
    add("p95 latency ms", f"{champ_p95:.1f}", f"{chall_p95:.1f}",
        f"<= {args.max_latency_ratio:g}x or +{args.latency_slack_ms:g} ms", chall_p95 <= allowed)

    champ_scores, chall_scores = champion.scores, challenger.scores
    champ_mean, chall_mean = statistics.fmean(champ_scores), statistics.fmean(chall_scores)
    add("mean score", f"{champ_mean:.3f}", f"{chall_mean:.3f}", f"shift <= {args.max_mean_shift:.3f}",
        abs(chall_mean - champ_mean) <= args.max_mean_shift)
    champ_share, chall_share = champion.on_time_share(), challenger.on_time_share()
    add("on-time share", f"{champ_share:.1%}", f"{chall_share:.1%}", f"shift <= {args.max_share_shift:.1%}",
        abs(chall_share - champ_share) <= args.max_share_shift)
    score_psi = psi(champ_scores, chall_scores)
    noise = (BINS - 1) * (1 / len(champ_scores) + 1 / len(chall_scores))
    add("score PSI vs champion", "-", f"{score_psi:.3f}", f"<= {args.max_psi:g}", score_psi <= args.max_psi,
        f"sampling noise alone gives about {noise:.3f} at these sizes")

    pairs, agreed = agreement(champion, challenger)
    if pairs >= args.min_pairs:
        add("agreement (same requests)", "-", f"{agreed:.1%}", f">= {args.min_agreement:.0%}",
            agreed >= args.min_agreement, f"{pairs} paired predictions")
    else:
        why = "no shared request ids: a canary splits traffic" if pairs == 0 else f"only {pairs} paired predictions"
        add("agreement (same requests)", "-", "-", f">= {args.min_agreement:.0%}", None, why)
    failed = [check for check in checks if check.status == "FAIL"]
    return checks, 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[2:]))
    parser.add_argument("--champion", required=True, help="champion's prediction log: a file or an http(s) URL")
    parser.add_argument("--challenger", required=True, help="challenger's prediction log: a file or an http(s) URL")
    parser.add_argument("--challenger-role", choices=["primary", "shadow", "any"], default="any",
                        help="keep only the challenger's records of this role (default: any)")
    parser.add_argument("--min-predictions", type=int, default=200, help="fewer scored predictions in either log: inconclusive (default 200)")
    parser.add_argument("--max-error-increase", type=float, default=0.01, help="allowed error-rate increase, absolute (default 0.01)")
    parser.add_argument("--max-latency-ratio", type=float, default=1.5, help="allowed p95 latency ratio (default 1.5)")
    parser.add_argument("--latency-slack-ms", type=float, default=5.0, help="p95 increase always allowed, in ms (default 5)")
    parser.add_argument("--max-mean-shift", type=float, default=0.05, help="allowed shift of the mean score (default 0.05)")
    parser.add_argument("--max-share-shift", type=float, default=0.10, help="allowed shift of the on-time share (default 0.10)")
    parser.add_argument("--max-psi", type=float, default=0.2, help="allowed PSI of the challenger's scores (default 0.2)")
    parser.add_argument("--min-agreement", type=float, default=0.85, help="required agreement on shared requests (default 0.85)")
    parser.add_argument("--min-pairs", type=int, default=100, help="paired predictions needed to judge agreement (default 100)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per URL (default 10)")
    args = parser.parse_args()

    try:
        champion = read_source(args.champion, "primary", args.timeout)
        challenger = read_source(args.challenger, None if args.challenger_role == "any" else args.challenger_role, args.timeout)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    print(f"Champion:   {champion.source}  (model {champion.versions}, {len(champion.scores)} predictions, "
          f"{len(champion.requests)} requests)")
    print(f"Challenger: {challenger.source}  (model {challenger.versions}, {len(challenger.scores)} predictions, "
          f"{len(challenger.requests)} requests)")
    short = min(len(champion.scores), len(challenger.scores))
    if short < args.min_predictions:
        print(f"\nINCONCLUSIVE: {short} scored predictions in the smaller log, fewer than --min-predictions "
              f"{args.min_predictions}; do not promote on this evidence")
        return 3

    checks, code = analyze(champion, challenger, args)
    print(f"\n{'check':<26} {'champion':>9} {'challenger':>10}  {'limit':<24} result")
    for check in checks:
        note = f"  ({check.note})" if check.note else ""
        print(f"{check.name:<26} {check.champion:>9} {check.challenger:>10}  {check.limit:<24} {check.status}{note}")
    judged = [check for check in checks if check.status != "skipped"]
    failed = [check.name for check in judged if check.status == "FAIL"]
    versions = f"model {challenger.versions} against model {champion.versions}"
    if failed:
        print(f"\nABORT: {len(failed)} of {len(judged)} checks failed for {versions}: {', '.join(failed)}")
    else:
        print(f"\nPROMOTE: all {len(judged)} checks passed for {versions}")
    return code


if __name__ == "__main__":
    sys.exit(main())
