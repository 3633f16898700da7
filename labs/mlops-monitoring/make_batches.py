#!/usr/bin/env python3
"""Write three batches of logged predictions for the drift lab. Standard library only.

    python3 make_batches.py                   # writes data/reference.csv, data/current-stable.csv,
                                              # data/current-drifted.csv with seed 7
    python3 make_batches.py --seed 11 --rows 3000

Each row is what the to-do completion API saw and answered for one prediction: the model's
input features and its output, probability_on_time. That is the log a monitoring job reads.

  reference.csv        5,000 predictions from the weeks the model was validated on
  current-stable.csv   2,000 predictions from a normal week: same population, new random draws
  current-drifted.csv  2,000 predictions from the week a partner integration started importing
                       to-dos in bulk through the API client: more "api" traffic, no due dates,
                       long ticket-style titles, big backlogs, brand-new accounts, imports at 2 a.m.

No labels in the current batches: whether a to-do is completed on time is known days later.
That is label delay, and the reason drift statistics exist.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

COLUMNS = ["priority", "list_name", "client", "due_in_days", "has_reminder", "open_todos",
           "account_age_days", "title_length", "created_hour", "probability_on_time"]

HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 7, 9, 9, 8, 7, 7, 8, 8, 8, 7, 6, 6, 6, 5, 4, 3, 2]


def score(row: dict) -> float:
    """Stand-in for the deployed model: a fixed logistic function of the features."""
    logit = 0.5
    logit += {"low": -0.8, "medium": 0.0, "high": 1.0}[row["priority"]]
    logit += {"work": 0.2, "personal": -0.1, "shopping": 1.1, "errands": -0.5}[row["list_name"]]
    logit += {"web": 0.0, "ios": 0.2, "android": 0.1, "api": -0.7}[row["client"]]
    logit += 0.9 * row["has_reminder"] - 0.045 * row["open_todos"]
    logit += 0.0005 * (row["account_age_days"] if row["account_age_days"] is not None else 400)
    due = row["due_in_days"]
    logit += -0.6 if due is None else (-0.7 if due <= 1 else 0.0)
    logit += -0.01 * max(0, row["title_length"] - 25)
    logit += -0.4 if row["created_hour"] >= 22 or row["created_hour"] < 5 else 0.0
    return 1 / (1 + math.exp(-logit))


def normal_todo(rng: random.Random) -> dict:
    due = None if rng.random() < 0.35 else rng.choices(range(31), weights=[6, 8] + [3] * 29)[0]
    return {
        "priority": rng.choices(["low", "medium", "high"], weights=[35, 45, 20])[0],
        "list_name": rng.choices(["work", "personal", "shopping", "errands"], weights=[40, 30, 15, 15])[0],
        "client": rng.choices(["web", "ios", "android", "api"], weights=[45, 25, 20, 10])[0],
        "due_in_days": due,
        "has_reminder": 1 if rng.random() < (0.55 if due is not None else 0.2) else 0,
        "open_todos": min(80, int(rng.lognormvariate(math.log(12), 0.7))),
        "account_age_days": None if rng.random() < 0.03 else rng.randint(0, 1500),
        "title_length": max(4, min(60, int(rng.gauss(22, 7)))),
        "created_hour": rng.choices(range(24), weights=HOUR_WEIGHTS)[0],
    }


def imported_todo(rng: random.Random) -> dict:
    """A to-do created by the partner's bulk import: the population the model never saw."""
    todo = normal_todo(rng)
    todo.update({
        "priority": rng.choices(["low", "medium", "high"], weights=[60, 35, 5])[0],
        "list_name": "work",
        "client": "api",
        "due_in_days": None if rng.random() < 0.8 else rng.randint(20, 90),
        "has_reminder": 0,
        "open_todos": min(400, int(rng.lognormvariate(math.log(60), 0.6))),
        "account_age_days": rng.randint(0, 14),
        "title_length": max(20, min(120, int(rng.gauss(58, 12)))),
        "created_hour": rng.choice([2, 2, 2, 3]),
    })
    return todo


def batch(rng: random.Random, rows: int, imported_share: float) -> list[dict]:
    out = []
    for _ in range(rows):
        todo = imported_todo(rng) if rng.random() < imported_share else normal_todo(rng)
        todo["probability_on_time"] = round(score(todo), 4)
        out.append(todo)
    return out


def write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            # An empty cell is a missing value, as in the CSV exports of the rest of the track.
            writer.writerow({key: "" if row[key] is None else row[key] for key in COLUMNS})
    print(f"wrote {len(rows):>5,} rows to {os.path.relpath(path)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rows", type=int, default=2000, help="rows per current batch")
    parser.add_argument("--out", type=Path, default=HERE / "data")
    args = parser.parse_args()

    # One generator per file: changing --rows never changes the reference batch.
    write(args.out / "reference.csv", batch(random.Random(args.seed), 5000, 0.0))
    write(args.out / "current-stable.csv", batch(random.Random(args.seed + 1), args.rows, 0.0))
    write(args.out / "current-drifted.csv", batch(random.Random(args.seed + 2), args.rows, 0.35))


if __name__ == "__main__":
    main()
