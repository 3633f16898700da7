#!/usr/bin/env python3
"""Train the to-do completion model and save it with the metadata needed to trust it later.

    python3 train.py                     # random stratified split, writes artifacts/
    python3 train.py --split time        # train on the oldest 80%, test on the newest 20%
    python3 train.py --data data/todos.csv --out artifacts/

Needs pandas, NumPy, scikit-learn and joblib (requirements.txt). Writes two files:
  artifacts/model.joblib  the fitted Pipeline (preprocessing and classifier together)
  artifacts/model.json    library versions, data hash, parameters and metrics
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
from datetime import datetime, timezone
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, precision_score,
                             recall_score, roc_auc_score)
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from features import CATEGORICAL, FEATURES, NUMERIC, TARGET, add_features

HERE = Path(__file__).resolve().parent
SEED = 42          # one seed for the split, the folds and anything random in the model
THRESHOLD = 0.5


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_pipeline() -> Pipeline:
    numeric = Pipeline([
        # Median of the training rows only; add_indicator keeps "this value was missing"
        # as its own column, because a to-do without a due date behaves differently.
        ("impute", SimpleImputer(strategy="median", add_indicator=True)),
        ("scale", StandardScaler()),
    ])
    preprocess = ColumnTransformer([
        ("numeric", numeric, NUMERIC),
        # A category never seen in training (a new client app) becomes all zeros, not an error.
        ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
    ])
    # C is the inverse of the regularization strength: smaller C, simpler model.
    return Pipeline([
        ("preprocess", preprocess),
        ("classifier", LogisticRegression(C=1.0, max_iter=1000)),
    ])


def explore(df: pd.DataFrame) -> None:
    print(f"Loaded {len(df):,} rows and {df.shape[1]} columns")
    missing = df.isna().sum()
    print("Missing values:", ", ".join(f"{name} {count}" for name, count in missing[missing > 0].items()))
    rate = df.groupby("priority")[TARGET].mean().sort_values()
    print("Completed on time by priority:", ", ".join(f"{name} {value:.0%}" for name, value in rate.items()))


def split(df: pd.DataFrame, how: str):
    if how == "random":
        return train_test_split(df[FEATURES], df[TARGET], test_size=0.2, random_state=SEED,
                                stratify=df[TARGET])
    # Time split: the model is tested on to-dos created after everything it trained on,
    # the way it will meet production traffic.
    created = pd.to_datetime(df["created_at"], utc=True)
    ordered = df.loc[created.sort_values(kind="stable").index]
    cut = int(len(ordered) * 0.8)
    train, test = ordered.iloc[:cut], ordered.iloc[cut:]
    return train[FEATURES], test[FEATURES], train[TARGET], test[TARGET]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=HERE / "data" / "todos.csv")
    parser.add_argument("--out", type=Path, default=HERE / "artifacts")
    parser.add_argument("--split", choices=["random", "time"], default="random")
    args = parser.parse_args()

    df = pd.read_csv(args.data)
    explore(df)
    df = add_features(df)
    X_train, X_test, y_train, y_test = split(df, args.split)
    print(f"Split ({args.split}): {len(X_train):,} rows to train, {len(X_test):,} to test")

    model = build_pipeline()
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    cv_auc = cross_val_score(model, X_train, y_train, cv=folds, scoring="roc_auc")
    print(f"5-fold cross-validation ROC AUC on the training rows: {cv_auc.mean():.3f} "
          f"(+/- {cv_auc.std():.3f})")

    model.fit(X_train, y_train)        # refit on all training rows; the test rows stay unseen
    proba = model.predict_proba(X_test)[:, 1]
    predicted = (proba >= THRESHOLD).astype(int)
    majority = int(y_train.mode().iloc[0])
    metrics = {
        "roc_auc": roc_auc_score(y_test, proba),
        "accuracy": accuracy_score(y_test, predicted),
        "precision": precision_score(y_test, predicted),
        "recall": recall_score(y_test, predicted),
        "f1": f1_score(y_test, predicted),
        "baseline_accuracy": float((y_test == majority).mean()),
    }
    metrics = {name: round(float(value), 4) for name, value in metrics.items()}
    print("Test set:", ", ".join(f"{name} {value:.3f}" for name, value in metrics.items()))
    print("Confusion matrix [[TN FP] [FN TP]]:", confusion_matrix(y_test, predicted).tolist())

    names = model.named_steps["preprocess"].get_feature_names_out()
    weights = model.named_steps["classifier"].coef_[0]
    strongest = np.argsort(-np.abs(weights))[:5]
    print("Strongest features:", ", ".join(f"{names[i]} {weights[i]:+.2f}" for i in strongest))

    args.out.mkdir(parents=True, exist_ok=True)
    model_path = args.out / "model.joblib"
    joblib.dump(model, model_path)
    metadata = {
        "model": "todo-completion",
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "model_file": model_path.name,
        "model_sha256": sha256(model_path),
        "data": {"path": args.data.name, "sha256": sha256(args.data), "rows": len(df)},
        "split": args.split,
        "seed": SEED,
        "threshold": THRESHOLD,
        "features": FEATURES,
        "params": {"C": 1.0, "max_iter": 1000},
        "cv_roc_auc": [round(float(score), 4) for score in cv_auc],
        "metrics": metrics,
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "pandas": pd.__version__,
            "numpy": np.__version__,
            "joblib": joblib.__version__,
        },
    }
    (args.out / "model.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    print(f"Saved {model_path} and model.json (sha256 {metadata['model_sha256'][:12]}...)")


if __name__ == "__main__":
    main()
