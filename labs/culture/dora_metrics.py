#!/usr/bin/env python3
"""Compute DORA's software delivery metrics for one service from two CSV files.

    python3 dora_metrics.py
    python3 dora_metrics.py --since 2026-10-05 --until 2026-11-01
    python3 dora_metrics.py --deployments my-deploys.csv --incidents my-incidents.csv

Standard library only; runs on Python 3.9 and later. The five metrics and their grouping
follow DORA's current guide (https://dora.dev/guides/dora-metrics/):

  throughput   change lead time, deployment frequency, failed deployment recovery time
  instability  change fail rate, deployment rework rate

The bands printed next to the numbers are the performance clusters of the Accelerate State of
DevOps Report 2024, the last report that published elite/high/medium/low levels. They describe
groups of survey answers, not targets: use them to read your numbers, never to rank teams.

deployments.csv, one row per production deployment:
  id, deployed_at, version, kind (planned | hotfix | rollback), committed_at, change
  committed_at is when the oldest change in the deployment was committed; empty for rollbacks,
  which ship no new change.

incidents.csv, one row per incident:
  id, severity, started_at, detected_at, resolved_at, caused_by, detected_by, summary
  caused_by is the id of the deployment that caused it, or empty when something else did
  (a cloud outage, a node upgrade). Only deployment-caused incidents count for DORA.
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"planned", "hotfix", "rollback"}

# Accelerate State of DevOps Report 2024, software delivery performance levels.
CLUSTER_SHARE = "elite 19%, high 22%, medium 35%, low 25% of respondents"
FREQUENCY_BANDS = [  # (deployments per day at least, band, what the survey answer said)
    (1.0, "elite", "on demand, multiple deploys per day"),
    (1 / 7, "high", "between once per day and once per week"),
    (1 / 30, "medium", "between once per week and once per month"),
    (1 / 182, "low", "between once per month and once every six months"),
]
LEAD_TIME_BANDS = [  # (less than, band, survey answer)
    (timedelta(days=1), "elite", "less than one day"),
    (timedelta(weeks=1), "high", "between one day and one week"),
    (timedelta(days=30), "medium", "between one week and one month"),
    (timedelta(days=182), "low", "between one month and six months"),
]
RECOVERY_BANDS = [
    (timedelta(hours=1), "elite", "less than one hour"),
    (timedelta(days=1), "high and medium", "less than one day"),
    (timedelta(days=30), "low", "between one week and one month"),
]
CHANGE_FAIL_CLUSTERS = "elite 5%, high 20%, medium 10%, low 40%"


def parse_time(text: str, where: str) -> datetime:
    """ISO 8601 with a time zone, e.g. 2026-10-20T14:31:00Z. Python before 3.11 does not read a final Z."""
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        sys.exit(f"{where}: {text!r} is not an ISO 8601 time such as 2026-10-20T14:31:00Z")
    if moment.tzinfo is None:
        sys.exit(f"{where}: {text!r} has no time zone; add Z for UTC")
    return moment.astimezone(timezone.utc)


def read_csv(path: Path, required: list[str]) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in required if name not in (reader.fieldnames or [])]
            if missing:
                sys.exit(f"{path}: missing column(s) {', '.join(missing)}")
            return list(reader)
    except FileNotFoundError:
        sys.exit(f"{path}: no such file")


def load_deployments(path: Path) -> list[dict]:
    rows = read_csv(path, ["id", "deployed_at", "version", "kind", "committed_at"])
    deployments = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        where = f"{path.name} line {number}"
        kind = row["kind"].strip()
        if kind not in KINDS:
            sys.exit(f"{where}: kind {kind!r} is not one of {', '.join(sorted(KINDS))}")
        deployed = parse_time(row["deployed_at"], where)
        committed = parse_time(row["committed_at"], where) if row["committed_at"].strip() else None
        if committed and committed > deployed:
            sys.exit(f"{where}: committed_at is later than deployed_at")
        deployments.append({"id": row["id"].strip(), "at": deployed, "kind": kind, "committed": committed})
    return deployments


def load_incidents(path: Path) -> list[dict]:
    rows = read_csv(path, ["id", "started_at", "detected_at", "resolved_at", "caused_by"])
    incidents = []
    for number, row in enumerate(rows, start=2):
        where = f"{path.name} line {number}"
        started = parse_time(row["started_at"], where)
        detected = parse_time(row["detected_at"], where)
        resolved = parse_time(row["resolved_at"], where)
        if not started <= detected <= resolved:
            sys.exit(f"{where}: expected started_at <= detected_at <= resolved_at")
        incidents.append({
            "id": row["id"].strip(),
            "started": started,
            "detected": detected,
            "resolved": resolved,
            "caused_by": row["caused_by"].strip(),
            "detected_by": (row.get("detected_by") or "").strip(),
        })
    return incidents


def band(value, bands) -> str:
    """The first band whose limit the value stays under; a value between two clusters gets the worse one."""
    for limit, name, answer in bands:
        if value < limit:
            return f"{name} (that cluster answered: {answer})"
    return "below the low cluster"


def frequency_band(per_day: float) -> str:
    for at_least, name, answer in FREQUENCY_BANDS:
        if per_day >= at_least:
            return f"{name} (that cluster answered: {answer})"
    return "below the low cluster (fewer than once per six months)"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def human(duration: timedelta) -> str:
    minutes = round(duration.total_seconds() / 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes / 60
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-10-05")


def line(label: str, value: str) -> None:
    print(f"  {label:<28}{value}")


def main() -> None:
    parser = argparse.ArgumentParser(description="DORA software delivery metrics from CSV files.")
    parser.add_argument("--deployments", type=Path, default=HERE / "deployments.csv",
                        help="deployments CSV (default: deployments.csv next to this script)")
    parser.add_argument("--incidents", type=Path, default=HERE / "incidents.csv",
                        help="incidents CSV (default: incidents.csv next to this script)")
    parser.add_argument("--since", type=day, help="first day of the window (default: first deployment)")
    parser.add_argument("--until", type=day, help="last day of the window, inclusive (default: last deployment)")
    parser.add_argument("--service", default="todo-api", help="service name shown in the report")
    args = parser.parse_args()

    all_deployments = load_deployments(args.deployments)
    if not all_deployments:
        sys.exit(f"{args.deployments}: no deployments")
    first = args.since or min(d["at"] for d in all_deployments).date()
    last = args.until or max(d["at"] for d in all_deployments).date()
    if last < first:
        sys.exit("--until is before --since")
    days = (last - first).days + 1

    def in_window(moment: datetime) -> bool:
        return first <= moment.date() <= last

    deployments = [d for d in all_deployments if in_window(d["at"])]
    if not deployments:
        sys.exit(f"no deployments between {first} and {last}")
    known = {d["id"] for d in all_deployments}
    incidents = [i for i in load_incidents(args.incidents) if in_window(i["started"])]
    for incident in incidents:
        if incident["caused_by"] and incident["caused_by"] not in known:
            sys.exit(f"{args.incidents.name}: {incident['id']} names an unknown deployment {incident['caused_by']!r}")

    total = len(deployments)
    window_ids = {d["id"] for d in deployments}

    # Throughput 1: deployment frequency. Every production deployment counts, rollbacks included.
    per_day = total / days

    # Throughput 2: change lead time, commit to production. Rollbacks ship no new commit.
    lead_times = [d["at"] - d["committed"] for d in deployments if d["committed"]]

    # Throughput 3: failed deployment recovery time. Only incidents a deployment caused count:
    # since 2023 DORA leaves out failures with outside causes, such as a cloud provider outage.
    caused = [i for i in incidents if i["caused_by"] in window_ids]
    recoveries = [i["resolved"] - i["started"] for i in caused]
    detections = [i["detected"] - i["started"] for i in caused]
    other = [i for i in incidents if not i["caused_by"]]

    # Instability 1: change fail rate, the share of deployments that needed immediate intervention.
    failed = {i["caused_by"] for i in caused}
    # Instability 2: deployment rework rate, the share of deployments that were unplanned and
    # happened because of a production incident: here the hotfixes and rollbacks.
    rework = [d for d in deployments if d["kind"] != "planned"]

    print(f"DORA software delivery metrics for {args.service}")
    print(f"Window: {first} to {last} ({plural(days, 'day')}), "
          f"{plural(total, 'production deployment')}, {plural(len(incidents), 'incident')}")
    print()
    print("Throughput")
    line("Deployment frequency", f"{per_day * 7:.1f} per week ({per_day:.2f} per day)")
    print(f"    2024 band: {frequency_band(per_day)}")
    if lead_times:
        median = statistics.median(lead_times)
        p90 = sorted(lead_times)[math.ceil(0.9 * len(lead_times)) - 1]  # nearest-rank percentile
        line("Change lead time", f"median {human(median)}, p90 {human(p90)} "
             f"({len(lead_times)} of {total} deployments shipped commits)")
        print(f"    2024 band: {band(median, LEAD_TIME_BANDS)}")
    else:
        line("Change lead time", "no deployment with a committed_at time")
    if recoveries:
        median = statistics.median(recoveries)
        line("Failed deployment recovery", f"median {human(median)}, longest {human(max(recoveries))} "
             f"({plural(len(recoveries), 'failed deployment')})")
        print(f"    2024 band: {band(median, RECOVERY_BANDS)}")
        by_customer = sum(1 for i in caused if i["detected_by"] == "customer")
        print(f"    time to detect: median {human(statistics.median(detections))}, "
              f"longest {human(max(detections))}; {by_customer} of {len(caused)} reported by customers first")
    else:
        line("Failed deployment recovery", "no failed deployment in the window")
    print()
    print("Instability")
    line("Change fail rate", f"{100 * len(failed) / total:.1f}% ({len(failed)} of {total} deployments)")
    print(f"    2024 clusters: {CHANGE_FAIL_CLUSTERS}")
    line("Deployment rework rate", f"{100 * len(rework) / total:.1f}% "
         f"({len(rework)} of {total} deployments were hotfixes or rollbacks)")
    print("    no published bands yet: compare with your own previous windows")
    print()
    if other:
        names = ", ".join(i["id"] for i in other)
        print(f"Not counted: {plural(len(other), 'incident')} without a causing deployment ({names}).")
        print("It matters for reliability, which DORA treats as operational performance, not delivery."
              if len(other) == 1 else
              "They matter for reliability, which DORA treats as operational performance, not delivery.")
    print(f"Bands: Accelerate State of DevOps Report 2024 ({CLUSTER_SHARE}).")


if __name__ == "__main__":
    main()
