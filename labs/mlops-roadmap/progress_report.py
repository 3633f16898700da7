#!/usr/bin/env python3
"""Summarize a handbook progress export by phase of the MLOps roadmap.

The handbook's progress page exports your checklist ticks and knowledge-check answers as JSON
("Export progress (JSON)"). Format 3, what the handbook writes today:

    {"format": "backend-devops-mlops-handbook/progress", "version": 3,
     "site": "...", "exportedAt": "...", "name": "...",
     "items": {"<chapter slug>": {"<item id>": {"done": true, "changedAt": "<ISO time>", "tickedAt": "<ISO time>"}}},
     "answers": {"<chapter slug>": {"<question id>": {"choices": ["<choice id>"], "correct": true, "at": "<ISO time>"}}}}

An item with "done": false was ticked and then unticked: it is not counted. Files from earlier
versions (2: item id -> tick time; 1: a list of ids) are read too.

This script maps each chapter slug to the roadmap phase that teaches it and prints the ticks per
chapter and per phase, when you last ticked something in each chapter, and your pace in the
seven days before the export. With --docs it also reads every chapter's checklist from the
handbook's sources, so it can print "3 of 8" and point at the next chapter to finish.

Standard library only; Python 3.9 or newer.

    python3 progress_report.py sample-progress.json
    python3 progress_report.py ~/Downloads/handbook-progress-2026-11-21.json --docs ../../src/content/docs
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

EXPORT_FORMAT = "backend-devops-mlops-handbook/progress"
NEWEST_VERSION = 3

# The roadmap: (number, name, weeks, [(chapter slug, short title), ...]), in learning order.
# DevOps chapters appear where the roadmap uses them; a chapter belongs to one phase only.
# Serving comes after experiment tracking because the served model is the registry's champion.
PHASES = [
    (1, "Foundations: ML and Python", "weeks 1-6", [
        ("mlops/for-backend-developers", "MLOps for backend developers"),
        ("mlops/roadmap", "Your 6-9 month roadmap"),
        ("mlops/ml-fundamentals", "ML fundamentals for engineers"),
        ("mlops/python-for-ml", "Python for ML"),
    ]),
    (2, "Containers and experiment tracking", "weeks 7-10", [
        ("devops/containers", "Containers and orchestration"),
        ("mlops/experiment-tracking", "Experiment tracking and registry"),
    ]),
    (3, "Pipelines, serving and features", "weeks 11-15", [
        ("mlops/pipelines", "ML pipelines and orchestration"),
        ("mlops/serving", "Serving models"),
        ("mlops/feature-stores", "Feature stores"),
    ]),
    (4, "Monitoring, rollout and CI/CD for ML", "weeks 16-20", [
        ("devops/monitoring", "Monitoring, logging and alerting"),
        ("mlops/monitoring-models", "Monitoring models in production"),
        ("devops/ci-cd", "CI/CD pipelines"),
        ("mlops/ci-cd-for-ml", "CI/CD for ML"),
        ("mlops/model-rollout", "Rolling out models safely"),
        ("mlops/llmops", "LLMOps (optional)"),
    ]),
    (5, "Certification and portfolio", "weeks 21-26", [
        ("devops/infrastructure-as-code", "Infrastructure as Code"),
        ("devops/cloud-platforms", "Cloud platforms"),
        ("mlops/reality-check", "Reality check and FAQ"),
    ]),
]


def fail(message: str) -> None:
    print(f"progress_report: {message}", file=sys.stderr)
    sys.exit(2)


def parse_time(text: str) -> datetime | None:
    """ISO 8601 as the browser writes it ("2026-11-20T18:04:11.512Z"); None if unreadable."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def load_export(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        fail(f"{path}: not valid JSON ({error})")
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        fail(f"{path}: not a progress export of this handbook (no \"format\": \"{EXPORT_FORMAT}\")")
    version = data.get("version")
    if not isinstance(version, int) or version > NEWEST_VERSION:
        fail(f"{path}: export format version {version!r}; this script reads up to {NEWEST_VERSION}")
    items = data.get("items")
    if not isinstance(items, dict):
        fail(f"{path}: \"items\" is missing or not an object")
    ticks: dict[str, dict[str, datetime | None]] = {}
    for chapter, entries in items.items():
        if isinstance(entries, list):  # version 1 kept a list of ids, without times
            ticks[chapter] = {str(item): None for item in entries}
        elif isinstance(entries, dict) and version >= 3:
            ticks[chapter] = {}
            for item, state in entries.items():
                if not isinstance(state, dict) or not isinstance(state.get("done"), bool):
                    fail(f"{path}: items.{chapter}.{item} is not {{\"done\": ..., \"changedAt\": ...}}")
                if state["done"]:  # an untick is kept in the file so devices agree; it is not a tick
                    ticks[chapter][str(item)] = parse_time(str(state.get("changedAt", "")))
        elif isinstance(entries, dict):  # version 2: item id -> time it was ticked
            ticks[chapter] = {str(item): parse_time(when) for item, when in entries.items()}
        else:
            fail(f"{path}: items.{chapter} is neither an object nor a list")
    answers: dict[str, tuple[int, int]] = {}  # chapter -> (answered, right)
    raw_answers = data.get("answers", {}) if version >= 3 else {}
    if not isinstance(raw_answers, dict):
        fail(f"{path}: \"answers\" is not an object")
    for chapter, entries in raw_answers.items():
        if not isinstance(entries, dict):
            fail(f"{path}: answers.{chapter} is not an object")
        given = [entry for entry in entries.values() if isinstance(entry, dict) and entry.get("choices")]
        answers[chapter] = (len(given), sum(1 for entry in given if entry.get("correct") is True))
    data["ticks"] = ticks
    data["quiz"] = answers
    return data


def checklist_ids(docs: Path) -> dict[str, list[str]]:
    """Chapter slug -> checklist item ids, read from the frontmatter of every .md/.mdx page.

    A small reader for the handbook's own frontmatter layout (`checklist:` followed by
    `  - id: ...` entries), not a general YAML parser.
    """
    chapters: dict[str, list[str]] = {}
    for page in sorted(docs.rglob("*.md*")):
        if page.suffix not in (".md", ".mdx"):
            continue
        lines = page.read_text(encoding="utf-8").splitlines()
        if not lines or lines[0].strip() != "---":
            continue
        ids: list[str] = []
        inside = False
        for line in lines[1:]:
            if line.strip() == "---":
                break
            if re.match(r"^checklist:\s*$", line):
                inside = True
                continue
            if inside and re.match(r"^\S", line):  # the next top-level key ends the list
                inside = False
            match = re.match(r"^\s*-\s+id:\s*[\"']?([a-z0-9-]+)", line) if inside else None
            if match:
                ids.append(match.group(1))
        slug = page.relative_to(docs).with_suffix("").as_posix()
        chapters[slug] = ids
    return chapters


def main() -> None:
    parser = argparse.ArgumentParser(description="Ticks per chapter and per roadmap phase, from a handbook progress export.")
    parser.add_argument("export", type=Path, help="the JSON file from the progress page's export button")
    parser.add_argument("--docs", type=Path, help="the handbook's src/content/docs folder, to count every checklist's items")
    args = parser.parse_args()

    data = load_export(args.export)
    ticks: dict[str, dict[str, datetime | None]] = data["ticks"]
    exported = parse_time(str(data.get("exportedAt", "")))
    totals: dict[str, list[str]] | None = None
    if args.docs:
        if not args.docs.is_dir():
            fail(f"--docs {args.docs}: not a folder")
        totals = checklist_ids(args.docs)

    def done(slug: str) -> int:
        """Ticks that count: with --docs, only ids that the chapter's checklist still has."""
        ids = ticks.get(slug, {})
        if totals is not None and slug in totals:
            return len(set(ids) & set(totals[slug]))
        return len(ids)

    quiz: dict[str, tuple[int, int]] = data["quiz"]
    all_times = [when for chapter in ticks.values() for when in chapter.values() if when]
    who = f" by {data['name']}" if isinstance(data.get("name"), str) and data["name"] else ""
    print(f"Progress export from {data.get('site', '(unknown site)')}{who}, exported "
          f"{exported.strftime('%Y-%m-%d %H:%M UTC') if exported else '(no date)'}")
    if exported and all_times:
        recent = sum(1 for when in all_times if exported - timedelta(days=7) <= when <= exported)
        last = max(all_times)
        print(f"Ticks in the 7 days before the export: {recent}. Last tick: {last.strftime('%Y-%m-%d')}.")
    if quiz:
        answered = sum(given for given, _ in quiz.values())
        right = sum(correct for _, correct in quiz.values())
        print(f"Knowledge checks: {answered} questions answered, {right} right.")
    print()

    roadmap_slugs = set()
    next_up: str | None = None
    width = max(len(f"Phase {number}  {name} ({weeks})") for number, name, weeks, _ in PHASES)
    for number, name, weeks, chapters in PHASES:
        phase_done = sum(done(slug) for slug, _ in chapters)
        started = sum(1 for slug, _ in chapters if done(slug))
        header = f"Phase {number}  {name} ({weeks})"
        if totals is not None:
            phase_total = sum(len(totals.get(slug, [])) for slug, _ in chapters)
            print(f"{header:<{width}} {phase_done:>3} of {phase_total} items")
        else:
            print(f"{header:<{width}} {phase_done:>3} ticks, {started} of {len(chapters)} chapters started")
        for slug, title in chapters:
            roadmap_slugs.add(slug)
            count = done(slug)
            times = [when for when in ticks.get(slug, {}).values() if when]
            last = f"last {max(times).strftime('%Y-%m-%d')}" if times else ""
            if slug in quiz and quiz[slug][0]:
                last = f"{last}, " if last else ""
                last += f"check {quiz[slug][1]} of {quiz[slug][0]} right"
            if totals is not None and slug not in totals:
                amount, note = f"{count:>3}", "(no such page in --docs yet)"
            elif totals is not None:
                amount, note = f"{count:>3} of {len(totals[slug]):<3}", ""
                if next_up is None and count < len(totals[slug]):
                    next_up = f"{title} (/{slug}/): {len(totals[slug]) - count} items to go"
            else:
                amount, note = f"{count:>3}", ""
                if next_up is None and count == 0:
                    next_up = f"{title} (/{slug}/): no ticks yet"
            print(f"  {slug:<31} {title:<34} {amount}  {last or note}".rstrip())
        print()

    others = sorted(slug for slug in ticks if slug not in roadmap_slugs and ticks[slug])
    if others:
        print("Outside the roadmap (still counted on the progress page):")
        for slug in others:
            print(f"  {slug:<31} {done(slug):>3}")
        print()

    if totals is not None:
        stale = sorted(f"{slug}#{item}" for slug, ids in ticks.items() if slug in totals
                       for item in ids if item not in totals[slug])
        if stale:
            print("Ticked ids that the current checklists no longer have (kept, not counted):")
            for entry in stale:
                print(f"  {entry}")
            print()

    print(f"Next: {next_up}" if next_up else "Next: every roadmap chapter has ticks; finish the portfolio checklist.")


if __name__ == "__main__":
    main()
