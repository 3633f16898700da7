"""Load the model that ../mlops-python/train.py produced, and refuse one it cannot trust.

train.py writes two files into one directory (MODEL_DIR):
  model.joblib   the fitted scikit-learn Pipeline (preprocessing and classifier together)
  model.json     name, training time, SHA-256 of model.joblib, library versions, threshold, metrics

The feature code comes from ../mlops-python/features.py, the same module training used: it is on
PYTHONPATH when you run the API locally, and the Dockerfile copies it into the image. Computing
features with a second copy of that logic is how training/serving skew starts.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import pandas as pd
import sklearn

from features import FEATURES, RAW_COLUMNS, add_features

TRAIN_HINT = (
    "Train the model first:\n"
    "    cd labs/mlops-python && python3 make_dataset.py && python train.py\n"
    "then run the API with MODEL_DIR=../mlops-python/artifacts, or build the image, which copies\n"
    "artifacts/ from ../mlops-python (see the Dockerfile)."
)


class ModelLoadError(RuntimeError):
    """The model is missing, altered or incompatible: the service must not serve it."""


@dataclass(frozen=True)
class LoadedModel:
    estimator: Any
    name: str
    version: str
    sha256: str
    trained_at: str
    threshold: float
    metrics: dict[str, float]
    load_seconds: float
    features: list[str] = field(default_factory=lambda: list(FEATURES))

    def predict_proba(self, raw: pd.DataFrame) -> list[float]:
        """P(completed on time) for each raw to-do; features computed exactly as in training."""
        return self.estimator.predict_proba(add_features(raw)[FEATURES])[:, 1].tolist()


def check_model_dir(model_dir: Path) -> Path:
    """Fail fast, before the server starts, when there is no model at all."""
    metadata_path = model_dir / "model.json"
    if not metadata_path.is_file():
        raise ModelLoadError(f"no model.json in {model_dir.resolve()}.\n{TRAIN_HINT}")
    return metadata_path


def load_model(model_dir: Path, version: str | None = None) -> LoadedModel:
    """Verify, then deserialize. Slow for big models: call it off the event loop."""
    started = time.perf_counter()
    metadata = json.loads(check_model_dir(model_dir).read_text(encoding="utf-8"))
    model_path = model_dir / metadata["model_file"]
    if not model_path.is_file():
        raise ModelLoadError(f"{model_path} is listed in model.json but missing.\n{TRAIN_HINT}")

    # joblib.load runs pickle, and unpickling can execute arbitrary code: check that the file is
    # byte for byte the one training recorded before loading it.
    digest = hashlib.sha256(model_path.read_bytes()).hexdigest()
    if digest != metadata["model_sha256"]:
        raise ModelLoadError(f"{model_path}: sha256 {digest[:12]}... does not match model.json")

    # A pickled estimator is only guaranteed to work with the scikit-learn version that saved it.
    trained_with = metadata["versions"]["scikit-learn"]
    if trained_with != sklearn.__version__:
        raise ModelLoadError(
            f"model trained with scikit-learn {trained_with}, this image has {sklearn.__version__}: "
            "pin the same version in requirements.txt, or retrain"
        )

    estimator = joblib.load(model_path)
    return LoadedModel(
        estimator=estimator,
        name=metadata["model"],
        # An explicit version (the registry's, or the image tag's) wins; else the content hash.
        version=version or f"sha256-{digest[:12]}",
        sha256=digest,
        trained_at=metadata["trained_at"],
        threshold=float(metadata["threshold"]),
        metrics=metadata.get("metrics", {}),
        load_seconds=round(time.perf_counter() - started, 3),
    )


def to_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Raw request rows -> the DataFrame layout training read from CSV."""
    frame = pd.DataFrame(rows, columns=RAW_COLUMNS)
    # Same dtypes as pandas.read_csv gave during training: a missing number is NaN, not None.
    return frame.astype({"due_in_days": "float64", "account_age_days": "float64",
                         "has_reminder": "int64", "open_todos": "int64"})
