import { describe, expect, it } from 'vitest';
import { backlinks, linkedSlugs } from '../../src/lib/link-graph';

describe('link graph', () => {
  it('finds root-relative page links in Markdown and HTML, without anchors or queries', () => {
    const body = 'See [CI](/devops/ci-cd/) and [probes](/devops/containers/#probes), <a href="/progress/">progress</a>, [ext](https://x.org/devops/), [rel](../x/), and [CI again](/devops/ci-cd/#caching).';
    expect(linkedSlugs(body).sort()).toEqual(['devops/ci-cd', 'devops/containers', 'progress']);
  });

  it('inverts links into backlinks, ignoring self-links and unknown pages', () => {
    const graph = backlinks([
      { id: 'devops/culture', body: '[c](/devops/containers/) [m](/devops/monitoring/)' },
      { id: 'devops/ci-cd', body: '[c](/devops/containers/#x) [self](/devops/ci-cd/) [gone](/devops/nope/)' },
      { id: 'devops/containers', body: 'no links' },
      { id: 'devops/monitoring', body: '' },
    ]);
    expect(graph.get('devops/containers')).toEqual(['devops/ci-cd', 'devops/culture']);
    expect(graph.get('devops/monitoring')).toEqual(['devops/culture']);
    expect(graph.has('devops/ci-cd')).toBe(false);
    expect(graph.has('devops/nope')).toBe(false);
  });
});
