#!/usr/bin/env python3
"""Load the saved model and score new to-dos, refusing artifacts it cannot trust.

    python3 predict.py                         # three built-in example to-dos
    python3 predict.py --csv new_todos.csv     # any CSV with the raw columns of features.RAW_COLUMNS
    python3 predict.py --model-dir artifacts/

Needs the same pandas, NumPy, scikit-learn and joblib versions that trained the model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import warnings
from pathlib import Path

import joblib
import pandas as pd
import sklearn
from sklearn.exceptions import InconsistentVersionWarning

from features import FEATURES, RAW_COLUMNS, add_features

HERE = Path(__file__).resolve().parent

# What the to-do API would receive: raw fields only, no derived features.
EXAMPLES = [
    {"created_at": "2026-11-20T09:15:00Z", "title": "Buy milk", "priority": "high",
     "list_name": "shopping", "client": "ios", "due_in_days": 1, "has_reminder": 1,
     "open_todos": 4, "account_age_days": 900},
    {"created_at": "2026-11-20T23:40:00Z", "title": "Review the quarterly infrastructure budget with finance",
     "priority": "low", "list_name": "work", "client": "api", "due_in_days": None, "has_reminder": 0,
     "open_todos": 55, "account_age_days": 30},
    {"created_at": "2026-11-21T11:00:00Z", "title": "Renew passport", "priority": "medium",
     "list_name": "personal", "client": "watch", "due_in_days": 14, "has_reminder": 1,
     "open_todos": 12, "account_age_days": None},
]


def load_model(model_dir: Path):
    metadata = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    model_path = model_dir / metadata["model_file"]

    # joblib.load runs pickle, and unpickling can execute arbitrary code. Load only files your
    # own pipeline produced, and check they are byte for byte the file it recorded.
    digest = hashlib.sha256(model_path.read_bytes()).hexdigest()
    if digest != metadata["model_sha256"]:
        raise SystemExit(f"{model_path}: sha256 {digest[:12]}... does not match model.json; refusing to load")

    trained_with = metadata["versions"]["scikit-learn"]
    if trained_with != sklearn.__version__:
        raise SystemExit(f"model trained with scikit-learn {trained_with}, this environment has "
                         f"{sklearn.__version__}: install requirements.txt or retrain")

    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)  # belt and braces
        model = joblib.load(model_path)
    return model, metadata


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model-dir", type=Path, default=HERE / "artifacts")
    parser.add_argument("--csv", type=Path, help="new to-dos; default: three built-in examples")
    args = parser.parse_args()

    model, metadata = load_model(args.model_dir)
    new = pd.read_csv(args.csv) if args.csv else pd.DataFrame(EXAMPLES, columns=RAW_COLUMNS)
    proba = model.predict_proba(add_features(new)[FEATURES])[:, 1]

    threshold = metadata["threshold"]
    print(f"Model {metadata['model']} trained {metadata['trained_at']}, "
          f"test ROC AUC {metadata['metrics']['roc_auc']:.3f}")
    for title, p in zip(new["title"], proba):
        verdict = "on time" if p >= threshold else "at risk: nudge the user"
        print(f"  {p:5.1%}  {verdict:<24} {title}")


if __name__ == "__main__":
    main()
