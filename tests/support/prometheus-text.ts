/**
 * A strict reader of the Prometheus text exposition format (0.0.4), enough to prove a /metrics
 * endpoint is scrapeable: well-formed lines, declared types, and consistent histograms.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+(-?\\d+))?$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a number in: ${line}`);
  return value;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`malformed labels in: ${line}`);
    labels[match[1]!] = match[2]!;
  }
  return labels;
}

/** Parses the text; throws with the offending line on anything a Prometheus server would reject. */
export function parsePrometheusText(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith('#')) {
      const [, keyword, name, rest] = line.match(/^#\s+(HELP|TYPE)\s+(\S+)\s*(.*)$/) ?? [];
      if (keyword === 'TYPE') {
        if (!TYPES.has(rest!)) throw new Error(`unknown type in: ${line}`);
        if (types.has(name!)) throw new Error(`second TYPE line for ${name}`);
        types.set(name!, rest!);
      }
      continue;
    }
    const match = line.match(SAMPLE);
    if (!match) throw new Error(`malformed sample: ${line}`);
    samples.push({ name: match[1]!, labels: match[2] ? parseLabels(match[2], line) : {}, value: parseValue(match[3]!, line) });
  }
  for (const [name, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const sample of samples.filter((s) => s.name === `${name}_bucket`)) {
      const { le, ...rest } = sample.labels;
      if (le === undefined) throw new Error(`${name}_bucket without le`);
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), sample]);
    }
    for (const [key, buckets] of series) {
      const counts = buckets.map((bucket) => bucket.value);
      if (counts.some((count, index) => index > 0 && count < counts[index - 1]!)) throw new Error(`${name}${key}: buckets are not cumulative`);
      const inf = buckets.find((bucket) => bucket.labels.le === '+Inf');
      const count = samples.find((s) => s.name === `${name}_count` && JSON.stringify(s.labels) === key);
      if (!inf || !count || inf.value !== count.value) throw new Error(`${name}${key}: +Inf bucket must equal _count`);
    }
  }
  return { types, samples };
}
