#!/usr/bin/env python3
"""Why NumPy: the same computation as a Python loop and as one vectorized expression.

    python3 vectorize.py             # one million rows
    python3 vectorize.py --rows 5000000

Needs NumPy only. Scores every to-do with a tiny logistic model, then counts the ones at risk,
first element by element in Python, then on whole arrays at once.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()

    rng = np.random.default_rng(42)                      # a seeded generator: same numbers every run
    open_todos = rng.integers(0, 60, size=args.rows)     # int64 array
    has_reminder = rng.random(args.rows) < 0.4           # bool array
    weights = (0.8, -0.045, 0.9)                         # intercept, open_todos, has_reminder

    start = time.perf_counter()
    at_risk_loop = 0
    for todos, reminder in zip(open_todos.tolist(), has_reminder.tolist()):
        logit = weights[0] + weights[1] * todos + weights[2] * reminder
        if 1 / (1 + math.exp(-logit)) < 0.5:
            at_risk_loop += 1
    loop_seconds = time.perf_counter() - start

    start = time.perf_counter()
    z = weights[0] + weights[1] * open_todos + weights[2] * has_reminder   # whole arrays, in C
    probability = 1 / (1 + np.exp(-z))
    at_risk = int((probability < 0.5).sum())                               # a boolean mask, summed
    vector_seconds = time.perf_counter() - start

    assert at_risk == at_risk_loop, "both ways must agree"
    print(f"NumPy {np.__version__}, {args.rows:,} rows, {at_risk:,} at risk")
    print(f"Python loop: {loop_seconds * 1000:8.1f} ms")
    print(f"vectorized:  {vector_seconds * 1000:8.1f} ms  ({loop_seconds / vector_seconds:.0f}x faster)")
    print(f"dtypes: open_todos {open_todos.dtype}, has_reminder {has_reminder.dtype}, "
          f"probability {probability.dtype}, shape {probability.shape}")


if __name__ == "__main__":
    main()
