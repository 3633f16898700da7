// Prometheus metrics written by hand, in the text exposition format 0.0.4:
// https://prometheus.io/docs/instrumenting/exposition_formats/
// A client library (prom-client) does the same with more features; this file shows what it
// produces, so the format is no longer a mystery when you read a /metrics page.

/** The Content-Type Prometheus expects for this format; Prometheus 3 checks it on every scrape. */
export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Label values, in the order of the metric's label names. */
type LabelValues = Record<string, string>;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) return '';
  return `{${pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

interface MetricOptions {
  name: string;
  help: string;
  labelNames?: readonly string[];
}

/** What every metric type shares: a name, a help text, label names and one series per label set. */
abstract class Metric<Series> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  protected readonly series = new Map<string, { labels: readonly string[]; data: Series }>();

  constructor(options: MetricOptions) {
    if (!METRIC_NAME.test(options.name)) throw new Error(`invalid metric name: ${options.name}`);
    for (const label of options.labelNames ?? []) {
      if (!LABEL_NAME.test(label) || label === 'le') throw new Error(`invalid label name: ${label}`);
    }
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
  }

  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  protected abstract newSeries(): Series;
  protected abstract renderSeries(labels: ReadonlyArray<readonly [string, string]>, data: Series): string[];

  /** The series for a label set, created on first use. Unknown or missing labels are a bug: throw. */
  protected seriesFor(values: LabelValues): Series {
    const given = Object.keys(values);
    if (given.length !== this.labelNames.length || !this.labelNames.every((name) => name in values)) {
      throw new Error(`${this.name} expects labels [${this.labelNames.join(', ')}], got [${given.join(', ')}]`);
    }
    const labels = this.labelNames.map((name) => values[name] ?? '');
    const key = JSON.stringify(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels, data: this.newSeries() };
      this.series.set(key, entry);
    }
    return entry.data;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
    for (const { labels, data } of this.series.values()) {
      const pairs = this.labelNames.map((name, index) => [name, labels[index] ?? ''] as const);
      lines.push(...this.renderSeries(pairs, data));
    }
    return lines.join('\n');
  }
}

/** A value that only goes up (requests served). Its name ends in _total by convention. */
export class Counter extends Metric<{ value: number }> {
  readonly type = 'counter';

  protected newSeries() {
    return { value: 0 };
  }

  inc(labels: LabelValues = {}, amount = 1): void {
    if (amount < 0) throw new Error(`${this.name}: a counter cannot go down`);
    this.seriesFor(labels).value += amount;
  }

  protected renderSeries(labels: ReadonlyArray<readonly [string, string]>, data: { value: number }): string[] {
    return [`${this.name}${formatLabels(labels)} ${formatValue(data.value)}`];
  }
}

/** A value that goes up and down (items stored). `collect` reads it at scrape time, so it is never stale. */
export class Gauge extends Metric<{ value: number }> {
  readonly type = 'gauge';
  private readonly collect: (() => number) | undefined;

  constructor(options: MetricOptions & { collect?: () => number }) {
    super(options);
    this.collect = options.collect;
    if (this.collect && this.labelNames.length > 0) throw new Error(`${this.name}: collect() works without labels only`);
  }

  protected newSeries() {
    return { value: 0 };
  }

  set(value: number, labels: LabelValues = {}): void {
    this.seriesFor(labels).value = value;
  }

  override render(): string {
    if (this.collect) this.set(this.collect());
    return super.render();
  }

  protected renderSeries(labels: ReadonlyArray<readonly [string, string]>, data: { value: number }): string[] {
    return [`${this.name}${formatLabels(labels)} ${formatValue(data.value)}`];
  }
}

interface HistogramSeries {
  /** Cumulative: bucketCounts[i] counts observations <= buckets[i]. */
  bucketCounts: number[];
  sum: number;
  count: number;
}

/** Prometheus' default buckets, in seconds: fine for HTTP latency from 5 ms to 10 s. */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Observations sorted into buckets (request durations), exposed as _bucket, _sum and _count. */
export class Histogram extends Metric<HistogramSeries> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];

  constructor(options: MetricOptions & { buckets?: readonly number[] }) {
    super(options);
    const buckets = [...(options.buckets ?? DEFAULT_BUCKETS)].sort((a, b) => a - b);
    if (buckets.length === 0 || buckets.some((b) => !Number.isFinite(b))) throw new Error(`${this.name}: invalid buckets`);
    this.buckets = buckets;
  }

  protected newSeries(): HistogramSeries {
    return { bucketCounts: this.buckets.map(() => 0), sum: 0, count: 0 };
  }

  observe(labels: LabelValues, value: number): void {
    const series = this.seriesFor(labels);
    this.buckets.forEach((upperBound, index) => {
      if (value <= upperBound) series.bucketCounts[index] = (series.bucketCounts[index] ?? 0) + 1;
    });
    series.sum += value;
    series.count += 1;
  }

  protected renderSeries(labels: ReadonlyArray<readonly [string, string]>, data: HistogramSeries): string[] {
    const lines = this.buckets.map(
      (upperBound, index) =>
        `${this.name}_bucket${formatLabels([...labels, ['le', formatValue(upperBound)]])} ${data.bucketCounts[index] ?? 0}`,
    );
    lines.push(`${this.name}_bucket${formatLabels([...labels, ['le', '+Inf']])} ${data.count}`);
    lines.push(`${this.name}_sum${formatLabels(labels)} ${formatValue(data.sum)}`);
    lines.push(`${this.name}_count${formatLabels(labels)} ${data.count}`);
    return lines;
  }
}

/** The set of metrics one process exposes on /metrics. */
export class Registry {
  private readonly metrics: Array<Counter | Gauge | Histogram> = [];

  register<M extends Counter | Gauge | Histogram>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name)) throw new Error(`metric ${metric.name} is registered twice`);
    this.metrics.push(metric);
    return metric;
  }

  /** The whole exposition: one block per metric, each line ending in a newline, as the format requires. */
  render(): string {
    return this.metrics.map((metric) => metric.render()).join('\n') + '\n';
  }
}
