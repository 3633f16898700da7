#!/usr/bin/env python3
"""Train three candidate models for the to-do completion task and track every run in MLflow.

    python train.py                          # all three candidates, one MLflow run each
    python train.py --only random-forest     # one candidate
    python train.py --autolog                # let autologging add what it captures as well

Uses the dataset and the feature contract of the "Python for ML" lab, without copying them:
  ../mlops-python/make_dataset.py   writes ../mlops-python/data/todos.csv (run it first)
  ../mlops-python/features.py       FEATURES, TARGET and add_features(), imported below

The tracking server comes from compose.yaml; set MLFLOW_TRACKING_URI to use another one.
Requires the packages in requirements.txt.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import mlflow
import mlflow.data
import mlflow.sklearn
import pandas as pd
from mlflow.models import infer_signature
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, precision_score,
                             recall_score, roc_auc_score)
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = Path(__file__).resolve().parent
PYTHON_LAB = HERE.parent / "mlops-python"
sys.path.insert(0, str(PYTHON_LAB))  # one feature contract for training and serving, never a copy
from features import CATEGORICAL, FEATURES, NUMERIC, TARGET, add_features  # noqa: E402

SEED = 42
TEST_SIZE = 0.2
THRESHOLD = 0.5

# Name -> (estimator class, hyperparameters). Each candidate becomes one MLflow run.
CANDIDATES = {
    "logreg-c1": (LogisticRegression, {"C": 1.0, "max_iter": 1000}),
    "logreg-c0.05": (LogisticRegression, {"C": 0.05, "max_iter": 1000}),
    "random-forest": (
        RandomForestClassifier,
        {"n_estimators": 300, "max_depth": 8, "min_samples_leaf": 5, "random_state": SEED, "n_jobs": -1},
    ),
}


def build_pipeline(estimator) -> Pipeline:
    """Preprocessing and classifier in one object, so the logged model is complete."""
    numeric = Pipeline([
        ("impute", SimpleImputer(strategy="median", add_indicator=True)),
        ("scale", StandardScaler()),
    ])
    preprocess = ColumnTransformer([
        ("numeric", numeric, NUMERIC),
        ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
    ])
    return Pipeline([("preprocess", preprocess), ("classifier", estimator)])


def load_data(path: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    if not path.is_file():
        raise SystemExit(f"{path} not found. Generate it first: python3 {PYTHON_LAB / 'make_dataset.py'}")
    raw = pd.read_csv(path)
    df = add_features(raw)
    X = df[FEATURES].copy()
    # Numbers as float: an integer column cannot hold a missing value, and MLflow's signature
    # would then reject a request that leaves one out.
    X[NUMERIC] = X[NUMERIC].astype("float64")
    return df, X, df[TARGET]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=PYTHON_LAB / "data" / "todos.csv")
    parser.add_argument("--experiment", default="todo-completion")
    parser.add_argument("--only", choices=sorted(CANDIDATES), help="train one candidate only")
    parser.add_argument("--autolog", action="store_true",
                        help="also enable mlflow.sklearn.autolog (the model is still logged explicitly)")
    args = parser.parse_args()

    # Where runs go: MLFLOW_TRACKING_URI if set, else the Compose server. Without either,
    # MLflow 3.7+ would silently write to ./mlflow.db (SQLite) in the current directory.
    mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI", "http://localhost:5000"))
    mlflow.set_experiment(args.experiment)  # created on first use
    if args.autolog:
        mlflow.sklearn.autolog(log_models=False, silent=True)

    df, X, y = load_data(args.data)
    data_sha256 = hashlib.sha256(args.data.read_bytes()).hexdigest()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SIZE, random_state=SEED, stratify=y
    )
    # Which data trained the model: name, source, digest and schema, shown on the run page.
    dataset = mlflow.data.from_pandas(df, source=str(args.data), name="todos", targets=TARGET)

    names = [args.only] if args.only else list(CANDIDATES)
    for name in names:
        estimator_class, params = CANDIDATES[name]
        with mlflow.start_run(run_name=name) as run:
            mlflow.set_tags({"candidate": name, "task": "todo-completion",
                             "git_commit": os.environ.get("GIT_COMMIT", "unknown")})
            mlflow.log_input(dataset, context="training")
            mlflow.log_params({"model_type": estimator_class.__name__, **params,
                               "test_size": TEST_SIZE, "seed": SEED, "threshold": THRESHOLD,
                               "data_sha256": data_sha256})

            model = build_pipeline(estimator_class(**params))
            model.fit(X_train, y_train)

            proba = model.predict_proba(X_test)[:, 1]
            predicted = (proba >= THRESHOLD).astype(int)
            metrics = {
                "roc_auc": roc_auc_score(y_test, proba),
                "accuracy": accuracy_score(y_test, predicted),
                "precision": precision_score(y_test, predicted),
                "recall": recall_score(y_test, predicted),
                "f1": f1_score(y_test, predicted),
            }
            mlflow.log_metrics({key: round(float(value), 4) for key, value in metrics.items()})
            # Any file can be an artifact; log_dict and log_text write small ones directly.
            tn, fp, fn, tp = confusion_matrix(y_test, predicted).ravel().tolist()
            mlflow.log_dict({"tn": tn, "fp": fp, "fn": fn, "tp": tp}, "confusion_matrix.json")

            # The signature is the model's input/output contract; the input example is a
            # valid request. pyfunc_predict_fn makes `mlflow models serve` return probabilities.
            sample = X_test.head(20)
            info = mlflow.sklearn.log_model(
                sk_model=model,
                name="model",  # MLflow 3: `name`, not the deprecated `artifact_path`
                signature=infer_signature(sample, model.predict_proba(sample)),
                input_example=X_test.dropna().head(3),
                pyfunc_predict_fn="predict_proba",
            )
            # promote.py registers exactly this logged model (models:/m-...).
            mlflow.set_tag("model_uri", info.model_uri)
            print(f"{name:<14} run {run.info.run_id}  roc_auc {metrics['roc_auc']:.3f}  "
                  f"f1 {metrics['f1']:.3f}  model {info.model_uri}")

    print(f"\nCompare the runs: {mlflow.get_tracking_uri()} -> Experiments -> {args.experiment}")


if __name__ == "__main__":
    main()
