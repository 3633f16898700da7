#!/usr/bin/env python3
"""Write the rollout lab's data: a partitioned to-do table and two canary prediction logs.

    python3 make_data.py                  # data/todos/date=.../part-0000.jsonl and logs/canary-*/
    python3 make_data.py --out /tmp/lab   # the same files under another directory

Standard library only, fixed seeds: every run writes the same bytes, so the logs shipped in
logs/ are exactly what this script produces (the lab's test checks that).

data/todos/    14 daily partitions, 2026-11-23 to 2026-12-06, 250 to-dos each. Whether a to-do
               was completed on time (on_time) is known for the first seven days only: labels
               arrive up to a week late, so the newest partitions have on_time = null.
logs/canary-healthy/   what champion (version 3) and challenger (version 4) pods logged while a
                       canary sent them 75% and 25% of the same traffic.
logs/canary-shifted/   the same, with version 5, a challenger whose training data lost the
                       has_reminder column: it answers every request, fast and without errors,
                       and its scores are shifted.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import todo_model

HERE = Path(__file__).resolve().parent
FIRST_DAY = date(2026, 11, 23)
DAYS = 14
LABELED_DAYS = 7
ROWS_PER_DAY = 250
WORDS = ["buy", "milk", "renew", "passport", "review", "pull", "request", "pay", "the", "electricity",
         "bill", "book", "flights", "for", "offsite", "call", "fix", "flaky", "test", "in", "CI",
         "quarterly", "budget", "with", "finance", "draft", "release", "notes", "plan", "sprint"]

# How the world really behaves (unknown to every model): backlogs hurt more than version 3 learned.
TRUTH = {"intercept": 0.58, "has_reminder": 1.0, "open_todos": -0.06, "account_age_days": 0.0005,
         "long_title_chars": -0.012, "no_due_date": -0.6, "due_within_1_day": -0.8}


def shown(path: Path) -> str:
    """A path as the reader typed it: relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def title(rng: random.Random) -> str:
    target = max(4, min(80, int(rng.gauss(22, 9))))
    words: list[str] = []
    while len(" ".join(words)) < target:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize()


def raw_todo(rng: random.Random) -> dict:
    due = None if rng.random() < 0.35 else rng.choices(range(31), weights=[6, 8] + [3] * 29)[0]
    return {
        "title": title(rng),
        "priority": rng.choices(["low", "medium", "high"], weights=[35, 45, 20])[0],
        "list_name": rng.choices(["work", "personal", "shopping", "errands"], weights=[40, 30, 15, 15])[0],
        "client": rng.choices(["web", "ios", "android", "api"], weights=[45, 25, 20, 10])[0],
        "due_in_days": due,
        "has_reminder": rng.random() < (0.55 if due is not None else 0.2),
        "open_todos": min(80, int(rng.lognormvariate(math.log(12), 0.7))),
        "account_age_days": None if rng.random() < 0.03 else rng.randint(0, 1500),
    }


def true_probability(todo: dict, champion: todo_model.Model) -> float:
    logit = TRUTH["intercept"]
    for name, value in todo_model.features(todo).items():
        logit += TRUTH[name] * (400.0 if value is None else value)
    for field, table in champion.categories.items():  # the categories were learned well
        logit += table.get(todo[field], 0.0)
    return 1.0 / (1.0 + math.exp(-logit))


def write_lines(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, separators=(",", ":")) + "\n" for row in rows), encoding="utf-8")


def write_todos(out: Path, champion: todo_model.Model) -> int:
    rng = random.Random(20261123)
    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(days=offset)
        rows = []
        for index in range(ROWS_PER_DAY):
            todo = raw_todo(rng)
            on_time = rng.random() < true_probability(todo, champion)
            rows.append({"todo_id": f"t-{day:%Y%m%d}-{index:04d}", "user_id": f"u-{rng.randint(1, 900):04d}",
                         **todo, "on_time": on_time if offset < LABELED_DAYS else None})
        write_lines(out / "data" / "todos" / f"date={day.isoformat()}" / "part-0000.jsonl", rows)
    return DAYS * ROWS_PER_DAY


def write_canary(out: Path, name: str, seed: int, champion: todo_model.Model,
                 challenger: todo_model.Model, requests: int = 1000, weight: float = 0.25) -> tuple[int, int]:
    """A canary at `weight`: each request goes to one pod, which logs what it answered."""
    rng = random.Random(seed)
    clock = datetime(2026, 12, 7, 10, 0, 0, tzinfo=timezone.utc)
    logs: dict[str, list[dict]] = {"champion": [], "challenger": []}
    for _ in range(requests):
        clock += timedelta(milliseconds=rng.randint(50, 350))
        arm, model = ("challenger", challenger) if rng.random() < weight else ("champion", champion)
        stamp = clock.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        common = {"time": stamp, "request_id": f"{rng.getrandbits(64):016x}", "item": 0, "model": model,
                  "role": "primary", "latency_ms": rng.lognormvariate(math.log(3.2), 0.35)}
        todo = raw_todo(rng)
        if rng.random() < 0.003:  # the odd failure, equally likely on both versions
            logs[arm].append(todo_model.log_record(**common, status=500, error="upstream timeout"))
            continue
        score, on_time = model.predict(todo)
        logs[arm].append(todo_model.log_record(**common, status=200, score=score, on_time=on_time))
    for arm, rows in logs.items():
        write_lines(out / "logs" / name / f"{arm}.jsonl", rows)
    return len(logs["champion"]), len(logs["challenger"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("."), help="directory to write data/ and logs/ into (default: the current one)")
    args = parser.parse_args()

    models = {name: todo_model.load(HERE / "models" / f"{name}.json")
              for name in ("champion", "challenger", "challenger-shifted")}
    rows = write_todos(args.out, models["champion"])
    print(f"wrote {rows:,} to-dos in {DAYS} daily partitions to {shown(args.out / 'data' / 'todos')} "
          f"(labels for the first {LABELED_DAYS} days)")
    for name, seed, challenger in (("canary-healthy", 41, models["challenger"]),
                                   ("canary-shifted", 42, models["challenger-shifted"])):
        champion_rows, challenger_rows = write_canary(args.out, name, seed, models["champion"], challenger)
        print(f"wrote {shown(args.out / 'logs' / name)}: champion {champion_rows} lines (version 3), "
              f"challenger {challenger_rows} lines (version {challenger.version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
