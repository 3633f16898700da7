"""Feature definitions for the to-do completion model: read by `feast apply`, shared by training
(historical retrieval) and serving (online retrieval). One definition, two paths, no skew.

    cd feature_repo && feast apply

`feast apply` imports every Python file in this folder and registers the Feast objects it finds.
"""

from datetime import timedelta
from pathlib import Path

from feast import Entity, FeatureService, FeatureView, Field, FileSource
from feast.types import Float64, Int64

# Absolute path to the Parquet file make_data.py writes, so `feast apply` works from any folder.
USER_STATS = Path(__file__).resolve().parent.parent / "data" / "user_stats.parquet"

# The entity: what features describe, and the key they are looked up by.
user = Entity(
    name="user",
    join_keys=["user_id"],
    description="An account of the to-do API",
)

# Where the feature values come from: one row per user per daily snapshot. event_timestamp is
# when the values were true (00:00 UTC); created is when the batch job wrote them, used to
# pick the newest row if a snapshot is ever written twice.
user_stats_source = FileSource(
    name="user_stats_source",
    path=str(USER_STATS),
    timestamp_field="event_timestamp",
    created_timestamp_column="created",
)

# The feature view: a named, typed group of features from one source, for one entity.
user_activity = FeatureView(
    name="user_activity",
    entities=[user],
    # A snapshot older than two days is stale: historical retrieval returns null instead of
    # reaching further back, and the first incremental materialization starts two days ago.
    ttl=timedelta(days=2),
    schema=[
        Field(name="open_todos", dtype=Int64, description="Open to-dos at snapshot time"),
        Field(name="completed_7d", dtype=Int64, description="To-dos completed in the 7 days before"),
        Field(name="on_time_rate_30d", dtype=Float64,
              description="Share of to-dos resolved in the 30 days before that were on time; null without any"),
        Field(name="account_age_days", dtype=Int64, description="Days since the account was created"),
    ],
    online=True,
    source=user_stats_source,
    tags={"team": "todo-ml", "refresh": "daily"},
)

# The features one model version uses, under one name: training and serving ask for this
# service, not for a hand-written list that can differ between the two.
todo_completion_v1 = FeatureService(
    name="todo_completion_v1",
    features=[user_activity],
    description="Features of the to-do completion model, version 1",
)
