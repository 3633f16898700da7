#!/usr/bin/env python3
"""Load the latest feature values into the online store, then read them the way an API would.

    python online_lookup.py                          # materialize, then look up three users
    python online_lookup.py u-0078 u-0150            # look up these users
    python online_lookup.py --skip-materialize u-0078

Run make_data.py and `feast apply` (in feature_repo/) first. Needs requirements.txt.

materialize_incremental() copies, for every user, the newest row of each feature view from the
offline store (the Parquet file) into the online store (SQLite), covering the time since the
last run; the first run goes back one TTL (two days). A prediction service then asks the online
store by key, in milliseconds, instead of scanning history. The last check compares the online
values with an offline point-in-time lookup at the same moment: one definition, same answer.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from feast import FeatureStore

HERE = Path(__file__).resolve().parent
NAMES = ["open_todos", "completed_7d", "on_time_rate_30d", "account_age_days"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("users", nargs="*", default=["u-0078", "u-0150", "u-9999"],
                        help="user ids to look up (u-9999 does not exist)")
    parser.add_argument("--skip-materialize", action="store_true", help="read what is already online")
    args = parser.parse_args()

    store = FeatureStore(repo_path=str(HERE / "feature_repo"))
    now = datetime.now(timezone.utc)
    if not args.skip_materialize:
        # In production a scheduler runs this (or `feast materialize-incremental <end>`) after
        # every batch of new feature rows.
        store.materialize_incremental(end_date=now)

    service = store.get_feature_service("todo_completion_v1")
    started = time.perf_counter()
    online = store.get_online_features(
        features=service,
        entity_rows=[{"user_id": user} for user in args.users],
    ).to_dict()
    elapsed_ms = (time.perf_counter() - started) * 1000

    print(f"\nonline store, {len(args.users)} users in {elapsed_ms:.1f} ms:")
    print(f"  {'user_id':<8} " + " ".join(f"{name:>17}" for name in NAMES))
    for index, user in enumerate(online["user_id"]):
        values = " ".join(f"{online[name][index]!s:>17}" for name in NAMES)
        print(f"  {user:<8} {values}")
    print("  (None: no value online for that key, a new or unknown user: the model needs a default)")

    # Training/serving skew check: the offline store, asked for the same users at the same moment.
    offline = store.get_historical_features(
        entity_df=pd.DataFrame({"user_id": args.users, "event_timestamp": [now] * len(args.users)}),
        features=service,
    ).to_df().set_index("user_id")
    mismatches = 0
    for index, user in enumerate(online["user_id"]):
        for name in NAMES:
            on, off = online[name][index], offline.at[user, name]
            if (on is None) != pd.isna(off) or (on is not None and abs(float(on) - float(off)) > 1e-9):
                mismatches += 1
                print(f"  skew: {user} {name} online={on} offline={off}")
    print(f"\nonline vs offline at {now:%Y-%m-%dT%H:%M:%SZ}: {mismatches} differing values")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
