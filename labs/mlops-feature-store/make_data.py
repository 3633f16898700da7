#!/usr/bin/env python3
"""Simulate 60 days of the to-do API and write the feature store's source data.

    python3 make_data.py                      # data ends today at 00:00 UTC, seed 42
    python3 make_data.py --end 2026-11-21     # a fixed end date: the same rows on every run

Writes, next to this file:
  data/user_stats.csv    one row per user per day: the daily snapshot a batch job computes at
                         00:00 UTC (event_timestamp) and writes 15 minutes later (created)
  data/todo_labels.csv   one row per to-do whose outcome is known: who created it, when, and
                         whether it was completed on time (the label)
and, if pandas and pyarrow are installed, the same two tables as Parquet, which Feast reads.
The simulation itself uses the standard library only.

The snapshots include on_time_rate_30d, the share of a user's recent to-dos finished on time.
A to-do's own outcome flows into the snapshots taken after it is resolved: join a training row
to a snapshot from after the to-do was created and the label leaks into the features. The script
prints how much, with a worked example.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
from bisect import bisect_right
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
DAYS = 60
USERS = 200


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def simulate_user(rng: random.Random, start: datetime) -> list[dict]:
    """To-dos of one user in creation order, each with its outcome and resolution time."""
    diligence = rng.gauss(0, 0.9)          # the user's habit: what the features try to capture
    daily_rate = rng.uniform(0.15, 0.7)
    todos: list[dict] = []
    for day in range(DAYS):
        for _ in range(3):
            if rng.random() >= daily_rate / 3:
                continue
            created = start + timedelta(days=day, seconds=rng.randrange(7 * 3600, 23 * 3600))
            open_now = sum(1 for t in todos if t["created"] < created
                           and (t["completed"] is None or t["completed"] > created))
            priority = rng.choices(["low", "medium", "high"], weights=[35, 45, 20])[0]
            due = timedelta(days=rng.choice([1, 2, 3, 5, 7, 14]), hours=23)
            logit = 0.4 + diligence + {"low": -0.6, "medium": 0.0, "high": 0.8}[priority] - 0.12 * open_now
            on_time = rng.random() < 1 / (1 + math.exp(-logit))
            if on_time:
                completed = created + due * rng.uniform(0.05, 0.95)
                resolved = completed
            else:
                completed = created + due + timedelta(days=rng.uniform(0.5, 10)) if rng.random() < 0.5 else None
                resolved = created + due            # known late once the deadline passes
            todos.append({"created": created, "completed": completed, "resolved": resolved,
                          "on_time": on_time, "priority": priority})
    return todos


def snapshot(todos: list[dict], at: datetime, account_created: datetime) -> dict:
    """What the nightly batch job computes for one user at 00:00 UTC: only the past counts."""
    open_todos = sum(1 for t in todos if t["created"] < at and (t["completed"] is None or t["completed"] >= at))
    completed_7d = sum(1 for t in todos if t["completed"] is not None and at - timedelta(days=7) <= t["completed"] < at)
    recent = [t["on_time"] for t in todos if at - timedelta(days=30) <= t["resolved"] < at]
    return {
        "open_todos": open_todos,
        "completed_7d": completed_7d,
        "on_time_rate_30d": round(sum(recent) / len(recent), 4) if recent else None,
        "account_age_days": (at - account_created).days,
    }


def auc(scores: list[float], labels: list[int]) -> float:
    """ROC AUC as the probability that a positive outranks a negative (ties count half)."""
    ranked = sorted(zip(scores, labels))
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average_rank = (i + j + 1) / 2           # 1-based ranks i+1..j share their mean
        rank_sum += average_rank * sum(label for _, label in ranked[i:j])
        i = j
    positives = sum(labels)
    negatives = len(labels) - positives
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if value is None else value for key, value in row.items()})
    print(f"wrote {len(rows):>6,} rows to {os.path.relpath(path)}")


def write_parquet(data: Path) -> None:
    try:
        import pandas as pd  # only for the Parquet copies Feast reads
    except ImportError:
        print("pandas is not installed: CSV files only. Install requirements.txt, then run again for Parquet.")
        return
    stats = pd.read_csv(data / "user_stats.csv")
    for column in ("event_timestamp", "created"):
        stats[column] = pd.to_datetime(stats[column], utc=True)
    stats["on_time_rate_30d"] = stats["on_time_rate_30d"].astype("float64")
    stats.to_parquet(data / "user_stats.parquet", index=False)

    labels = pd.read_csv(data / "todo_labels.csv")
    labels["event_timestamp"] = pd.to_datetime(labels["event_timestamp"], utc=True)
    labels.to_parquet(data / "todo_labels.parquet", index=False)
    print(f"wrote the same tables as Parquet: {os.path.relpath(data / 'user_stats.parquet')}, "
          f"{os.path.relpath(data / 'todo_labels.parquet')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--end", help="last snapshot day, YYYY-MM-DD (default: today, UTC)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=HERE / "data")
    args = parser.parse_args()

    today = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    end = datetime.strptime(args.end, "%Y-%m-%d").replace(tzinfo=timezone.utc) if args.end else today
    start = end - timedelta(days=DAYS)
    rng = random.Random(args.seed)

    stats_rows: list[dict] = []
    label_rows: list[dict] = []
    snapshots: dict[str, list[tuple[datetime, dict]]] = {}
    todo_id = 0
    for number in range(1, USERS + 1):
        user = f"u-{number:04d}"
        account_created = start - timedelta(days=rng.randint(0, 1500))
        todos = simulate_user(rng, start)
        days = [start + timedelta(days=d) for d in range(1, DAYS + 1)]   # 00:00 UTC, start+1 .. end
        snapshots[user] = [(day, snapshot(todos, day, account_created)) for day in days]
        for day, values in snapshots[user]:
            stats_rows.append({"user_id": user, "event_timestamp": iso(day),
                               "created": iso(day + timedelta(minutes=15)), **values})
        for todo in todos:
            todo_id += 1
            if todo["resolved"] < end:      # only outcomes known by the end make training rows
                label_rows.append({"todo_id": todo_id, "user_id": user, "event_timestamp": iso(todo["created"]),
                                   "priority": todo["priority"], "completed_on_time": int(todo["on_time"])})

    stats_rows.sort(key=lambda row: (row["event_timestamp"], row["user_id"]))
    label_rows.sort(key=lambda row: row["event_timestamp"])
    write_csv(args.out / "user_stats.csv", stats_rows)
    write_csv(args.out / "todo_labels.csv", label_rows)
    positives = sum(row["completed_on_time"] for row in label_rows)
    print(f"{len(label_rows):,} labeled to-dos from {USERS} users, {positives / len(label_rows):.1%} completed on time")

    # Point in time: the last snapshot at or before the to-do's creation. Leaky: the latest one.
    pit, leaky, labels = [], [], []
    for row in label_rows:
        history = snapshots[row["user_id"]]
        created = datetime.strptime(row["event_timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        position = bisect_right([day for day, _ in history], created) - 1
        before = history[position][1]["on_time_rate_30d"] if position >= 0 else None
        latest = history[-1][1]["on_time_rate_30d"]
        if before is not None and latest is not None:
            pit.append(before)
            leaky.append(latest)
            labels.append(row["completed_on_time"])
    print("\nROC AUC of on_time_rate_30d alone as a score for the label:")
    print(f"  joined point in time (snapshot before the to-do): {auc(pit, labels):.3f}")
    print(f"  joined to the latest snapshot (future included):  {auc(leaky, labels):.3f}")

    # A to-do whose own outcome moved its user's rate: the clearest case of leakage.
    def rates(row: dict) -> tuple[datetime, int, float | None, float | None]:
        history = snapshots[row["user_id"]]
        created = datetime.strptime(row["event_timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        position = bisect_right([day for day, _ in history], created) - 1
        return created, position, history[position][1]["on_time_rate_30d"], history[-1][1]["on_time_rate_30d"]

    example = next((row for row in label_rows
                    if row["event_timestamp"] >= iso(end - timedelta(days=25)) and row["completed_on_time"] == 1
                    and None not in rates(row)[2:] and rates(row)[3] - rates(row)[2] >= 0.2), None)
    if example is None:
        write_parquet(args.out)
        return
    created, position, _, _ = rates(example)
    user = example["user_id"]
    print(f"\nWorked example: to-do {example['todo_id']} of {user}, created {example['event_timestamp']}, "
          f"completed_on_time={example['completed_on_time']}")
    print(f"  {'snapshot (event_timestamp)':<28} {'open_todos':>10} {'completed_7d':>12} {'on_time_rate_30d':>17}")
    history = snapshots[user]
    for index in (position - 1, position, position + 1, len(history) - 1):
        day, values = history[index]
        note = {position: "  <- point in time", len(history) - 1: "  <- latest"}.get(index, "")
        rate = "" if values["on_time_rate_30d"] is None else f"{values['on_time_rate_30d']:.4f}"
        print(f"  {iso(day):<28} {values['open_todos']:>10} {values['completed_7d']:>12} {rate:>17}{note}")
    print()
    write_parquet(args.out)


if __name__ == "__main__":
    main()
