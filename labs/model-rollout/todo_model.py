#!/usr/bin/env python3
"""The to-do completion model of the rollout lab: a logistic regression stored as JSON weights.

    python3 todo_model.py models/champion.json                 # describe the model
    python3 todo_model.py models/champion.json '{"title": "Buy milk", "priority": "high",
        "list_name": "shopping", "client": "ios", "open_todos": 4}'   # score one to-do

Standard library only, so the scorer (serve.py), the batch job (batch_score.py) and the fixture
generator (make_data.py) all compute features and scores with this one module, and a container
with nothing but Python can run it. The weights stand in for a trained model: the serving chapter's
scikit-learn model takes the same raw to-do fields, but needs its image and its libraries.

A model file holds a name, a version, a decision threshold, an intercept, one weight per numeric
feature and one weight per category value. Unknown categories count as zero, missing numbers take
the value under "missing". Its SHA-256 identifies the exact weights in logs and batch manifests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PRIORITIES = ("low", "medium", "high")
REQUIRED = ("title", "priority", "list_name", "client", "open_todos")
OPTIONAL = ("due_in_days", "has_reminder", "account_age_days")


class ModelError(Exception):
    """A model file that is missing, unreadable or incomplete."""


def validate(todo: Any) -> list[str]:
    """Problems with one raw to-do, as short messages; an empty list means it can be scored."""
    if not isinstance(todo, dict):
        return ["each instance must be a JSON object"]
    problems = [f"{name}: required" for name in REQUIRED if name not in todo]
    unknown = sorted(set(todo) - set(REQUIRED) - set(OPTIONAL))
    problems += [f"{name}: unknown field" for name in unknown]
    if "title" in todo and (not isinstance(todo["title"], str) or not 1 <= len(todo["title"]) <= 200):
        problems.append("title: a string of 1 to 200 characters")
    if "priority" in todo and todo["priority"] not in PRIORITIES:
        problems.append("priority: one of low, medium, high")
    for name in ("list_name", "client"):
        if name in todo and (not isinstance(todo[name], str) or not todo[name]):
            problems.append(f"{name}: a non-empty string")
    for name, low, high, nullable in (("open_todos", 0, 10_000, False), ("due_in_days", 0, 365, True),
                                      ("account_age_days", 0, 20_000, True)):
        value = todo.get(name)
        if name not in todo or (value is None and nullable):
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(f"{name}: an integer from {low} to {high}{' or null' if nullable else ''}")
    if "has_reminder" in todo and not isinstance(todo["has_reminder"], bool):
        problems.append("has_reminder: true or false")
    return problems


def features(todo: dict[str, Any]) -> dict[str, float]:
    """Numeric features derived from a raw to-do, the same way in serving and in batch."""
    due = todo.get("due_in_days")
    return {
        "has_reminder": 1.0 if todo.get("has_reminder") else 0.0,
        "open_todos": float(todo["open_todos"]),
        "account_age_days": todo.get("account_age_days"),  # None is filled from the model file
        "long_title_chars": float(max(0, len(todo["title"]) - 25)),
        "no_due_date": 1.0 if due is None else 0.0,
        "due_within_1_day": 1.0 if due is not None and due <= 1 else 0.0,
    }


@dataclass(frozen=True)
class Model:
    name: str
    version: str
    threshold: float
    intercept: float
    weights: dict[str, float]
    categories: dict[str, dict[str, float]]
    missing: dict[str, float]
    sha256: str
    description: str = ""

    def score(self, todo: dict[str, Any]) -> float:
        """P(the to-do is completed on time), rounded to 4 decimals like the API answers."""
        logit = self.intercept
        for name, value in features(todo).items():
            if value is None:
                value = self.missing.get(name, 0.0)
            logit += self.weights.get(name, 0.0) * value
        for field, table in self.categories.items():
            logit += table.get(str(todo.get(field)), 0.0)
        return round(1.0 / (1.0 + math.exp(-logit)), 4)

    def predict(self, todo: dict[str, Any]) -> tuple[float, bool]:
        score = self.score(todo)
        return score, score >= self.threshold


def log_record(*, time: str, request_id: str, item: int, model: Model, role: str, status: int,
               latency_ms: float, score: float | None = None, on_time: bool | None = None,
               error: str | None = None) -> dict[str, Any]:
    """One line of the prediction log, as serve.py writes it and analyze_canary.py reads it.

    One record per prediction; a request that failed gets one record with its status and no score.
    role is "primary" for traffic whose answer went back to a caller, "shadow" for a mirrored copy.
    A production log also keeps the inputs (see the monitoring chapter); this lab keeps lines short.
    """
    record: dict[str, Any] = {"time": time, "request_id": request_id, "item": item,
                              "model_version": model.version, "role": role, "status": status,
                              "latency_ms": round(latency_ms, 2)}
    if score is not None:
        record.update(score=score, on_time=on_time)
    if error is not None:
        record["error"] = error
    return record


def load(path: str | Path) -> Model:
    path = Path(path)
    try:
        raw = path.read_bytes()
        document = json.loads(raw)
    except FileNotFoundError as error:
        raise ModelError(f"{path}: no such model file") from error
    except json.JSONDecodeError as error:
        raise ModelError(f"{path}: not valid JSON ({error})") from error
    try:
        return Model(
            name=str(document["name"]),
            version=str(document["version"]),
            threshold=float(document["threshold"]),
            intercept=float(document["intercept"]),
            weights={k: float(v) for k, v in document["weights"].items()},
            categories={f: {k: float(v) for k, v in t.items()} for f, t in document["categories"].items()},
            missing={k: float(v) for k, v in document.get("missing", {}).items()},
            sha256=hashlib.sha256(raw).hexdigest(),
            description=str(document.get("description", "")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ModelError(f"{path}: not a model file ({error!r})") from error


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="model JSON file, e.g. models/champion.json")
    parser.add_argument("todo", nargs="?", help="a raw to-do as JSON, to score")
    args = parser.parse_args()
    try:
        model = load(args.model)
    except ModelError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.todo is None:
        print(f"{model.name} version {model.version}  sha256 {model.sha256[:12]}  threshold {model.threshold}")
        if model.description:
            print(model.description)
        return 0
    todo = json.loads(args.todo)
    problems = validate(todo)
    if problems:
        print("invalid to-do: " + "; ".join(problems), file=sys.stderr)
        return 2
    score, on_time = model.predict(todo)
    print(json.dumps({"model_version": model.version, "probability_on_time": score, "on_time": on_time}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
