#!/usr/bin/env python3
"""Generate a realistic to-do dataset: will a new to-do be completed on time?

    python3 make_dataset.py                      # writes data/todos.csv, 5,000 rows, seed 42
    python3 make_dataset.py --rows 20000 --seed 7 --out data/todos-big.csv

Standard library only, so it runs before you install anything. Same seed, same bytes: the
script prints the file's SHA-256, which you can record next to a model to say exactly which
data trained it.

One row per to-do created through the API between June and October 2026:
  todo_id, user_id, created_at (UTC, ISO 8601), title, priority, list_name, client,
  due_in_days (empty when the to-do has no due date), has_reminder (0/1),
  open_todos (the user's open items at creation), account_age_days (empty for accounts
  imported from the old system), completed_at (empty if never completed),
  completed_on_time (the label, 0/1: done by the due date, or within 7 days without one).

completed_at is only known after the fact: it is in the file because real exports have such
columns, and it must never be used as a feature. That is data leakage.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import os
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
START = datetime(2026, 6, 1, tzinfo=timezone.utc)
DAYS = 153  # June to October

TITLES = {
    "work": ["Prepare {q} report", "Review pull request #{n}", "Email {name} about the contract",
             "Book flights for the {city} offsite", "Update the on-call runbook", "Fix flaky test in CI"],
    "personal": ["Call {name}", "Renew passport", "Book dentist appointment", "Plan {name}'s birthday",
                 "Read chapter {n}", "Cancel unused subscription"],
    "shopping": ["Buy milk", "Buy batteries", "Order printer ink", "Get a gift for {name}",
                 "Buy {n} light bulbs", "Pick up groceries"],
    "errands": ["Return parcel to the post office", "Pay the electricity bill", "Take the car for its service",
                "Drop off dry cleaning", "Renew parking permit", "Fix the bike's back wheel"],
}
NAMES = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana"]
CITIES = ["Lisbon", "Berlin", "Austin", "Osaka"]


def make_row(todo_id: int, rng: random.Random, users: dict[str, int]) -> dict[str, str]:
    user_id = f"u-{rng.randint(1, 800):04d}"
    account_age = users.setdefault(user_id, rng.randint(0, 1500))
    day = rng.randrange(DAYS)
    hour = rng.choices(range(24), weights=[1, 1, 1, 1, 1, 2, 4, 7, 9, 9, 8, 7,
                                           7, 8, 8, 8, 7, 6, 6, 6, 5, 4, 3, 2])[0]
    created = START + timedelta(days=day, hours=hour, minutes=rng.randrange(60))

    list_name = rng.choices(["work", "personal", "shopping", "errands"], weights=[40, 30, 15, 15])[0]
    template = rng.choice(TITLES[list_name])
    title = template.format(q=rng.choice(["Q2", "Q3"]), n=rng.randint(2, 400),
                            name=rng.choice(NAMES), city=rng.choice(CITIES))
    priority = rng.choices(["low", "medium", "high"], weights=[35, 45, 20])[0]
    client = rng.choices(["web", "ios", "android", "api"], weights=[45, 25, 20, 10])[0]
    due_in_days = None if rng.random() < 0.35 else rng.choices(range(31), weights=[6, 8] + [3] * 29)[0]
    has_reminder = 1 if rng.random() < (0.55 if due_in_days is not None else 0.2) else 0
    open_todos = min(80, int(rng.lognormvariate(math.log(12), 0.7)))

    # The hidden truth the model has to rediscover. Real data never tells you this part.
    logit = 0.5
    logit += {"low": -0.8, "medium": 0.0, "high": 1.0}[priority]
    logit += {"work": 0.2, "personal": -0.1, "shopping": 1.1, "errands": -0.5}[list_name]
    logit += {"web": 0.0, "ios": 0.2, "android": 0.1, "api": -0.7}[client]
    logit += 0.9 * has_reminder - 0.045 * open_todos + 0.0005 * account_age
    logit += -0.6 if due_in_days is None else (-0.7 if due_in_days <= 1 else 0.0)
    logit += -0.01 * max(0, len(title) - 25)
    logit += -0.4 if hour >= 22 or hour < 5 else 0.0
    logit += rng.gauss(0, 0.4)  # everything nobody measured
    on_time = rng.random() < 1 / (1 + math.exp(-logit))

    allowed = timedelta(days=due_in_days if due_in_days is not None else 7, hours=23)
    if on_time:
        completed: datetime | None = created + allowed * rng.uniform(0.05, 0.95)
    elif rng.random() < 0.4:
        completed = created + allowed + timedelta(days=rng.uniform(0.5, 20))
    else:
        completed = None

    return {
        "todo_id": str(todo_id),
        "user_id": user_id,
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "title": title,
        "priority": priority,
        "list_name": list_name,
        "client": client,
        "due_in_days": "" if due_in_days is None else str(due_in_days),
        "has_reminder": str(has_reminder),
        "open_todos": str(open_todos),
        "account_age_days": "" if rng.random() < 0.03 else str(account_age),
        "completed_at": completed.strftime("%Y-%m-%dT%H:%M:%SZ") if completed else "",
        "completed_on_time": "1" if on_time else "0",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=HERE / "data" / "todos.csv")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    users: dict[str, int] = {}
    rows = [make_row(todo_id, rng, users) for todo_id in range(1, args.rows + 1)]
    rows.sort(key=lambda row: row["created_at"])

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    positives = sum(row["completed_on_time"] == "1" for row in rows)
    no_due = sum(row["due_in_days"] == "" for row in rows)
    no_age = sum(row["account_age_days"] == "" for row in rows)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"Wrote {len(rows):,} rows to {os.path.relpath(args.out)}")
    print(f"completed on time: {positives / len(rows):.1%}; no due date: {no_due}; "
          f"no account age: {no_age}")
    print(f"sha256: {digest}")


if __name__ == "__main__":
    main()
