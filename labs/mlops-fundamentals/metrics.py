#!/usr/bin/env python3
"""Score a binary classifier from a CSV of predictions and true labels, and choose its threshold.

    python3 metrics.py                        # threshold 0.5 on predictions.csv
    python3 metrics.py --threshold 0.3
    python3 metrics.py --review-cost 20       # a false alarm costs 20 EUR of analyst time
    python3 metrics.py --curve                # precision-recall curve and average precision
    python3 metrics.py --calibration          # can the scores be read as probabilities?
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


def precision_recall_curve(rows: list[dict]) -> list[dict]:
    """One point per distinct score, used as the threshold from the highest score down.

    Lowering the threshold past a score flags every row with that score at once, so ties form
    one point. Recall only grows along the way; precision can go up and down.
    """
    ordered = sorted(rows, key=lambda row: row["score"], reverse=True)
    positives = sum(row["label"] for row in rows)
    points, tp, fp, index = [], 0, 0, 0
    while index < len(ordered):
        threshold = ordered[index]["score"]
        while index < len(ordered) and ordered[index]["score"] == threshold:
            tp += ordered[index]["label"]
            fp += 1 - ordered[index]["label"]
            index += 1
        points.append({"threshold": threshold, "precision": tp / (tp + fp),
                       "recall": tp / positives, "flagged": tp + fp})
    return points


def average_precision(points: list[dict]) -> float:
    """The area under the precision-recall curve as a step function: the sum over the points of
    (gain in recall) x (precision there). Not interpolated, like scikit-learn's
    average_precision_score."""
    area, previous_recall = 0.0, 0.0
    for point in points:
        area += (point["recall"] - previous_recall) * point["precision"]
        previous_recall = point["recall"]
    return area


def print_curve(rows: list[dict]) -> None:
    points = precision_recall_curve(rows)
    positives = sum(row["label"] for row in rows)
    print(f"Precision-recall curve: {len(points)} points, one per distinct score used as the threshold")
    print(f"  average precision  {average_precision(points):.3f}   a random ranking scores about "
          f"{positives / len(rows):.3f}, the share of fraud\n")
    print("  to catch at least   best threshold   precision   recall   flagged")
    for target in (0.5, 0.6, 0.7, 0.8, 0.9, 1.0):
        # Of the thresholds that reach the recall target, the one with the best precision.
        reachable = [point for point in points if point["recall"] >= target - 1e-9]
        best = max(reachable, key=lambda point: (point["precision"], point["threshold"]))
        print(f"  {target:>7.0%} of fraud        {best['threshold']:>8.3f}      {best['precision']:>6.1%}   "
              f"{best['recall']:>6.1%}   {best['flagged']:>7}")
    print()


def print_calibration(rows: list[dict], threshold: float) -> None:
    """Reliability table: in each band of scores, the average score next to the real share of fraud."""
    print("Calibration: of the transactions scored around x, is the share that was fraud also about x?")
    print("  scores       rows   mean score   fraud rate")
    for band in range(10):
        members = [row for row in rows if min(int(row["score"] * 10 + 1e-9), 9) == band]
        if not members:
            continue
        mean_score = sum(row["score"] for row in members) / len(members)
        rate = sum(row["label"] for row in members) / len(members)
        note = "   (few rows: a rough estimate)" if len(members) < 20 else ""
        print(f"  {band / 10:.1f}-{(band + 1) / 10:.1f}  {len(members):>7}      {mean_score:>7.3f}      {rate:>6.1%}{note}")
    base_rate = sum(row["label"] for row in rows) / len(rows)
    brier = sum((row["score"] - row["label"]) ** 2 for row in rows) / len(rows)
    print(f"\n  Brier score {brier:.4f}   always answering the fraud rate ({base_rate:.1%}) scores "
          f"{base_rate * (1 - base_rate):.4f}; lower is better")
    # What a label-free estimate such as CBPE computes if it takes these scores as probabilities.
    flagged = [row for row in rows if row["score"] >= threshold]
    expected_frauds = sum(row["score"] for row in rows)
    expected_caught = sum(row["score"] for row in flagged)
    real = confusion(rows, threshold)
    print(f"  Taken as probabilities, the scores expect {expected_frauds:.1f} frauds; there were "
          f"{sum(row['label'] for row in rows)}. At threshold {threshold:.2f} they")
    print(f"  estimate precision {ratio(expected_caught, len(flagged)) or 0:.1%} (real "
          f"{ratio(real['tp'], len(flagged)) or 0:.1%}) and recall {ratio(expected_caught, expected_frauds) or 0:.1%} "
          f"(real {ratio(real['tp'], real['tp'] + real['fn']) or 0:.1%}): a label-free estimate such as CBPE")
    print("  is only as good as the calibration of the scores it reads.\n")


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
    parser.add_argument("--curve", action="store_true", help="also print the precision-recall curve")
    parser.add_argument("--calibration", action="store_true", help="also print a reliability table")
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
    if args.curve:
        print_curve(rows)
    if args.calibration:
        print_calibration(rows, args.threshold)

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
