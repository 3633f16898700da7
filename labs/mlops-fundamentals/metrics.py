#!/usr/bin/env python3
"""Score a binary classifier from a CSV of predictions and true labels, and choose its threshold.

    python3 metrics.py                        # threshold 0.5 on predictions.csv
    python3 metrics.py --threshold 0.3
    python3 metrics.py --review-cost 20       # a false alarm costs 20 EUR of analyst time
    python3 metrics.py --csv my-model.csv --score-column score --label-column label

Standard library only; runs on Python 3.9 and later.

predictions.csv holds one row per card transaction scored by a fraud model:
  transaction_id, amount_eur, fraud_score (0 to 1, higher means more suspicious), is_fraud (0 or 1)
A transaction is flagged when fraud_score >= threshold. is_fraud is what the bank learned
later, from chargebacks and customer reports.

The cost model for the threshold sweep is deliberately simple: a missed fraud (false negative)
costs its amount, a false alarm (false positive) costs a fixed review cost, a caught fraud
costs the review too. Replace it with your own business's numbers.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(path: Path, score_column: str, label_column: str, amount_column: str) -> list[dict]:
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                score, label = float(row[score_column]), int(row[label_column])
                amount = float(row.get(amount_column) or 0)
            except (KeyError, ValueError) as error:
                raise SystemExit(f"{path.name} line {number}: {error!r}")
            if label not in (0, 1) or not 0 <= score <= 1:
                raise SystemExit(f"{path.name} line {number}: label must be 0 or 1, score between 0 and 1")
            rows.append({"score": score, "label": label, "amount": amount})
    if not rows:
        raise SystemExit(f"{path}: no rows")
    return rows


def confusion(rows: list[dict], threshold: float) -> dict[str, int]:
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for row in rows:
        flagged = row["score"] >= threshold
        if flagged:
            counts["tp" if row["label"] else "fp"] += 1
        else:
            counts["fn" if row["label"] else "tn"] += 1
    return counts


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def metrics(c: dict[str, int]) -> dict[str, float | None]:
    precision = ratio(c["tp"], c["tp"] + c["fp"])   # of what we flagged, how much was fraud
    recall = ratio(c["tp"], c["tp"] + c["fn"])      # of the fraud, how much we caught
    f1 = None
    if precision and recall:
        f1 = 2 * precision * recall / (precision + recall)
    return {
        "accuracy": ratio(c["tp"] + c["tn"], sum(c.values())),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "false_positive_rate": ratio(c["fp"], c["fp"] + c["tn"]),
    }


def roc_auc(rows: list[dict]) -> float:
    """Probability that a random fraud scores higher than a random legit transaction.

    Computed from ranks (the Mann-Whitney U statistic); ties count half.
    """
    ordered = sorted(rows, key=lambda row: row["score"])
    ranks = [0.0] * len(ordered)
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1]["score"] == ordered[start]["score"]:
            end += 1
        for index in range(start, end + 1):
            ranks[index] = (start + end) / 2 + 1   # average rank of a run of ties
        start = end + 1
    positives = sum(row["label"] for row in ordered)
    negatives = len(ordered) - positives
    rank_sum = sum(rank for rank, row in zip(ranks, ordered) if row["label"])
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def cost(rows: list[dict], threshold: float, review_cost: float) -> float:
    total = 0.0
    for row in rows:
        if row["score"] >= threshold:
            total += review_cost              # every flag is reviewed by an analyst
        elif row["label"]:
            total += row["amount"]            # missed fraud: the bank pays the chargeback
    return total


def pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:6.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=HERE / "predictions.csv")
    parser.add_argument("--threshold", type=float, default=0.5, help="flag when score >= this (default 0.5)")
    parser.add_argument("--review-cost", type=float, default=5.0, help="EUR per flagged transaction (default 5)")
    parser.add_argument("--score-column", default="fraud_score")
    parser.add_argument("--label-column", default="is_fraud")
    parser.add_argument("--amount-column", default="amount_eur")
    args = parser.parse_args()

    rows = load(args.csv, args.score_column, args.label_column, args.amount_column)
    positives = sum(row["label"] for row in rows)
    print(f"{len(rows)} transactions, {positives} fraudulent ({positives / len(rows):.1%})\n")

    c = confusion(rows, args.threshold)
    m = metrics(c)
    print(f"Confusion matrix at threshold {args.threshold:.2f}")
    print("                    predicted fraud   predicted legit")
    print(f"  actually fraud    TP {c['tp']:>5}          FN {c['fn']:>5}")
    print(f"  actually legit    FP {c['fp']:>5}          TN {c['tn']:>5}\n")
    baseline = (len(rows) - positives) / len(rows)
    print(f"  accuracy   {pct(m['accuracy'])}   a model that never flags anything scores {baseline:.1%}")
    print(f"  precision  {pct(m['precision'])}   of the flagged transactions, the share that was fraud")
    print(f"  recall     {pct(m['recall'])}   of the fraud, the share that was flagged")
    print(f"  F1         {pct(m['f1'])}   harmonic mean of precision and recall")
    print(f"  FP rate    {pct(m['false_positive_rate'])}   of the legit transactions, the share flagged")
    print(f"  ROC AUC     {roc_auc(rows):.3f}   threshold-free: how well the scores rank fraud above legit\n")

    print(f"Threshold sweep: a missed fraud costs its amount, every flag costs {args.review_cost:.2f} EUR of review")
    print("threshold  flagged   TP   FP   FN  precision  recall      F1   cost EUR")
    results = []
    for step in range(1, 10):
        threshold = step / 10
        sc = confusion(rows, threshold)
        sm = metrics(sc)
        total = cost(rows, threshold, args.review_cost)
        results.append((total, threshold))
        print(f"{threshold:>9.1f}  {sc['tp'] + sc['fp']:>7}  {sc['tp']:>3}  {sc['fp']:>3}  {sc['fn']:>3}"
              f"     {pct(sm['precision'])}  {pct(sm['recall'])}  {pct(sm['f1'])}  {total:>9,.0f}")
    best_cost, best_threshold = min(results)
    print(f"\nCheapest threshold for this cost model: {best_threshold:.1f} ({best_cost:,.0f} EUR). "
          "Change --review-cost and watch it move.")


if __name__ == "__main__":
    main()
