#!/usr/bin/env python3
"""Pick the best run, register its model and point the `champion` alias at it, with gates.

    python promote.py                      # best run by roc_auc; promote if it beats the champion
    python promote.py --metric f1          # rank by another metric
    python promote.py --set-champion 1     # move the alias by hand: a rollback to version 1

The steps, each of them visible in the MLflow UI afterwards:
  1. search the experiment's finished runs, best metric first;
  2. gate: the metric must reach --min-score, or nothing is registered;
  3. register the run's logged model as a new version (or reuse the version already made from it);
  4. smoke test: load that version through the registry and predict on real rows;
  5. compare with the current champion: better moves `champion` here, otherwise the new
     version gets the `challenger` alias and the champion stays where it is.

Aliases replace the deprecated stages (Staging/Production): consumers load
models:/todo-completion@champion and promotion is one alias update, so is a rollback.
Requires the packages in requirements.txt and the server from compose.yaml.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import mlflow
import mlflow.pyfunc
import pandas as pd
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

HERE = Path(__file__).resolve().parent
PYTHON_LAB = HERE.parent / "mlops-python"
sys.path.insert(0, str(PYTHON_LAB))
from features import FEATURES, NUMERIC, add_features  # noqa: E402


def current_champion(client: MlflowClient, name: str):
    try:
        return client.get_model_version_by_alias(name, "champion")
    except MlflowException:
        return None  # no registered model yet, or no champion alias yet


def smoke_test(model_uri: str, data: Path) -> None:
    """A model that cannot load or predict must never become champion."""
    model = mlflow.pyfunc.load_model(model_uri)
    rows = add_features(pd.read_csv(data, nrows=5))[FEATURES].copy()
    rows[NUMERIC] = rows[NUMERIC].astype("float64")
    proba = model.predict(rows)
    if len(proba) != len(rows) or not ((proba >= 0) & (proba <= 1)).all():
        raise SystemExit(f"smoke test failed for {model_uri}: {proba!r}")
    print(f"smoke test passed: {model_uri} scored {len(rows)} rows")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--experiment", default="todo-completion")
    parser.add_argument("--name", default="todo-completion", help="registered model name")
    parser.add_argument("--metric", default="roc_auc", help="higher is better (default roc_auc)")
    parser.add_argument("--min-score", type=float, default=0.70, help="quality gate (default 0.70)")
    parser.add_argument("--data", type=Path, default=PYTHON_LAB / "data" / "todos.csv")
    parser.add_argument("--set-champion", metavar="VERSION", help="only move the alias, e.g. to roll back")
    args = parser.parse_args()

    mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI", "http://localhost:5000"))
    client = MlflowClient()

    if args.set_champion:
        client.set_registered_model_alias(args.name, "champion", args.set_champion)
        print(f"{args.name}@champion -> version {args.set_champion}")
        return 0

    experiment = client.get_experiment_by_name(args.experiment)
    if experiment is None:
        raise SystemExit(f"experiment {args.experiment!r} not found: run train.py first")

    # 1. Best finished run first. The filter and order syntax is the same as in the UI's search box.
    runs = client.search_runs(
        experiment_ids=[experiment.experiment_id],
        filter_string="attributes.status = 'FINISHED'",
        order_by=[f"metrics.{args.metric} DESC"],
        max_results=20,
    )
    runs = [run for run in runs if args.metric in run.data.metrics and "model_uri" in run.data.tags]
    if not runs:
        raise SystemExit(f"no finished run with metric {args.metric!r} and a logged model")
    best = runs[0]
    score = best.data.metrics[args.metric]
    print(f"best run: {best.info.run_name} ({best.info.run_id}) {args.metric}={score:.4f}")

    # 2. Quality gate.
    if score < args.min_score:
        print(f"gate failed: {args.metric} {score:.4f} < {args.min_score}; nothing registered")
        return 1

    # 3. Register, once per run: rerunning this script must not create duplicate versions.
    existing = client.search_model_versions(f"name = '{args.name}' and run_id = '{best.info.run_id}'")
    if existing:
        version = existing[0]
        print(f"run already registered as version {version.version}")
    else:
        version = mlflow.register_model(best.data.tags["model_uri"], args.name)
        print(f"registered {args.name} version {version.version}")
        client.update_model_version(
            args.name, version.version,
            description=f"{best.info.run_name}: {args.metric}={score:.4f} on the held-out 20%",
        )
    client.set_registered_model_tag(args.name, "task", "todo-completion")
    client.set_model_version_tag(args.name, version.version, args.metric, f"{score:.4f}")

    # 4. Smoke test through the registry, the way consumers will load it.
    smoke_test(f"models:/{args.name}/{version.version}", args.data)
    client.set_model_version_tag(args.name, version.version, "validation_status", "passed")

    # 5. Champion or challenger?
    champion = current_champion(client, args.name)
    if champion is not None and champion.version == version.version:
        print(f"version {version.version} already is the champion")
        return 0
    if champion is not None:
        champion_score = client.get_run(champion.run_id).data.metrics.get(args.metric, float("-inf"))
        if score <= champion_score:
            client.set_registered_model_alias(args.name, "challenger", version.version)
            print(f"kept champion version {champion.version} ({args.metric}={champion_score:.4f}); "
                  f"version {version.version} is now @challenger")
            return 0
    client.set_registered_model_alias(args.name, "champion", version.version)
    client.set_model_version_tag(args.name, version.version, "promoted_at",
                                 datetime.now(timezone.utc).isoformat(timespec="seconds"))
    previous = f" (was version {champion.version})" if champion is not None else ""
    print(f"{args.name}@champion -> version {version.version}{previous}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
