#!/usr/bin/env python3
"""Print the spans of an OTLP/JSON lines trace file as a table, one line per model call.

    python3 show_traces.py traces.jsonl

Standard library only. It reads what eval_gate.py and report.py write, and any other file in the
OpenTelemetry file exporter format (one TracesData JSON object per line), and prints the GenAI
attributes that matter for operations: model, token usage, finish reason, time to first chunk,
errors. Exit code 2 when the file is missing or not OTLP/JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def value(any_value: dict):
    """The Python value of an OTLP AnyValue."""
    if "arrayValue" in any_value:
        return [value(v) for v in any_value["arrayValue"].get("values", [])]
    if "intValue" in any_value:
        return int(any_value["intValue"])
    (kind, raw), = any_value.items()
    return raw


def spans(path: Path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
            for resource_spans in document["resourceSpans"]:
                for scope_spans in resource_spans["scopeSpans"]:
                    for span in scope_spans["spans"]:
                        attributes = {a["key"]: value(a["value"]) for a in span.get("attributes", [])}
                        yield span, attributes
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path}:{number}: not OTLP/JSON traces ({error})") from error


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trace_file", type=Path)
    args = parser.parse_args()
    try:
        rows = list(spans(args.trace_file))
    except FileNotFoundError:
        print(f"error: {args.trace_file}: no such file", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    print(f"{'span':<28} {'in':>4} {'out':>4}  {'finish':<7} {'ttfc ms':>7}  {'error':<10} case")
    calls = 0
    for span, a in rows:
        if a.get("gen_ai.operation.name") != "chat":
            continue
        calls += 1
        ttfc = a.get("gen_ai.response.time_to_first_chunk")
        finish = ",".join(a.get("gen_ai.response.finish_reasons") or [])
        print(f"{span['name']:<28} {a.get('gen_ai.usage.input_tokens', '-'):>4} {a.get('gen_ai.usage.output_tokens', '-'):>4}  "
              f"{finish or '-':<7} {'-' if ttfc is None else round(ttfc * 1000):>7}  {a.get('error.type', '-'):<10} "
              f"{a.get('handbook.case.id', '')}")
    traces = len({span["traceId"] for span, _ in rows})
    print(f"{calls} model calls in {traces} trace(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
