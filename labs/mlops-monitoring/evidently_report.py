#!/usr/bin/env python3
"""The same comparison as drift.py, done by Evidently, written as an HTML report and a JSON file.

    python evidently_report.py                                   # data/current-drifted.csv
    python evidently_report.py --current data/current-stable.csv
    python evidently_report.py --method psi --threshold 0.25     # drift.py's statistic and threshold

Needs the packages in requirements.txt (Evidently 0.7, the API built around Report, Dataset and
DataDefinition; code written for Evidently 0.4 to 0.6 imports from evidently.report and
evidently.metric_preset and does not run on it). Run make_batches.py first.

Writes reports/drift-report.html (open it in a browser) and reports/drift-report.json, and prints
the drift score Evidently computed for each column. Without --method, Evidently picks a test per
column from its type and the number of rows; the report names the test it used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
from evidently import DataDefinition, Dataset, Report
from evidently.presets import DataDriftPreset, DataSummaryPreset

HERE = Path(__file__).resolve().parent

NUMERICAL = ["due_in_days", "open_todos", "account_age_days", "title_length", "created_hour",
             "probability_on_time"]
CATEGORICAL = ["priority", "list_name", "client", "has_reminder"]


def load(path: Path, definition: DataDefinition) -> Dataset:
    if not path.is_file():
        raise SystemExit(f"{path} not found: run python3 make_batches.py first")
    frame = pd.read_csv(path)
    # has_reminder is 0/1: tell pandas it is a category, as the data definition says.
    frame["has_reminder"] = frame["has_reminder"].astype("string")
    return Dataset.from_pandas(frame, data_definition=definition)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=HERE / "data" / "reference.csv")
    parser.add_argument("--current", type=Path, default=HERE / "data" / "current-drifted.csv")
    parser.add_argument("--method", help="one drift test for every column, e.g. psi, ks, jensenshannon")
    parser.add_argument("--threshold", type=float, help="drift threshold for that test")
    parser.add_argument("--out", type=Path, default=HERE / "reports")
    args = parser.parse_args()

    # Column types written down instead of guessed: an id stored as a number would otherwise be
    # tested for drift like a measurement.
    definition = DataDefinition(numerical_columns=NUMERICAL, categorical_columns=CATEGORICAL)
    reference = load(args.reference, definition)
    current = load(args.current, definition)

    report = Report(
        [
            DataDriftPreset(method=args.method, threshold=args.threshold),
            DataSummaryPreset(),  # row counts, missing values, min/max/quantiles per column
        ],
        metadata={"model": "todo-completion", "current_batch": args.current.name},
    )
    snapshot = report.run(current_data=current, reference_data=reference)

    args.out.mkdir(parents=True, exist_ok=True)
    html = args.out / "drift-report.html"
    snapshot.save_html(str(html))
    snapshot.save_json(str(args.out / "drift-report.json"))

    # The snapshot is also plain data: this is how a scheduled job turns a report into gauges.
    drifted_share = None
    for metric in snapshot.dict()["metrics"]:
        config = metric.get("config", {})
        kind = str(config.get("type", ""))
        if kind.endswith("ValueDrift"):
            print(f"{config.get('column'):<20} {config.get('method', '')!s:<28} "
                  f"score {float(metric['value']):.4f}  threshold {config.get('threshold')}")
        elif kind.endswith("DriftedColumnsCount"):
            drifted_share = metric["value"]["share"]
    if drifted_share is not None:
        print(f"\nshare of drifted columns: {drifted_share:.0%}")
    print(f"report: {html}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
