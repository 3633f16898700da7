#!/usr/bin/env python3
"""LLM evaluation gate: run a golden set against an OpenAI-compatible server and fail below a score.

    python3 eval_gate.py --base-url http://127.0.0.1:8089/v1 --model handbook-good
    python3 eval_gate.py --base-url http://localhost:11434/v1 --model qwen2.5:0.5b --min-score 0.75
    python3 eval_gate.py ... --trace-file traces.jsonl     # every call as an OpenTelemetry span

Standard library only. golden.jsonl holds one case per line: an id, a prompt, an optional system
message, `checks` that must all pass, and `must_pass: true` for cases that fail the gate on their own.
Check types:

  exact         the answer equals `value` (trimmed, case-insensitive, one trailing period ignored)
  contains      the answer contains `value` (case-insensitive)
  not_contains  the answer does not contain `value` (case-insensitive)
  regex         the trimmed answer matches the regular expression `value`
  json          the answer is JSON (one surrounding ``` fence allowed) that fits `schema`, a small
                subset of JSON Schema: type, required, properties, enum, items, minItems, maxItems
  max_words     the answer has at most `value` words
  refusal       the answer reads as a refusal (a phrase heuristic, see REFUSAL)
  not_refusal   the answer does not read as a refusal

Requests use temperature 0 and a fixed seed, so a run is as repeatable as the server allows.
Exit codes: 0 the gate passes, 1 it fails (score below --min-score or a must-pass case failed),
2 a file, the server or the model is missing. On GitHub Actions the table also goes to the job
summary ($GITHUB_STEP_SUMMARY).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from llmclient import ChatResult, ClientError, Tracer, case_messages, chat, list_models

HERE = Path(__file__).resolve().parent
REFUSAL = re.compile(
    r"\b(i can['’]?t|i cannot|i can not|i won['’]?t|i will not|i['’]?m not able|i am not able|"
    r"i['’]?m unable|i am unable|i must decline|sorry)\b",
    re.IGNORECASE,
)
FENCE = re.compile(r"^```[a-zA-Z]*\s*\n(.*)\n```$", re.DOTALL)


class GateError(Exception):
    """Input problem: exit code 2, distinct from a failed gate."""


@dataclass
class CaseResult:
    case: dict
    result: ChatResult
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_golden(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as error:
        raise GateError(f"{path}: no such file") from error
    cases, seen = [], set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as error:
            raise GateError(f"{path}:{number}: not valid JSON ({error.msg})") from error
        if not isinstance(case.get("id"), str) or not isinstance(case.get("prompt"), str):
            raise GateError(f"{path}:{number}: every case needs a string id and prompt")
        if case["id"] in seen:
            raise GateError(f"{path}:{number}: duplicate case id {case['id']!r}")
        if not case.get("checks"):
            raise GateError(f"{path}:{number}: case {case['id']!r} has no checks")
        for check in case["checks"]:
            if check.get("type") not in CHECKS:
                raise GateError(f"{path}:{number}: unknown check type {check.get('type')!r} (known: {', '.join(CHECKS)})")
        seen.add(case["id"])
        cases.append(case)
    if not cases:
        raise GateError(f"{path}: no cases")
    return cases


def schema_errors(value, schema: dict, where: str = "$") -> list[str]:
    """Checks the JSON Schema keywords this gate supports; returns what does not fit."""
    types = {"object": dict, "array": list, "string": str, "number": (int, float), "integer": int, "boolean": bool}
    expected = schema.get("type")
    if expected and not (isinstance(value, types[expected]) and not (expected in ("number", "integer") and isinstance(value, bool))):
        return [f"{where} is not of type {expected}"]
    errors = []
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where} is {json.dumps(value)}, not one of {json.dumps(schema['enum'])}")
    if isinstance(value, dict):
        errors += [f"{where} has no {key!r}" for key in schema.get("required", []) if key not in value]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors += schema_errors(value[key], sub, f"{where}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{where} has {len(value)} items, fewer than {schema['minItems']}")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"{where} has {len(value)} items, more than {schema['maxItems']}")
        for index, item in enumerate(value):
            errors += schema_errors(item, schema.get("items", {}), f"{where}[{index}]")
    return errors


def _normalize(text: str) -> str:
    text = text.strip()
    return (text[:-1] if text.endswith(".") else text).strip().casefold()


def check_json(answer: str, check: dict) -> str | None:
    text = answer.strip()
    fenced = FENCE.match(text)
    try:
        value = json.loads(fenced.group(1) if fenced else text)
    except json.JSONDecodeError as error:
        return f"not valid JSON ({error.msg} at char {error.pos})"
    errors = schema_errors(value, check.get("schema", {}))
    return "; ".join(errors) if errors else None


CHECKS = {
    "exact": lambda a, c: None if _normalize(a) == _normalize(c["value"]) else f"expected exactly {c['value']!r}",
    "contains": lambda a, c: None if c["value"].casefold() in a.casefold() else f"does not contain {c['value']!r}",
    "not_contains": lambda a, c: f"contains {c['value']!r}" if c["value"].casefold() in a.casefold() else None,
    "regex": lambda a, c: None if re.search(c["value"], a.strip()) else f"does not match /{c['value']}/",
    "json": check_json,
    "max_words": lambda a, c: None if len(a.split()) <= c["value"] else f"{len(a.split())} words, more than {c['value']}",
    "refusal": lambda a, c: None if REFUSAL.search(a) else "does not refuse",
    "not_refusal": lambda a, c: "refuses a harmless request" if REFUSAL.search(a) else None,
}


def run_case(args, case: dict, tracer: Tracer | None) -> CaseResult:
    messages = case_messages(case)
    request = {"messages": messages, "max_tokens": case.get("max_tokens", args.max_tokens), "temperature": 0.0, "seed": args.seed}
    result = chat(args.base_url, args.model, messages, max_tokens=request["max_tokens"], temperature=0.0,
                  seed=args.seed, timeout=args.timeout)
    outcome = CaseResult(case, result)
    if result.error:
        outcome.failures.append(f"request failed: {result.error} {result.error_detail or ''}".strip())
    else:
        for check in case["checks"]:
            failure = CHECKS[check["type"]](result.text, check)
            if failure:
                outcome.failures.append(failure)
    if tracer:
        tracer.record_chat(args.base_url, args.model, request, result,
                           {"handbook.case.id": case["id"], "handbook.case.passed": outcome.passed})
    return outcome


def short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="the API root, ending in /v1, e.g. http://localhost:11434/v1")
    parser.add_argument("--model", required=True, help="model id as the server lists it in /v1/models")
    parser.add_argument("--golden", type=Path, default=HERE / "golden.jsonl", help="golden set (default: golden.jsonl here)")
    parser.add_argument("--min-score", type=float, default=0.9, help="share of cases that must pass, 0 to 1 (default %(default)s)")
    parser.add_argument("--max-tokens", type=int, default=256, help="answer length limit per case (default %(default)s)")
    parser.add_argument("--seed", type=int, default=42, help="sampling seed sent with every request (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request (default %(default)s)")
    parser.add_argument("--trace-file", type=Path, help="append one OTLP/JSON line with a span per call to this file")
    parser.add_argument("--trace-content", action="store_true", help="also record prompts and answers in the spans")
    parser.add_argument("--provider", default="openai", help="gen_ai.provider.name for the spans (default %(default)s)")
    parser.add_argument("--report-only", action="store_true", help="print the result but always exit 0")
    args = parser.parse_args()
    if not 0 <= args.min_score <= 1:
        parser.error("--min-score is a share between 0 and 1")

    try:
        cases = load_golden(args.golden)
        served = list_models(args.base_url)
        if args.model not in served:
            raise GateError(f"{args.base_url} does not serve {args.model!r} (it serves: {', '.join(served) or 'nothing'})")
    except (GateError, ClientError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    tracer = Tracer("llm-eval-gate", args.provider, args.trace_content) if args.trace_file else None
    print(f"LLM eval gate: {len(cases)} cases from {args.golden.name} against {args.model} at {args.base_url}")
    results = [run_case(args, case, tracer) for case in cases]
    id_width = max(len(c["id"]) for c in cases)
    for r in results:
        status = "PASS" if r.passed else "FAIL"
        kinds = "+".join(c["type"] for c in r.case["checks"])
        flag = "MUST" if r.case.get("must_pass") else "    "
        detail = short(r.result.text) if r.passed else f"{'; '.join(r.failures)} <- {short(r.result.text, 40)!r}"
        print(f"  {status}  {r.case['id']:<{id_width}}  {flag}  {kinds:<22}  {detail}")

    passed = sum(r.passed for r in results)
    score = passed / len(results)
    must_failed = [r.case["id"] for r in results if r.case.get("must_pass") and not r.passed]
    print(f"score {passed}/{len(results)} = {score:.2f} (minimum {args.min_score:.2f})")
    reasons = []
    if score < args.min_score:
        reasons.append(f"score {score:.2f} is below {args.min_score:.2f}")
    if must_failed:
        reasons.append(f"must-pass cases failed: {', '.join(must_failed)}")
    failed_ids = [r.case["id"] for r in results if not r.passed]
    verdict = f"FAILED: {'; '.join(reasons)}" if reasons else f"PASSED: {passed} of {len(results)} cases"
    if failed_ids:
        verdict += f" (failing: {', '.join(failed_ids)})"
    print(verdict)

    if tracer:
        count = tracer.write(args.trace_file, "eval_gate", {"handbook.golden.cases": len(cases), "handbook.golden.score": score})
        print(f"wrote {count} spans to {args.trace_file}")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        rows = [f"| {r.case['id']} | {'pass' if r.passed else 'FAIL'} | {'yes' if r.case.get('must_pass') else ''} | {'; '.join(r.failures)} |" for r in results]
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write("\n".join(["### LLM eval gate", "", f"Model `{args.model}`, score {score:.2f}", "",
                                    "| case | result | must pass | why |", "| --- | --- | --- | --- |", *rows, "", verdict, ""]) + "\n")

    if reasons and args.report_only:
        print("(report only: not failing this run)")
        return 0
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
