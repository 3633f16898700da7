"""The feature contract, shared by train.py and predict.py.

Training and serving must compute features with the same code. Two copies of this logic,
one in a notebook and one in the API, drift apart sooner or later: that is training/serving
skew, and the model quietly gets inputs it never saw in training.
"""

from __future__ import annotations

import pandas as pd

TARGET = "completed_on_time"

# Raw columns a client sends when it creates a to-do. Everything else is derived below.
RAW_COLUMNS = ["created_at", "title", "priority", "list_name", "client",
               "due_in_days", "has_reminder", "open_todos", "account_age_days"]

NUMERIC = ["due_in_days", "has_reminder", "open_todos", "account_age_days",
           "title_length", "created_hour", "created_on_weekend"]
CATEGORICAL = ["priority", "list_name", "client"]
FEATURES = NUMERIC + CATEGORICAL

# Never features: identifiers (the model would memorize users) and anything known only
# after the prediction is made (completed_at tells the answer: data leakage).
NOT_FEATURES = ["todo_id", "user_id", "completed_at", TARGET]


def add_features(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of df with the derived feature columns added."""
    missing = [column for column in RAW_COLUMNS if column not in df.columns]
    if missing:
        raise ValueError(f"missing input columns: {', '.join(missing)}")
    created = pd.to_datetime(df["created_at"], utc=True)
    return df.assign(
        title_length=df["title"].str.len(),
        created_hour=created.dt.hour,                      # UTC; a real system would use the user's zone
        created_on_weekend=(created.dt.dayofweek >= 5).astype(int),
    )
