#!/usr/bin/env python3
"""Score a partitioned to-do table idempotently, and compare two models offline before any traffic.

    python3 batch_score.py score --model models/champion.json
    python3 batch_score.py score --model models/challenger.json --date 2026-12-01 --force
    python3 batch_score.py compare --champion scores/model=todo-completion/version=3 \\
                                   --challenger scores/model=todo-completion/version=4

Standard library only. Input: data/todos/date=YYYY-MM-DD/*.jsonl (make_data.py writes it).
Output: scores/model=NAME/version=V/date=YYYY-MM-DD/part-0000.jsonl plus a _SUCCESS manifest.

Idempotent by construction:
  - Output depends only on the input partition and the model: rows sorted by todo_id, no clock
    reading anywhere (no "scored_at"), fixed JSON formatting. A rerun writes identical bytes.
  - One partition is one unit of work: a rerun replaces the whole partition, it never appends.
  - Files are written to a temporary name and renamed into place; the _SUCCESS manifest (row
    count, SHA-256 of input, model and output) is written last. Readers trust a partition only
    when its manifest matches, so a crash halfway leaves a partition that readers ignore and
    the next run redoes.
  - A partition whose manifest matches the current input and model is skipped ("up to date");
    --force rescores it anyway, with the same result.

compare joins two scored tables by todo_id, reports agreement, score shift and PSI, and on the
partitions that already have labels (on_time not null) ROC AUC, log loss and accuracy.
Exit codes: score 0 done, 2 bad input. compare 0 the challenger is not worse than the champion
beyond the tolerances (fit for a shadow run), 1 it is worse, 2 missing or incomplete partitions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import statistics
import sys
from pathlib import Path

import todo_model

EPSILON = 1e-4


class BatchError(Exception):
    """Input that cannot be used: exit code 2."""


def shown(path: Path) -> str:
    """A path as the reader typed it: relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def sha256_of(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def partitions(root: Path) -> dict[str, Path]:
    """date -> partition directory, for every date=YYYY-MM-DD directory under root."""
    if not root.is_dir():
        raise BatchError(f"{root}: no such directory")
    found = {p.name.removeprefix("date="): p for p in sorted(root.glob("date=*")) if p.is_dir()}
    if not found:
        raise BatchError(f"{root}: no date=YYYY-MM-DD partitions")
    return found


def read_lines(paths: list[Path]) -> list[dict]:
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file in the same directory, then rename: readers never see half a file."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def manifest_ok(directory: Path, expected: dict | None = None) -> dict | None:
    """The partition's manifest if it exists and its output files match it (and `expected`)."""
    path = directory / "_SUCCESS"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = [directory / name for name in manifest["files"]]
        if sha256_of(files) != manifest["output_sha256"]:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if expected and any(manifest.get(key) != value for key, value in expected.items()):
        return None
    return manifest


def score_partition(model: todo_model.Model, source: Path, target: Path, force: bool) -> tuple[str, int]:
    inputs = sorted(source.glob("*.jsonl"))
    if not inputs:
        raise BatchError(f"{source}: no .jsonl files")
    expected = {"input_sha256": sha256_of(inputs), "model_sha256": model.sha256, "model_version": model.version}
    if not force and (manifest := manifest_ok(target, expected)):
        return "up to date", manifest["rows"]

    rows = []
    for todo in read_lines(inputs):
        raw = {k: v for k, v in todo.items() if k in todo_model.REQUIRED or k in todo_model.OPTIONAL}
        problems = todo_model.validate(raw)
        if problems:
            raise BatchError(f"{source}: to-do {todo.get('todo_id')}: {'; '.join(problems)}")
        score, on_time = model.predict(raw)
        rows.append({"todo_id": todo["todo_id"], "user_id": todo["user_id"], "model_version": model.version,
                     "score": score, "on_time": on_time})
    rows.sort(key=lambda row: row["todo_id"])

    target.mkdir(parents=True, exist_ok=True)
    (target / "_SUCCESS").unlink(missing_ok=True)  # from here on, readers ignore this partition
    part = target / "part-0000.jsonl"
    write_atomically(part, "".join(json.dumps(row, separators=(",", ":")) + "\n" for row in rows))
    for stale in target.iterdir():  # files of an earlier run with another layout
        if stale.name != part.name:
            stale.unlink()
    manifest = {**expected, "rows": len(rows), "files": [part.name], "output_sha256": sha256_of([part])}
    write_atomically(target / "_SUCCESS", json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return "scored", len(rows)


def command_score(args: argparse.Namespace) -> int:
    model = todo_model.load(args.model)
    found = partitions(args.input)
    dates = args.date or sorted(found)
    unknown = [day for day in dates if day not in found]
    if unknown:
        raise BatchError(f"no input partition for {', '.join(unknown)} in {args.input}")
    base = args.output / f"model={model.name}" / f"version={model.version}"
    counts = {"scored": 0, "up to date": 0}
    for day in dates:
        outcome, rows = score_partition(model, found[day], base / f"date={day}", args.force)
        counts[outcome] += 1
        print(f"date={day}  {rows:4d} rows  {outcome}")
    print(f"model {model.version} ({model.sha256[:12]}): {len(dates)} partitions, {counts['scored']} scored, "
          f"{counts['up to date']} up to date -> {shown(base)}")
    return 0


def roc_auc(labels: list[bool], scores: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    positives = sum(labels)
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    rank_sum = sum(rank for rank, label in zip(ranks, labels) if label)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def log_loss(labels: list[bool], scores: list[float]) -> float:
    total = 0.0
    for label, score in zip(labels, scores):
        p = min(max(score, 1e-6), 1 - 1e-6)
        total -= math.log(p if label else 1 - p)
    return total / len(labels)


def psi(reference: list[float], current: list[float]) -> float:
    edges = statistics.quantiles(reference, n=10, method="inclusive")

    def shares(values: list[float]) -> list[float]:
        counts = [0] * (len(edges) + 1)
        for value in values:
            counts[sum(1 for edge in edges if value > edge)] += 1
        return [count / len(values) for count in counts]

    return sum((c - r) * math.log(c / r) for r, c in
               ((max(r, EPSILON), max(c, EPSILON)) for r, c in zip(shares(reference), shares(current))))


def read_scores(directory: Path) -> dict[str, dict[str, dict]]:
    """date -> todo_id -> row, for complete partitions only; incomplete ones are an error."""
    result, broken = {}, []
    for day, path in partitions(directory).items():
        manifest = manifest_ok(path)
        if manifest is None:
            broken.append(day)
            continue
        result[day] = {row["todo_id"]: row for row in read_lines([path / name for name in manifest["files"]])}
    if broken:
        raise BatchError(f"{directory}: incomplete partitions (no valid _SUCCESS) for {', '.join(broken)}: run score again")
    return result


def command_compare(args: argparse.Namespace) -> int:
    champion, challenger = read_scores(args.champion), read_scores(args.challenger)
    labels_by_day = {day: {row["todo_id"]: row.get("on_time") for row in read_lines(sorted(path.glob("*.jsonl")))}
                     for day, path in partitions(args.input).items()}
    missing = sorted(set(champion) ^ set(challenger))
    if missing:
        raise BatchError(f"the two tables cover different partitions: {', '.join(missing)}")

    version = lambda table: next(iter(next(iter(table.values())).values()))["model_version"]  # noqa: E731
    champ_version, chall_version = version(champion), version(challenger)
    print(f"champion model {champ_version}: {args.champion}\nchallenger model {chall_version}: {args.challenger}\n")
    print(f"{'partition':<16} {'rows':>5} {'agree':>7} {'mean ' + champ_version:>8} {'mean ' + chall_version:>8}  labels")
    pairs, labeled = [], []
    for day in sorted(champion):
        ids = sorted(champion[day])
        if set(ids) != set(challenger[day]):
            raise BatchError(f"date={day}: the two tables hold different to-dos")
        day_pairs = [(champion[day][i], challenger[day][i], labels_by_day.get(day, {}).get(i)) for i in ids]
        pairs += day_pairs
        labeled += [p for p in day_pairs if p[2] is not None]
        agree = sum(1 for a, b, _ in day_pairs if a["on_time"] == b["on_time"]) / len(day_pairs)
        has_labels = sum(1 for p in day_pairs if p[2] is not None)
        print(f"date={day} {len(day_pairs):>5} {agree:>7.1%} {statistics.fmean(a['score'] for a, _, _ in day_pairs):>8.3f} "
              f"{statistics.fmean(b['score'] for _, b, _ in day_pairs):>8.3f}  {'yes' if has_labels else 'not yet'}")

    champ_scores = [a["score"] for a, _, _ in pairs]
    chall_scores = [b["score"] for _, b, _ in pairs]
    agree = sum(1 for a, b, _ in pairs if a["on_time"] == b["on_time"]) / len(pairs)
    print(f"\nall {len(pairs):,} to-dos: agreement {agree:.1%}, mean score {statistics.fmean(champ_scores):.3f} -> "
          f"{statistics.fmean(chall_scores):.3f}, score PSI {psi(champ_scores, chall_scores):.3f}")
    if len(labeled) < args.min_labels:
        print(f"NOT READY: only {len(labeled)} labeled to-dos, fewer than --min-labels {args.min_labels}")
        return 1

    truth = [bool(label) for _, _, label in labeled]
    metrics = {}
    for name, index in (("champion", 0), ("challenger", 1)):
        scores = [pair[index]["score"] for pair in labeled]
        decisions = [pair[index]["on_time"] for pair in labeled]
        metrics[name] = {"auc": roc_auc(truth, scores), "log_loss": log_loss(truth, scores),
                         "accuracy": sum(1 for d, t in zip(decisions, truth) if d == t) / len(truth)}
    print(f"labeled {len(labeled):,} to-dos ({sum(truth) / len(truth):.1%} on time):")
    print(f"  {'metric':<10} {'model ' + champ_version:>9} {'model ' + chall_version:>9}")
    for metric in ("auc", "log_loss", "accuracy"):
        print(f"  {metric:<10} {metrics['champion'][metric]:>9.4f} {metrics['challenger'][metric]:>9.4f}")

    failures = []
    if metrics["challenger"]["auc"] < metrics["champion"]["auc"] - args.max_auc_drop:
        failures.append(f"ROC AUC drops by more than {args.max_auc_drop:g}")
    if metrics["challenger"]["log_loss"] > metrics["champion"]["log_loss"] + args.max_log_loss_increase:
        failures.append(f"log loss rises by more than {args.max_log_loss_increase:g}")
    if failures:
        print(f"\nNOT READY: model {chall_version} is worse than model {champ_version} on labeled data: {'; '.join(failures)}")
        return 1
    print(f"\nREADY FOR SHADOW: model {chall_version} is not worse than model {champ_version} on labeled data "
          f"(ROC AUC {metrics['challenger']['auc']:.3f} vs {metrics['champion']['auc']:.3f})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    commands = parser.add_subparsers(dest="command", required=True)
    score = commands.add_parser("score", help="score partitions with one model")
    score.add_argument("--model", required=True, type=Path, help="model JSON file")
    score.add_argument("--input", type=Path, default=Path("data") / "todos", help="partitioned input (default data/todos)")
    score.add_argument("--output", type=Path, default=Path("scores"), help="output root (default scores)")
    score.add_argument("--date", action="append", help="only this partition (YYYY-MM-DD); repeatable")
    score.add_argument("--force", action="store_true", help="rescore partitions that are up to date")
    score.set_defaults(run=command_score)

    compare = commands.add_parser("compare", help="compare two scored tables offline")
    compare.add_argument("--champion", required=True, type=Path, help="scores/model=.../version=CHAMPION")
    compare.add_argument("--challenger", required=True, type=Path, help="scores/model=.../version=CHALLENGER")
    compare.add_argument("--input", type=Path, default=Path("data") / "todos", help="where the labels are (default data/todos)")
    compare.add_argument("--max-auc-drop", type=float, default=0.01, help="tolerated ROC AUC loss (default 0.01)")
    compare.add_argument("--max-log-loss-increase", type=float, default=0.01, help="tolerated log loss increase (default 0.01)")
    compare.add_argument("--min-labels", type=int, default=500, help="labeled to-dos needed to judge (default 500)")
    compare.set_defaults(run=command_compare)

    args = parser.parse_args()
    try:
        return args.run(args)
    except (BatchError, todo_model.ModelError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
