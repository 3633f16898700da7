#!/usr/bin/env python3
"""Stable A/B assignment: hash an experiment salt and a user id into one of 10,000 buckets.

    python3 assign.py arm --salt todo-model-v4-ab --weights champion=50,challenger=50 u-0001 u-0002
    python3 assign.py simulate --salt todo-model-v4-ab --weights champion=50,challenger=50 --users 10000
    python3 assign.py simulate --salt todo-model-v4-ab --weights champion=50,challenger=50 \\
        --from-weights champion=90,challenger=10 --reshuffle-salt todo-model-v5-ab
    python3 assign.py sample-size --baseline 0.60 --lift 0.02 --users-per-day 3000

Standard library only. The bucket is the first 8 bytes of SHA-256("salt:user_id") modulo 10,000,
so the same user gets the same arm in every process, on every machine, in every language that has
SHA-256, for as long as the salt stays the same. Arms take consecutive bucket ranges in the order
given, so growing the last arm's weight only moves users into it, never out of it. A new salt
(one per experiment) reshuffles everyone, which keeps experiments independent of each other.
Never use Python's hash() for this: it is salted at random in every process.

simulate checks the split over generated ids: each arm's share must lie within 3.29 standard
errors of its weight (99.9%), and a chi-squared sample ratio mismatch test must not reject the
configured weights at p < 0.001. Exit code 1 when either fails, 2 on wrong usage.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from statistics import NormalDist

BUCKETS = 10_000


def bucket(salt: str, user_id: str) -> int:
    digest = hashlib.sha256(f"{salt}:{user_id}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def parse_weights(text: str) -> list[tuple[str, int]]:
    """"champion=90,challenger=10" -> [("champion", 9000), ("challenger", 1000)] in buckets."""
    arms: list[tuple[str, float]] = []
    for part in text.split(","):
        name, _, value = part.partition("=")
        try:
            weight = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{part!r}: expected name=weight") from None
        if not name.strip() or weight < 0:
            raise argparse.ArgumentTypeError(f"{part!r}: expected name=weight with a weight of 0 or more")
        arms.append((name.strip(), weight))
    total = sum(weight for _, weight in arms)
    if total <= 0 or len({name for name, _ in arms}) != len(arms):
        raise argparse.ArgumentTypeError("weights need distinct arm names and a positive total")
    sizes = [round(weight / total * BUCKETS) for _, weight in arms]
    sizes[-1] = BUCKETS - sum(sizes[:-1])  # rounding never loses or adds a bucket
    return [(name, size) for (name, _), size in zip(arms, sizes)]


def arm_of(salt: str, weights: list[tuple[str, int]], user_id: str) -> str:
    position = bucket(salt, user_id)
    for name, size in weights:
        if position < size:
            return name
        position -= size
    raise AssertionError("bucket ranges cover 0 to 9,999")


def chi_squared_p(statistic: float, dof: int) -> float:
    """Upper tail of the chi-squared distribution: the regularized gamma function Q(dof/2, x/2)."""
    a, x = dof / 2, statistic / 2
    if x <= 0:
        return 1.0
    if x < a + 1:  # series for P(a, x)
        term = total = 1.0 / a
        n = a
        while abs(term) > abs(total) * 1e-15:
            n += 1
            term *= x / n
            total += term
        return max(0.0, 1.0 - total * math.exp(-x + a * math.log(x) - math.lgamma(a)))
    # continued fraction for Q(a, x) (modified Lentz)
    tiny = 1e-300
    b = x + 1 - a
    c, d = 1 / tiny, 1 / b
    h = d
    for i in range(1, 500):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def command_arm(args: argparse.Namespace) -> int:
    for user_id in args.users:
        print(f"{user_id}\tbucket {bucket(args.salt, user_id):4d}\t{arm_of(args.salt, args.weights, user_id)}")
    return 0


def command_simulate(args: argparse.Namespace) -> int:
    ids = [f"u-{number:05d}" for number in range(1, args.users + 1)]
    arms = {user_id: arm_of(args.salt, args.weights, user_id) for user_id in ids}
    n = len(ids)
    print(f"{n:,} users, salt {args.salt!r}, weights " +
          ", ".join(f"{name}={size / BUCKETS:.0%}" for name, size in args.weights))
    print(f"{'arm':<12} {'users':>7} {'share':>7} {'weight':>7}  allowed (99.9%)")
    ok, chi2 = True, 0.0
    for name, size in args.weights:
        expected = size / BUCKETS
        count = sum(1 for arm in arms.values() if arm == name)
        share = count / n
        margin = 3.29 * math.sqrt(expected * (1 - expected) / n)
        inside = expected - margin <= share <= expected + margin
        ok &= inside
        if expected > 0:
            chi2 += (count - n * expected) ** 2 / (n * expected)
        print(f"{name:<12} {count:>7,} {share:>7.2%} {expected:>7.2%}  {max(0.0, expected - margin):.2%} to "
              f"{min(1.0, expected + margin):.2%}  {'ok' if inside else 'OUTSIDE'}")
    dof = sum(1 for _, size in args.weights if size > 0) - 1
    p_value = chi_squared_p(chi2, dof) if dof > 0 else 1.0
    srm = p_value < 0.001
    print(f"sample ratio check: chi-squared {chi2:.2f}, p = {p_value:.3f}  {'MISMATCH' if srm else 'ok'}")

    if args.from_weights:
        before = {user_id: arm_of(args.salt, args.from_weights, user_id) for user_id in ids}
        moves: dict[tuple[str, str], int] = {}
        for user_id in ids:
            if before[user_id] != arms[user_id]:
                key = (before[user_id], arms[user_id])
                moves[key] = moves.get(key, 0) + 1
        described = ", ".join(f"{count:,} from {a} to {b}" for (a, b), count in sorted(moves.items())) or "nobody moves"
        print(f"changing the weights from {', '.join(f'{k}={s / BUCKETS:.0%}' for k, s in args.from_weights)}: {described}")
    if args.reshuffle_salt:
        other = {user_id: arm_of(args.reshuffle_salt, args.weights, user_id) for user_id in ids}
        changed = sum(1 for u in ids if other[u] != arms[u])
        print(f"with salt {args.reshuffle_salt!r}: {changed:,} of {n:,} users ({changed / n:.1%}) are in another arm")
    return 0 if ok and not srm else 1


def command_sample_size(args: argparse.Namespace) -> int:
    p1, p2 = args.baseline, args.baseline + args.lift
    if not (0 < p1 < 1 and 0 < p2 < 1) or args.lift == 0:
        print("error: baseline and baseline + lift must lie strictly between 0 and 1, and lift must not be 0", file=sys.stderr)
        return 2
    z_alpha = NormalDist().inv_cdf(1 - args.alpha / 2)
    z_power = NormalDist().inv_cdf(args.power)
    pooled = (p1 + p2) / 2
    n = ((z_alpha * math.sqrt(2 * pooled * (1 - pooled)) + z_power * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2
         / (p2 - p1) ** 2)
    per_arm = math.ceil(n)
    print(f"baseline {p1:.1%}, smallest lift worth detecting {args.lift * 100:+.1f} points (to {p2:.1%}), "
          f"two-sided alpha {args.alpha:g}, power {args.power:.0%}")
    print(f"users needed per arm: {per_arm:,}  (both arms: {2 * per_arm:,})")
    if args.users_per_day:
        share = min(args.share, 1 - args.share)  # the smaller arm fills last
        days = math.ceil(per_arm / (args.users_per_day * share))
        weeks = math.ceil(days / 7)
        print(f"at {args.users_per_day:,} new users a day with {share:.0%} in the smaller arm: {days} days of "
              f"enrollment, run {weeks * 7} days (whole weeks), then wait {args.label_days} days for the "
              f"outcome of the last users: read the result after day {weeks * 7 + args.label_days}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    commands = parser.add_subparsers(dest="command", required=True)

    arm = commands.add_parser("arm", help="print the bucket and arm of each user id")
    simulate = commands.add_parser("simulate", help="check the split over generated user ids")
    for sub in (arm, simulate):
        sub.add_argument("--salt", required=True, help="one salt per experiment, e.g. todo-model-v4-ab")
        sub.add_argument("--weights", required=True, type=parse_weights, help="arms in bucket order, e.g. champion=90,challenger=10")
    arm.add_argument("users", nargs="+", help="user ids")
    arm.set_defaults(run=command_arm)
    simulate.add_argument("--users", type=int, default=10_000, help="how many ids to generate (default 10000)")
    simulate.add_argument("--from-weights", type=parse_weights, help="show who moves when the weights change from these")
    simulate.add_argument("--reshuffle-salt", help="show how many users change arm under this other salt")
    simulate.set_defaults(run=command_simulate)

    size = commands.add_parser("sample-size", help="users per arm to detect a lift in a per-user rate")
    size.add_argument("--baseline", type=float, required=True, help="the champion arm's rate, e.g. 0.60")
    size.add_argument("--lift", type=float, required=True, help="smallest absolute change worth detecting, e.g. 0.02")
    size.add_argument("--alpha", type=float, default=0.05, help="two-sided significance level (default 0.05)")
    size.add_argument("--power", type=float, default=0.8, help="chance to detect a real lift of that size (default 0.8)")
    size.add_argument("--users-per-day", type=int, help="new users entering the experiment per day, to estimate duration")
    size.add_argument("--share", type=float, default=0.5, help="share of users in the challenger arm (default 0.5)")
    size.add_argument("--label-days", type=int, default=7, help="days until a user's outcome is known (default 7)")
    size.set_defaults(run=command_sample_size)

    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
