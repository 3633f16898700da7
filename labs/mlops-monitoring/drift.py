#!/usr/bin/env python3
"""Compare a batch of logged predictions with a reference batch, column by column. Standard library only.

    python3 drift.py data/reference.csv data/current-stable.csv
    python3 drift.py data/reference.csv data/current-drifted.csv --threshold 0.2
    python3 drift.py REF CUR --prometheus-file drift.prom       # for node_exporter's textfile collector
    python3 drift.py REF CUR --pushgateway http://localhost:9091

For every column it prints:
  PSI       population stability index over ten bins cut at the reference deciles (numbers) or
            over the categories (strings, and numbers with ten values or fewer)
  KS        two-sample Kolmogorov-Smirnov statistic D and its asymptotic p-value (numbers only)
  JS        Jensen-Shannon distance over the same bins as PSI, between 0 and 1
  missing   share of empty cells, reference -> current
and, before the table, data quality findings: missing columns, jumps in missing values, values
outside the reference range, categories the reference never had.

Exit codes: 0 every column below the threshold, 1 at least one at or above it (drift),
2 the input cannot be compared (missing file or column, empty batch).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import math
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

EPSILON = 1e-4          # stands in for an empty bin, so PSI stays finite
DISCRETE_MAX = 10       # a numeric column with this many distinct values or fewer is compared like a category
WATCH = 0.1             # PSI below this: no meaningful shift
MISSING_JUMP = 0.05     # flag a column whose missing share grows by more than 5 points
OUT_OF_RANGE = 0.01     # flag a numeric column with more than 1% of values outside the reference range


class InputError(Exception):
    """The batches cannot be compared; exit code 2."""


@dataclass
class Column:
    name: str
    kind: str                          # numeric, discrete, category or prediction
    psi: float
    js: float
    ks: float | None = None
    ks_p: float | None = None
    missing_ref: float = 0.0
    missing_cur: float = 0.0
    findings: list[str] = field(default_factory=list)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        header = list(reader.fieldnames or [])
    if not rows:
        raise InputError(f"{path}: no data rows")
    return header, rows


def as_number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def shares(labels: list[str], bins: list[str]) -> list[float]:
    counts = {name: 0 for name in bins}
    for label in labels:
        counts[label] += 1
    return [counts[name] / len(labels) for name in bins]


def psi(ref: list[float], cur: list[float]) -> float:
    """Sum over bins of (cur - ref) * ln(cur / ref), empty bins floored at EPSILON."""
    total = 0.0
    for r, c in zip(ref, cur):
        r, c = max(r, EPSILON), max(c, EPSILON)
        total += (c - r) * math.log(c / r)
    return total


def js_distance(ref: list[float], cur: list[float]) -> float:
    """Square root of the Jensen-Shannon divergence, base 2: 0 identical, 1 disjoint."""
    divergence = 0.0
    for r, c in zip(ref, cur):
        m = (r + c) / 2
        if r > 0:
            divergence += 0.5 * r * math.log2(r / m)
        if c > 0:
            divergence += 0.5 * c * math.log2(c / m)
    return math.sqrt(max(divergence, 0.0))


def ks_two_sample(a: list[float], b: list[float]) -> tuple[float, float]:
    """Largest distance between the two empirical CDFs, and its asymptotic p-value."""
    a, b = sorted(a), sorted(b)
    i = j = 0
    d = 0.0
    while i < len(a) and j < len(b):
        x = min(a[i], b[j])
        while i < len(a) and a[i] == x:
            i += 1
        while j < len(b) and b[j] == x:
            j += 1
        d = max(d, abs(i / len(a) - j / len(b)))
    # Kolmogorov distribution with the small-sample correction of Stephens (1970).
    en = math.sqrt(len(a) * len(b) / (len(a) + len(b)))
    lam = (en + 0.12 + 0.11 / en) * d
    if lam < 0.3:
        return d, 1.0
    total, sign, previous = 0.0, 2.0, 0.0
    for k in range(1, 101):
        term = sign * math.exp(-2.0 * k * k * lam * lam)
        total += term
        if abs(term) <= 1e-3 * previous or abs(term) <= 1e-8 * total:
            return d, min(1.0, max(0.0, total))
        sign, previous = -sign, abs(term)
    return d, 1.0


def compare(name: str, ref_raw: list[str], cur_raw: list[str], prediction: bool) -> Column:
    missing_ref = sum(v == "" for v in ref_raw) / len(ref_raw)
    missing_cur = sum(v == "" for v in cur_raw) / len(cur_raw)
    present_ref = [v for v in ref_raw if v != ""]
    present_cur = [v for v in cur_raw if v != ""]
    ref_numbers = [as_number(v) for v in present_ref]
    numeric = bool(present_ref) and all(n is not None for n in ref_numbers)
    findings: list[str] = []

    if missing_cur - missing_ref > MISSING_JUMP:
        findings.append(f"missing values {missing_ref:.1%} -> {missing_cur:.1%}")

    if numeric:
        ref_values = [n for n in ref_numbers if n is not None]
        parsed = [as_number(v) for v in present_cur]
        cur_values = [n for n in parsed if n is not None]
        if len(cur_values) < len(present_cur):
            findings.append(f"{len(present_cur) - len(cur_values)} values are not numbers")
        low, high = min(ref_values), max(ref_values)
        outside = sum(v < low or v > high for v in cur_values) / max(len(cur_values), 1)
        if outside > OUT_OF_RANGE:
            findings.append(f"{outside:.1%} of values outside the reference range [{low:g}, {high:g}]")

    distinct = set(present_ref)
    if numeric and len(distinct) > DISCRETE_MAX:
        kind = "numeric"
        ordered = sorted(ref_values)
        edges = []
        for q in range(1, 10):
            edge = ordered[int(q / 10 * (len(ordered) - 1))]
            if not edges or edge > edges[-1]:
                edges.append(edge)

        def label(value: str) -> str:
            number = as_number(value) if value != "" else None
            return "missing" if number is None else f"bin{bisect.bisect_left(edges, number)}"

        bins = [f"bin{i}" for i in range(len(edges) + 1)] + ["missing"]
        ks, ks_p = ks_two_sample(ref_values, cur_values) if cur_values else (1.0, 0.0)
    else:
        kind = "discrete" if numeric else "category"
        unseen = sorted(set(present_cur) - distinct)
        if unseen:
            shown = ", ".join(unseen[:5]) + (", ..." if len(unseen) > 5 else "")
            findings.append(f"values the reference never had: {shown}")

        def label(value: str) -> str:
            return "missing" if value == "" else value

        bins = sorted(distinct | set(present_cur)) + ["missing"]
        ks, ks_p = None, None

    ref_shares = shares([label(v) for v in ref_raw], bins)
    cur_shares = shares([label(v) for v in cur_raw], bins)
    return Column(name, "prediction" if prediction else kind, psi(ref_shares, cur_shares),
                  js_distance(ref_shares, cur_shares), ks, ks_p, missing_ref, missing_cur, findings)


def status(value: float, threshold: float) -> str:
    if value >= threshold:
        return "DRIFT"
    return "watch" if value >= WATCH else "ok"


def prometheus_text(columns: list[Column], model: str, rows: tuple[int, int], with_model: bool) -> str:
    """Prometheus text exposition format. A push to the Pushgateway must leave out the labels of
    its grouping key (job and model), a file for the textfile collector must carry them."""
    base = f'model="{model}",' if with_model else ""
    families = [
        ("model_feature_psi", "Population stability index of one input feature, current batch against the reference.",
         [(f'{base}feature="{c.name}"', c.psi) for c in columns if c.kind != "prediction"]),
        ("model_feature_js_distance", "Jensen-Shannon distance of one input feature, current batch against the reference.",
         [(f'{base}feature="{c.name}"', c.js) for c in columns if c.kind != "prediction"]),
        ("model_feature_ks_statistic", "Two-sample Kolmogorov-Smirnov statistic D of one numeric input feature.",
         [(f'{base}feature="{c.name}"', c.ks) for c in columns if c.kind != "prediction" and c.ks is not None]),
        ("model_feature_missing_ratio", "Share of empty values of one input feature in the current batch.",
         [(f'{base}feature="{c.name}"', c.missing_cur) for c in columns if c.kind != "prediction"]),
        ("model_prediction_psi", "Population stability index of the model's output, current batch against the reference.",
         [(base.rstrip(","), c.psi) for c in columns if c.kind == "prediction"]),
        ("model_drift_batch_rows", "Rows in each batch of the last drift check.",
         [(f'{base}batch="reference"', rows[0]), (f'{base}batch="current"', rows[1])]),
        ("model_drift_last_run_timestamp_seconds", "Unix time when the last drift check finished.",
         [(base.rstrip(","), round(time.time()))]),
    ]
    lines = []
    for name, help_text, samples in families:
        if not samples:
            continue
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
        for labels, value in samples:
            number = str(value) if isinstance(value, int) else f"{value:.6g}"
            lines.append(f"{name}{{{labels}}} {number}" if labels else f"{name} {number}")
    return "\n".join(lines) + "\n"


def push(url: str, model: str, body: str) -> None:
    """PUT replaces every series of this group (job="model_drift", model=...) on the Pushgateway."""
    target = f"{url.rstrip('/')}/metrics/job/model_drift/model/{model}"
    request = urllib.request.Request(target, data=body.encode(), method="PUT",
                                     headers={"Content-Type": "text/plain; version=0.0.4"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            print(f"pushed {body.count(chr(10))} lines to {target} ({response.status})")
    except (urllib.error.URLError, TimeoutError) as error:
        raise InputError(f"push to {target} failed: {error}") from error


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", type=Path, help="CSV the model was validated on")
    parser.add_argument("current", type=Path, help="CSV of recent predictions, same columns")
    parser.add_argument("--threshold", type=float, default=0.25, help="PSI that counts as drift (default 0.25)")
    parser.add_argument("--prediction-column", default="probability_on_time",
                        help="the model's output column, reported as prediction drift")
    parser.add_argument("--ignore", action="append", default=[], metavar="COLUMN",
                        help="leave a column out, e.g. an id or a timestamp (repeatable)")
    parser.add_argument("--model", default="todo-completion", help="value of the model label in metrics")
    parser.add_argument("--prometheus-file", type=Path, help="also write the results as Prometheus metrics")
    parser.add_argument("--pushgateway", metavar="URL", help="also push the results, e.g. http://localhost:9091")
    args = parser.parse_args()

    try:
        ref_header, ref_rows = read_csv(args.reference)
        cur_header, cur_rows = read_csv(args.current)
        missing = [c for c in ref_header if c not in cur_header and c not in args.ignore]
        if missing:
            raise InputError(f"{args.current} lacks columns the model needs: {', '.join(missing)}")
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    names = [c for c in ref_header if c not in args.ignore]
    columns = [compare(name, [r[name] for r in ref_rows], [r[name] for r in cur_rows],
                       name == args.prediction_column) for name in names]

    print(f"Reference: {args.reference} ({len(ref_rows):,} rows)   "
          f"Current: {args.current} ({len(cur_rows):,} rows)")
    print(f"PSI: below {WATCH} ok, {WATCH} to {args.threshold} watch, {args.threshold} or more DRIFT\n")

    findings = [(c.name, f) for c in columns for f in c.findings]
    extra = [c for c in cur_header if c not in ref_header]
    print("Data quality:")
    if extra:
        print(f"  columns the reference does not have (ignored): {', '.join(extra)}")
    for name, finding in findings:
        print(f"  {name}: {finding}")
    if not findings and not extra:
        print("  no findings")
    print()

    print(f"{'column':<20} {'kind':<10} {'PSI':>7} {'KS D':>6} {'KS p':>8} {'JS':>6} "
          f"{'missing ref -> cur':>19}  status")
    for c in columns:
        ks = f"{c.ks:6.3f}" if c.ks is not None else f"{'-':>6}"
        ks_p = f"{c.ks_p:8.2g}" if c.ks_p is not None else f"{'-':>8}"
        print(f"{c.name:<20} {c.kind:<10} {c.psi:7.3f} {ks} {ks_p} {c.js:6.3f} "
              f"{c.missing_ref:8.1%} -> {c.missing_cur:6.1%}  {status(c.psi, args.threshold)}")

    drifted = [c for c in columns if c.psi >= args.threshold]
    rows = (len(ref_rows), len(cur_rows))
    if args.prometheus_file:
        args.prometheus_file.write_text(prometheus_text(columns, args.model, rows, True), encoding="utf-8")
        print(f"\nwrote metrics to {args.prometheus_file}")
    if args.pushgateway:
        try:
            push(args.pushgateway, args.model, prometheus_text(columns, args.model, rows, False))
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2

    if drifted:
        listed = ", ".join(f"{c.name} ({c.psi:.2f})" for c in sorted(drifted, key=lambda c: -c.psi))
        print(f"\nDRIFT: {len(drifted)} of {len(columns)} columns at or above PSI {args.threshold}: {listed}")
        return 1
    print(f"\nOK: all {len(columns)} columns below PSI {args.threshold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
