"""Data tests: the training data must look like the data the model was designed for.

    python -m pytest labs/mlops-cicd/tests/test_data.py -v      # after make_dataset.py

They run before training, so a broken export fails in seconds, with a message that names the
column and the rows, instead of producing a quietly worse model an hour later. The schema uses
pandera; TRAINING_DATA points the tests at another file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest

PYTHON_LAB = Path(__file__).resolve().parents[2] / "mlops-python"
DATA = Path(os.environ.get("TRAINING_DATA", PYTHON_LAB / "data" / "todos.csv"))
sys.path.insert(0, str(PYTHON_LAB))
from features import FEATURES, NOT_FEATURES, RAW_COLUMNS, TARGET  # noqa: E402

# One schema for the raw export: column types, allowed values and ranges, and one rule that
# spans two columns. coerce=True converts types first, so "7" in a number column passes and
# "seven" fails with the row that holds it.
SCHEMA = pa.DataFrameSchema(
    {
        "todo_id": pa.Column(int, unique=True),
        "user_id": pa.Column(str, pa.Check.str_matches(r"^u-\d{4}$")),
        "created_at": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")),
        "title": pa.Column(str, pa.Check.str_length(1, 200)),
        "priority": pa.Column(str, pa.Check.isin(["low", "medium", "high"])),
        "list_name": pa.Column(str, pa.Check.str_length(1, 50)),
        "client": pa.Column(str, pa.Check.isin(["web", "ios", "android", "api"])),
        "due_in_days": pa.Column(float, pa.Check.in_range(0, 365), nullable=True),
        "has_reminder": pa.Column(int, pa.Check.isin([0, 1])),
        "open_todos": pa.Column(int, pa.Check.in_range(0, 10_000)),
        "account_age_days": pa.Column(float, pa.Check.in_range(0, 20_000), nullable=True),
        "completed_on_time": pa.Column(int, pa.Check.isin([0, 1])),
    },
    checks=[
        # A to-do labeled "completed on time" must have a completion time.
        pa.Check(lambda df: ~((df["completed_on_time"] == 1) & df["completed_at"].isna()),
                 name="on_time_requires_completed_at"),
    ],
    coerce=True,
    strict=False,  # other columns may exist; which ones the model may use is tested below
)


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    if not DATA.is_file():
        pytest.fail(f"{DATA} not found: run python3 {PYTHON_LAB / 'make_dataset.py'} first")
    return pd.read_csv(DATA)


def test_schema(data):
    # lazy=True collects every failure instead of stopping at the first one.
    SCHEMA.validate(data, lazy=True)


def test_raw_columns_present(data):
    missing = [column for column in RAW_COLUMNS + [TARGET] if column not in data.columns]
    assert not missing, f"columns the pipeline needs are missing: {missing}"


def test_enough_rows(data):
    assert len(data) >= 1_000, f"only {len(data)} rows: too few to train and evaluate"


def test_label_balance(data):
    share = data[TARGET].mean()
    assert 0.3 <= share <= 0.8, f"{share:.1%} of to-dos completed on time: the label looks broken"


@pytest.mark.parametrize("column, max_missing", [("due_in_days", 0.5), ("account_age_days", 0.1)])
def test_missing_values_within_limits(data, column, max_missing):
    share = data[column].isna().mean()
    assert share <= max_missing, f"{column}: {share:.1%} missing, limit {max_missing:.0%}"


def test_no_future_timestamps(data):
    created = pd.to_datetime(data["created_at"], utc=True)
    assert created.max() <= pd.Timestamp.now(tz="UTC"), "to-dos created in the future"


def test_no_leakage_in_feature_list():
    # completed_at is known only after the fact, ids let a model memorize users: never features.
    leaking = sorted(set(FEATURES) & set(NOT_FEATURES))
    assert not leaking, f"columns that must never be features are in FEATURES: {leaking}"
