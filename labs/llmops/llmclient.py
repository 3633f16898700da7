"""The HTTP client, trace writer and golden-case messages that eval_gate.py and report.py share. Standard library only.

It speaks the subset of the OpenAI-compatible API that vLLM, llama.cpp's llama-server, Ollama and
fake_llm_server.py all serve: GET {base}/models and POST {base}/chat/completions, with or without
streaming. Every call can be recorded as an OpenTelemetry span with the GenAI semantic convention
attributes, written as OTLP/JSON lines (the OpenTelemetry file exporter format).

This is a module, not a command: run eval_gate.py or report.py.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# An API key for hosted providers or a vLLM started with --api-key. Local servers ignore it.
API_KEY_ENV = "LLM_API_KEY"


class ClientError(Exception):
    """The server could not be reached or answered with something that is not the API."""


@dataclass
class ChatResult:
    text: str = ""
    finish_reason: str | None = None
    response_id: str | None = None
    response_model: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    started_ns: int = 0
    ended_ns: int = 0
    latency_s: float = 0.0
    ttft_s: float | None = None  # streaming only: request sent -> first chunk with text
    stream: bool = False
    error: str | None = None  # a short class of error, used as the span's error.type
    error_detail: str | None = None


def _headers() -> dict[str, str]:
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    key = os.environ.get(API_KEY_ENV)
    if key:
        headers["Authorization"] = f"Bearer {key}"
    return headers


def case_messages(case: dict) -> list[dict]:
    """The chat messages of a golden-set case: its optional system prompt, then its prompt."""
    system = [{"role": "system", "content": case["system"]}] if case.get("system") else []
    return system + [{"role": "user", "content": case["prompt"]}]


def list_models(base_url: str, timeout: float = 10.0) -> list[str]:
    """The model ids the server offers, from GET {base_url}/models."""
    request = urllib.request.Request(f"{base_url.rstrip('/')}/models", headers=_headers())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            document = json.load(response)
    except urllib.error.HTTPError as error:
        raise ClientError(f"GET {base_url}/models answered {error.code}") from error
    except (urllib.error.URLError, OSError) as error:
        raise ClientError(f"cannot reach {base_url} ({getattr(error, 'reason', error)})") from error
    except json.JSONDecodeError as error:
        raise ClientError(f"GET {base_url}/models did not answer JSON; is the base URL right (it ends in /v1)?") from error
    return [entry.get("id", "") for entry in document.get("data", [])]


def chat(
    base_url: str,
    model: str,
    messages: list[dict],
    *,
    max_tokens: int = 256,
    temperature: float = 0.0,
    seed: int | None = 42,
    stream: bool = False,
    timeout: float = 120.0,
) -> ChatResult:
    """One chat completion. Errors are returned in the result, never raised, so a run can go on."""
    body: dict = {"model": model, "messages": messages, "max_tokens": max_tokens, "temperature": temperature}
    if seed is not None:
        body["seed"] = seed
    if stream:
        body["stream"] = True
        # Without this, an OpenAI-compatible stream carries no token counts at all.
        body["stream_options"] = {"include_usage": True}
    request = urllib.request.Request(
        f"{base_url.rstrip('/')}/chat/completions", data=json.dumps(body).encode(), headers=_headers(), method="POST"
    )
    result = ChatResult(stream=stream, started_ns=time.time_ns())
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if stream:
                _read_stream(response, result, start)
            else:
                _read_whole(json.load(response), result)
    except urllib.error.HTTPError as error:
        result.error = str(error.code)
        result.error_detail = _error_message(error)
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        result.error = "timeout" if isinstance(getattr(error, "reason", error), TimeoutError) else "connection_error"
        result.error_detail = str(getattr(error, "reason", error))
    except (json.JSONDecodeError, KeyError, IndexError, TypeError) as error:
        result.error = "invalid_response"
        result.error_detail = f"not an OpenAI-compatible answer: {error}"
    result.latency_s = time.perf_counter() - start
    result.ended_ns = time.time_ns()
    return result


def _error_message(error: urllib.error.HTTPError) -> str:
    try:
        document = json.loads(error.read() or b"{}")
        return str(document.get("error", {}).get("message") or document)
    except (json.JSONDecodeError, AttributeError):
        return f"HTTP {error.code}"


def _read_usage(result: ChatResult, usage: dict | None) -> None:
    if usage:
        result.input_tokens = usage.get("prompt_tokens")
        result.output_tokens = usage.get("completion_tokens")


def _read_whole(document: dict, result: ChatResult) -> None:
    choice = document["choices"][0]
    result.text = choice["message"].get("content") or ""
    result.finish_reason = choice.get("finish_reason")
    result.response_id = document.get("id")
    result.response_model = document.get("model")
    _read_usage(result, document.get("usage"))


def _read_stream(response, result: ChatResult, start: float) -> None:
    """Server-sent events: `data: {chunk}` lines, ended by `data: [DONE]`."""
    parts: list[str] = []
    for raw in response:
        line = raw.decode("utf-8").strip()
        if not line.startswith("data:"):
            continue  # blank separators, comments, event names
        payload = line[len("data:"):].strip()
        if payload == "[DONE]":
            break
        chunk = json.loads(payload)
        result.response_id = result.response_id or chunk.get("id")
        result.response_model = result.response_model or chunk.get("model")
        _read_usage(result, chunk.get("usage"))  # the last chunk with usage wins
        for choice in chunk.get("choices") or []:
            text = (choice.get("delta") or {}).get("content")
            if text:
                if result.ttft_s is None:
                    result.ttft_s = time.perf_counter() - start
                parts.append(text)
            if choice.get("finish_reason"):
                result.finish_reason = choice["finish_reason"]
    result.text = "".join(parts)


# --- Traces: OTLP/JSON, one TracesData object per line ---------------------------------------

SPAN_KIND_INTERNAL = 1
SPAN_KIND_CLIENT = 3
STATUS_ERROR = 2


def _value(value) -> dict:
    """An OTLP AnyValue. 64-bit integers are decimal strings in OTLP/JSON."""
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        return {"intValue": str(value)}
    if isinstance(value, float):
        return {"doubleValue": value}
    if isinstance(value, (list, tuple)):
        return {"arrayValue": {"values": [_value(item) for item in value]}}
    return {"stringValue": str(value)}


def _attributes(pairs: dict) -> list[dict]:
    return [{"key": key, "value": _value(value)} for key, value in pairs.items() if value is not None]


@dataclass
class Tracer:
    """Collects spans for one run and appends them to an OTLP/JSON lines file."""

    service_name: str
    provider_name: str = "openai"
    record_content: bool = False
    trace_id: str = field(default_factory=lambda: secrets.token_hex(16))
    root_span_id: str = field(default_factory=lambda: secrets.token_hex(8))
    spans: list[dict] = field(default_factory=list)
    started_ns: int = field(default_factory=time.time_ns)

    def record_chat(self, base_url: str, model: str, request: dict, result: ChatResult, extra: dict | None = None) -> None:
        """One inference span, named and attributed as the GenAI semantic conventions say."""
        address = urlsplit(base_url)
        attributes = {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": self.provider_name,
            "gen_ai.request.model": model,
            "gen_ai.request.max_tokens": request.get("max_tokens"),
            "gen_ai.request.temperature": float(request["temperature"]) if "temperature" in request else None,
            "gen_ai.request.seed": request.get("seed"),
            "gen_ai.request.stream": True if result.stream else None,
            "server.address": address.hostname,
            "server.port": address.port or (443 if address.scheme == "https" else 80),
            "gen_ai.response.id": result.response_id,
            "gen_ai.response.model": result.response_model,
            "gen_ai.response.finish_reasons": [result.finish_reason] if result.finish_reason else None,
            "gen_ai.usage.input_tokens": result.input_tokens,
            "gen_ai.usage.output_tokens": result.output_tokens,
            "gen_ai.response.time_to_first_chunk": result.ttft_s,
            "error.type": result.error,
        }
        if self.record_content:
            # Opt-in in the conventions: prompts and answers often hold personal data.
            attributes["gen_ai.input.messages"] = json.dumps(
                [{"role": m["role"], "parts": [{"type": "text", "content": m["content"]}]} for m in request["messages"]]
            )
            output = {"role": "assistant", "parts": [{"type": "text", "content": result.text}]}
            if result.finish_reason:
                output["finish_reason"] = result.finish_reason
            attributes["gen_ai.output.messages"] = json.dumps([output])
        attributes.update(extra or {})
        span = {
            "traceId": self.trace_id,
            "spanId": secrets.token_hex(8),
            "parentSpanId": self.root_span_id,
            "name": f"chat {model}",
            "kind": SPAN_KIND_CLIENT,
            "startTimeUnixNano": str(result.started_ns),
            "endTimeUnixNano": str(result.ended_ns),
            "attributes": _attributes(attributes),
            "status": {"code": STATUS_ERROR, "message": result.error_detail or result.error} if result.error else {},
        }
        self.spans.append(span)

    def write(self, path: Path, run_name: str, run_attributes: dict) -> int:
        """Appends one line: a root span for the run and every call under it. Returns the span count."""
        root = {
            "traceId": self.trace_id,
            "spanId": self.root_span_id,
            "name": run_name,
            "kind": SPAN_KIND_INTERNAL,
            "startTimeUnixNano": str(self.started_ns),
            "endTimeUnixNano": str(time.time_ns()),
            "attributes": _attributes(run_attributes),
            "status": {},
        }
        document = {
            "resourceSpans": [
                {
                    "resource": {"attributes": _attributes({"service.name": self.service_name})},
                    "scopeSpans": [{"scope": {"name": "handbook.llmops", "version": "1.0.0"}, "spans": [root, *self.spans]}],
                }
            ]
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(document, separators=(",", ":")) + "\n")
        return len(self.spans) + 1


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="A module: run eval_gate.py or report.py.").parse_args()
    print("llmclient.py is a module: run eval_gate.py or report.py")
