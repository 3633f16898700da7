// Unit tests of the hand-written Prometheus metrics: the text they render is what Prometheus parses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter, Gauge, Histogram, Registry } from '../src/metrics.ts';

describe('Counter', () => {
  it('counts per label set and renders one line per series', () => {
    const counter = new Counter({ name: 'jobs_total', help: 'Jobs.', labelNames: ['status'] });
    counter.inc({ status: 'ok' });
    counter.inc({ status: 'ok' }, 2);
    counter.inc({ status: 'failed' });
    assert.equal(
      counter.render(),
      ['# HELP jobs_total Jobs.', '# TYPE jobs_total counter', 'jobs_total{status="ok"} 3', 'jobs_total{status="failed"} 1'].join('\n'),
    );
  });

  it('refuses to go down, and refuses labels it does not declare', () => {
    const counter = new Counter({ name: 'jobs_total', help: 'Jobs.', labelNames: ['status'] });
    assert.throws(() => counter.inc({ status: 'ok' }, -1), /cannot go down/);
    assert.throws(() => counter.inc({ state: 'ok' }), /expects labels \[status\]/);
  });

  it('escapes quotes, backslashes and newlines in label values', () => {
    const counter = new Counter({ name: 'paths_total', help: 'Paths.', labelNames: ['path'] });
    counter.inc({ path: 'a"b\\c\nd' });
    assert.match(counter.render(), /paths_total\{path="a\\"b\\\\c\\nd"\} 1$/);
  });

  it('rejects invalid metric and label names when it is created', () => {
    assert.throws(() => new Counter({ name: 'http-requests', help: 'x' }), /invalid metric name/);
    assert.throws(() => new Counter({ name: 'x_total', help: 'x', labelNames: ['le'] }), /invalid label name/);
  });
});

describe('Gauge', () => {
  it('reads its value at render time through collect()', () => {
    let items = 1;
    const gauge = new Gauge({ name: 'items', help: 'Items.', collect: () => items });
    assert.match(gauge.render(), /^items 1$/m);
    items = 5;
    assert.match(gauge.render(), /^items 5$/m);
  });
});

describe('Histogram', () => {
  it('fills cumulative buckets and renders _bucket, _sum and _count', () => {
    const histogram = new Histogram({ name: 'latency_seconds', help: 'Latency.', buckets: [0.1, 1] });
    histogram.observe({}, 0.05);
    histogram.observe({}, 0.5);
    histogram.observe({}, 3);
    assert.deepEqual(histogram.render().split('\n').slice(2), [
      'latency_seconds_bucket{le="0.1"} 1',
      'latency_seconds_bucket{le="1"} 2',
      'latency_seconds_bucket{le="+Inf"} 3',
      'latency_seconds_sum 3.55',
      'latency_seconds_count 3',
    ]);
  });
});

describe('Registry', () => {
  it('refuses a second metric with the same name', () => {
    const registry = new Registry();
    registry.register(new Counter({ name: 'a_total', help: 'A.' }));
    assert.throws(() => registry.register(new Counter({ name: 'a_total', help: 'A again.' })), /registered twice/);
  });

  it('ends the exposition with a newline, as the format requires', () => {
    const registry = new Registry();
    registry.register(new Counter({ name: 'a_total', help: 'A.' }));
    assert.ok(registry.render().endsWith('\n'));
  });
});
