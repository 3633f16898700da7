#!/usr/bin/env python3
"""Register the model the pipeline trained in MLflow, and move `champion` only if it may.

    python labs/mlops-cicd/register_model.py --image ghcr.io/OWNER/todo-completion-api@sha256:...

Run by the register job of ml-pipeline.yml after the serving image was built and smoke-tested.
Needs the packages of ../mlops-mlflow/requirements.txt and a tracking server in
MLFLOW_TRACKING_URI (with MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and _PASSWORD, if
it requires authentication).

  1. Checks that the data and the model file are the ones model.json names (SHA-256): the run
     must describe exactly what was trained and what the image contains.
  2. Logs a run with the parameters, the metrics, model.json and the model with its signature.
  3. Registers it as a new version of the registered model, tagged with commit, image and hashes.
  4. Compares it with the current champion using thresholds.json (max_drop_vs_champion), the
     same rule as evaluate_gate.py: good enough moves `champion`, otherwise it becomes
     `challenger` and the job fails, so a person looks at it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

import joblib
import mlflow
import mlflow.sklearn
import pandas as pd
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from mlflow.models import infer_signature

from evaluate_gate import evaluate  # the same gate logic, not a second copy

HERE = Path(__file__).resolve().parent
PYTHON_LAB = HERE.parent / "mlops-python"
sys.path.insert(0, str(PYTHON_LAB))
from features import FEATURES, NUMERIC, add_features  # noqa: E402


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--artifacts", type=Path, default=PYTHON_LAB / "artifacts")
    parser.add_argument("--data", type=Path, default=PYTHON_LAB / "data" / "todos.csv")
    parser.add_argument("--thresholds", type=Path, default=HERE / "thresholds.json")
    parser.add_argument("--name", default="todo-completion", help="registered model name")
    parser.add_argument("--experiment", default="todo-completion-ci")
    parser.add_argument("--image", default="", help="the serving image that contains this model")
    args = parser.parse_args()

    metadata = json.loads((args.artifacts / "model.json").read_text(encoding="utf-8"))
    model_path = args.artifacts / metadata["model_file"]
    # 1. Reproducibility checks: refuse to register something the record does not describe.
    if sha256(model_path) != metadata["model_sha256"]:
        raise SystemExit(f"{model_path} does not match the model_sha256 in model.json")
    if sha256(args.data) != metadata["data"]["sha256"]:
        raise SystemExit(f"{args.data} is not the data this model was trained on (SHA-256 differs)")

    commit = os.environ.get("GIT_COMMIT", "unknown")
    model = joblib.load(model_path)
    sample = add_features(pd.read_csv(args.data, nrows=50))[FEATURES]
    sample[NUMERIC] = sample[NUMERIC].astype("float64")

    # 2. One run per pipeline run, in an experiment of its own.
    mlflow.set_experiment(args.experiment)
    with mlflow.start_run(run_name=f"ci-{commit[:7]}") as run:
        mlflow.set_tags({"git_commit": commit, "image": args.image, "model_sha256": metadata["model_sha256"],
                         "data_sha256": metadata["data"]["sha256"], "trigger": os.environ.get("GITHUB_EVENT_NAME", "manual")})
        mlflow.log_params({**metadata["params"], "split": metadata["split"], "seed": metadata["seed"],
                           "threshold": metadata["threshold"], "rows": metadata["data"]["rows"]})
        mlflow.log_metrics(metadata["metrics"])
        mlflow.log_dict(metadata, "model.json")
        info = mlflow.sklearn.log_model(
            sk_model=model,
            name="model",
            signature=infer_signature(sample, model.predict_proba(sample)),
            input_example=sample.dropna().head(3),
            pyfunc_predict_fn="predict_proba",
        )

    # 3. A new version of the registered model, traceable to commit, image and data.
    version = mlflow.register_model(info.model_uri, args.name)
    client = MlflowClient()
    for key, value in {"git_commit": commit, "image": args.image, "model_sha256": metadata["model_sha256"],
                       "data_sha256": metadata["data"]["sha256"]}.items():
        client.set_model_version_tag(args.name, version.version, key, value)
    print(f"registered {args.name} version {version.version} from run {run.info.run_id}")

    # 4. Champion or challenger, by the rule in thresholds.json.
    try:
        champion = client.get_model_version_by_alias(args.name, "champion")
        champion_metrics = client.get_run(champion.run_id).data.metrics
    except MlflowException:
        champion, champion_metrics = None, None
    thresholds = json.loads(args.thresholds.read_text(encoding="utf-8"))
    checks = evaluate(metadata["metrics"], thresholds, champion_metrics)
    failed = [check for check in checks if not check.passed]
    if failed:
        client.set_registered_model_alias(args.name, "challenger", version.version)
        for check in failed:
            print(f"  {check.metric} {check.value:.4f} is not {check.rule}")
        print(f"version {version.version} is @challenger; @champion stays on version {champion.version if champion else '-'}")
        return 1
    client.set_registered_model_alias(args.name, "champion", version.version)
    previous = f" (was version {champion.version})" if champion is not None else " (first champion)"
    print(f"{args.name}@champion -> version {version.version}{previous}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
