"""Model tests: check how the trained model behaves, not only how it scores.

    python -m pytest labs/mlops-cicd/tests/test_model.py -v     # after train.py

Behavioral tests in the style of CheckList (Ribeiro et al., 2020): invariance (a change that must
not move the prediction), direction (a change that must move it one way), and minimum
functionality, plus the integrity of the saved files. MODEL_DIR points them at another model.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

import joblib
import pandas as pd
import pytest

PYTHON_LAB = Path(__file__).resolve().parents[2] / "mlops-python"
ARTIFACTS = Path(os.environ.get("MODEL_DIR", PYTHON_LAB / "artifacts"))
sys.path.insert(0, str(PYTHON_LAB))
from features import FEATURES, NUMERIC, add_features  # noqa: E402

# A typical to-do; each test changes one thing about it.
BASE = {
    "created_at": "2026-10-14T10:05:00Z",
    "title": "Review pull request #118",
    "priority": "medium",
    "list_name": "work",
    "client": "web",
    "due_in_days": 3,
    "has_reminder": 0,
    "open_todos": 10,
    "account_age_days": 400,
}


@pytest.fixture(scope="module")
def metadata() -> dict:
    path = ARTIFACTS / "model.json"
    if not path.is_file():
        pytest.fail(f"{path} not found: run python {PYTHON_LAB / 'train.py'} first")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model(metadata):
    return joblib.load(ARTIFACTS / metadata["model_file"])


def predict(model, *todos: dict) -> list[float]:
    frame = add_features(pd.DataFrame(list(todos)))[FEATURES]
    frame[NUMERIC] = frame[NUMERIC].astype("float64")
    return model.predict_proba(frame)[:, 1].tolist()


def test_model_file_matches_metadata(metadata):
    digest = hashlib.sha256((ARTIFACTS / metadata["model_file"]).read_bytes()).hexdigest()
    assert digest == metadata["model_sha256"], "model.joblib is not the file model.json describes"


def test_outputs_are_probabilities(model):
    rows = pd.read_csv(PYTHON_LAB / "data" / "todos.csv", nrows=200).to_dict("records")
    scores = predict(model, *rows)
    assert len(scores) == 200
    assert all(0.0 <= score <= 1.0 for score in scores)


def test_beats_the_majority_baseline(metadata):
    metrics = metadata["metrics"]
    assert metrics["accuracy"] > metrics["baseline_accuracy"], (
        f"accuracy {metrics['accuracy']} does not beat always answering the majority class "
        f"({metrics['baseline_accuracy']})"
    )


# Invariance: only the title's length is a feature, so rewording it at the same length must not
# change anything; nor may the minute of creation within the same hour.
@pytest.mark.parametrize("change", [
    {"title": "Review pull request #911"},
    {"created_at": "2026-10-14T10:55:00Z"},
])
def test_invariance(model, change):
    before, after = predict(model, BASE, {**BASE, **change})
    assert after == pytest.approx(before, abs=1e-9), f"{change} moved the prediction {before:.4f} -> {after:.4f}"


# Direction: what the product team expects, written down. A model that learned the opposite is
# broken, whatever its ROC AUC says.
@pytest.mark.parametrize("worse, better, why", [
    ({"has_reminder": 0}, {"has_reminder": 1}, "a reminder helps"),
    ({"priority": "low"}, {"priority": "high"}, "high priority gets done"),
    ({"open_todos": 40}, {"open_todos": 5}, "a long backlog delays everything"),
    ({"due_in_days": None}, {"due_in_days": 3}, "a due date helps"),
])
def test_direction(model, worse, better, why):
    low, high = predict(model, {**BASE, **worse}, {**BASE, **better})
    assert high > low, f"expected {better} to score above {worse} ({why}): {high:.4f} <= {low:.4f}"


def test_missing_optional_fields_are_handled(model):
    # The API accepts a to-do without a due date or an account age: the model must still answer.
    (score,) = predict(model, {**BASE, "due_in_days": None, "account_age_days": None})
    assert 0.0 <= score <= 1.0


def test_batch_latency(model):
    # The API accepts up to 100 to-dos per request; scoring them must fit the latency budget.
    batch = [BASE] * 100
    predict(model, *batch)  # warm up
    started = time.perf_counter()
    predict(model, *batch)
    assert time.perf_counter() - started < 0.5
