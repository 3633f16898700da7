#!/usr/bin/env python3
"""Simulate the life of a small model in production and watch it decay.

    python3 model_life.py                     # train once, never retrain
    python3 model_life.py --retrain-every 2   # retrain every two weeks on fresh labels
    python3 model_life.py --seed 11 --weeks 12

Standard library only; runs on Python 3.9 and later. Same seed, same output.

The story: scripted clients (bots) flood the to-do API with junk items. A "model" flags a
client as a bot when its write rate, in requests per minute, is above a threshold. Training
means trying every candidate threshold on labeled history and keeping the most accurate one.
Labels (which clients really were bots) come from the trust and safety team a week later.

Then the world moves, as it always does. From week 3 more and more people use a new mobile
app that syncs offline edits in bursts, so real users write faster every week. With
--bots-adapt, blocked bots also slow down from week 5 to hide among the real users.

Nobody changes the code, yet accuracy falls. Two numbers tell you, one early and one late:
  - PSI (population stability index) compares this week's inputs with the training inputs.
    It needs no labels, so it warns you first. Rule of thumb: above 0.1 watch, above 0.25 act.
  - Accuracy, precision and recall need labels, so you only see them a week later.
"""

from __future__ import annotations

import argparse
import math
import random

BOT_SHARE = 0.15          # share of clients that are bots
CLIENTS_PER_WEEK = 2000
TRAIN_FRACTION = 0.7      # the rest of week 0 is held out for the offline evaluation
PSI_WATCH, PSI_ACT = 0.10, 0.25


def generate_week(week: int, rng: random.Random, bots_adapt: bool) -> list[tuple[float, int]]:
    """One week of (requests per minute, is_bot) pairs, one per active client."""
    human_median = 6.0 * (1 + 0.2 * max(0, week - 2))    # mobile app adoption from week 3
    bot_median = 45.0
    if bots_adapt and week >= 5:
        bot_median *= 0.8 ** (week - 4)                  # bots learn to stay under the radar
    rows = []
    for _ in range(CLIENTS_PER_WEEK):
        is_bot = 1 if rng.random() < BOT_SHARE else 0
        median, spread = (bot_median, 0.3) if is_bot else (human_median, 0.35)
        rows.append((round(rng.lognormvariate(math.log(median), spread), 1), is_bot))
    return rows


def validate(rows: list[tuple[float, int]]) -> None:
    """Refuse to train on data that is obviously broken: the cheapest test in ML."""
    if any(rate <= 0 for rate, _ in rows) or any(label not in (0, 1) for _, label in rows):
        raise SystemExit("data validation failed: rates must be positive, labels 0 or 1")
    bot_share = sum(label for _, label in rows) / len(rows)
    if not 0.05 <= bot_share <= 0.30:
        raise SystemExit(f"data validation failed: {bot_share:.0%} bots is implausible")


def train(rows: list[tuple[float, int]]) -> float:
    """Return the threshold with the best accuracy on these rows: the whole 'model'."""
    candidates = sorted({rate for rate, _ in rows})
    best_threshold, best_correct = candidates[0], -1
    for threshold in candidates:
        correct = sum((rate > threshold) == bool(label) for rate, label in rows)
        if correct > best_correct:
            best_threshold, best_correct = threshold, correct
    return best_threshold


def evaluate(threshold: float, rows: list[tuple[float, int]]) -> dict[str, float]:
    tp = sum(1 for rate, label in rows if rate > threshold and label)
    fp = sum(1 for rate, label in rows if rate > threshold and not label)
    fn = sum(1 for rate, label in rows if rate <= threshold and label)
    tn = len(rows) - tp - fp - fn
    return {
        "accuracy": (tp + tn) / len(rows),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
    }


def psi(expected: list[float], actual: list[float], bins: int = 10) -> float:
    """Population stability index over the deciles of the training inputs."""
    ordered = sorted(expected)
    edges = [ordered[len(ordered) * i // bins] for i in range(1, bins)]

    def shares(values: list[float]) -> list[float]:
        counts = [0] * bins
        for value in values:
            counts[sum(value > edge for edge in edges)] += 1
        return [max(count / len(values), 1e-4) for count in counts]  # avoid log(0)

    return sum((a - e) * math.log(a / e) for e, a in zip(shares(expected), shares(actual)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weeks", type=int, default=8, help="weeks in production (default 8)")
    parser.add_argument("--retrain-every", type=int, default=0, metavar="N",
                        help="retrain every N weeks on last week's labels (default 0: never)")
    parser.add_argument("--bots-adapt", action="store_true", help="bots slow down from week 5")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    # 1. Data collection and validation: week 0 is the labeled history we start from.
    history = generate_week(0, rng, args.bots_adapt)
    validate(history)
    rng.shuffle(history)
    cut = int(len(history) * TRAIN_FRACTION)
    train_rows, holdout = history[:cut], history[cut:]

    # 2. Training, 3. offline evaluation, 4. deployment.
    threshold = train(train_rows)
    version = 1
    offline = evaluate(threshold, holdout)
    print(f"Trained model v{version}: flag a client as a bot above {threshold} requests/min "
          f"({len(train_rows)} labeled clients)")
    print(f"Offline evaluation on {len(holdout)} held-out clients: accuracy {offline['accuracy']:.1%}, "
          f"precision {offline['precision']:.1%}, recall {offline['recall']:.1%}")
    plural = "s" if args.retrain_every != 1 else ""
    retrain = f"retrained every {args.retrain_every} week{plural}" if args.retrain_every else "never retrained"
    print(f"Deployed v{version}; {retrain}.\n")

    # 5. Monitoring, week after week, and 6. retraining when it is due.
    reference = [rate for rate, _ in train_rows]
    print("week  model  median rate  PSI    accuracy  precision  recall  status")
    last_week = history
    for week in range(1, args.weeks + 1):
        if args.retrain_every and week > 1 and (week - 1) % args.retrain_every == 0:
            threshold, version = train(last_week), version + 1       # last week's labels
            reference = [rate for rate, _ in last_week]
        rows = generate_week(week, rng, args.bots_adapt)
        rates = sorted(rate for rate, _ in rows)
        drift = psi(reference, rates)
        scores = evaluate(threshold, rows)
        status = "ok"
        if drift > PSI_ACT or scores["accuracy"] < offline["accuracy"] - 0.05:
            status = "ACT: retrain or investigate"
        elif drift > PSI_WATCH:
            status = "watch: inputs are drifting"
        print(f"{week:>4}  v{version:<4}  {rates[len(rates) // 2]:>11.1f}  {drift:5.2f}  "
              f"{scores['accuracy']:>8.1%}  {scores['precision']:>9.1%}  {scores['recall']:>6.1%}  {status}")
        last_week = rows

    wrongly_blocked = sum(1 for rate, label in last_week if rate > threshold and not label)
    missed = sum(1 for rate, label in last_week if rate <= threshold and label)
    print(f"\nThe code never changed. In week {args.weeks}, model v{version} (threshold {threshold}) "
          f"blocked {wrongly_blocked} real users and let {missed} bots through.")


if __name__ == "__main__":
    main()
