import { describe, expect, it } from 'vitest';
import { createMatcher, namesOf, parseGlossary } from '../../src/lib/glossary';

const yaml = (entries: string) => entries.trim();
const good = `
- term: Service level objective (SLO)
  aliases: [SLO, SLOs]
  definition: A target for a service level indicator over a window, such as 99.5% of requests succeeding in 28 days.
  chapters: [devops/monitoring]
- term: Error budget
  definition: The unreliability an SLO allows over its window; while it lasts, teams ship freely.
  chapters: [devops/monitoring]
- term: Canary release
  anchor: canary
  definition: Sending a small share of traffic to a new version first and widening it only while it behaves.
  chapters: [devops/containers, devops/monitoring]
`;

describe('glossary file', () => {
  it('parses, sorts by term and fills in anchors', () => {
    const terms = parseGlossary(yaml(good));
    expect(terms.map((term) => [term.term, term.anchor])).toEqual([
      ['Canary release', 'canary'],
      ['Error budget', 'error-budget'],
      ['Service level objective (SLO)', 'service-level-objective-slo'],
    ]);
  });

  it('rejects a duplicate term, anchor or alias, naming both entries', () => {
    const duplicate = `${good}
- term: error budget
  definition: The same term again, in lower case, which would make two entries for one idea.
  chapters: [devops/monitoring]
- term: Canary deployment
  anchor: canary
  aliases: [SLO]
  definition: Another name for a canary release, with an anchor and an alias that are taken.
  chapters: [devops/monitoring]`;
    const attempt = () => parseGlossary(duplicate);
    expect(attempt).toThrow(/error budget: the name "error budget" is already used by "Error budget"/);
    expect(attempt).toThrow(/Canary deployment: the anchor "canary" is already used by "Canary release"/);
    expect(attempt).toThrow(/Canary deployment: the name "SLO" is already used by "Service level objective \(SLO\)"/);
  });

  it('rejects a malformed entry, naming it (chapters that do not exist are a page rule: page-rules.test.ts)', () => {
    const bad = `${good}
- term: Drift
  chapters: [devops/monitoring]`;
    const attempt = () => parseGlossary(bad, 'src/data/glossary.yaml');
    expect(attempt).toThrow(/src\/data\/glossary\.yaml has problems/);
    expect(attempt).toThrow(/entry 4 \("Drift"\): definition:/);
  });
});

describe('first mentions', () => {
  const terms = parseGlossary(yaml(good));

  it('recognises a term by its name without the parenthesis, and by its aliases', () => {
    expect(namesOf(terms.find((term) => term.anchor.startsWith('service'))!)).toEqual(['Service level objective', 'SLO', 'SLOs']);
  });

  it('does not match the bare word of a qualified term such as "Deployment (Kubernetes)"', () => {
    const [deployment] = parseGlossary(
      '- term: Deployment (Kubernetes)\n  aliases: [Kubernetes Deployment]\n  definition: The object that keeps a set of identical pods running and rolls out new versions.\n  chapters: [devops/containers]',
    );
    expect(namesOf(deployment!)).toEqual(['Kubernetes Deployment']);
  });

  it('links only the first mention of each term on a page, across text nodes, matching whole words', () => {
    const link = createMatcher(terms);
    const seen = new Set<string>();
    const first = link('Set an SLO, then an error budget; the SLO decides.', seen);
    expect(first.filter((segment) => 'term' in segment).map((segment) => segment.text)).toEqual(['SLO', 'error budget']);
    expect(first.map((segment) => segment.text).join('')).toBe('Set an SLO, then an error budget; the SLO decides.');
    expect(link('Later the error budget and SLOs again.', seen).some((segment) => 'term' in segment)).toBe(false);
    expect(link('SLOWLY, sloth, pre-SLO', new Set()).some((segment) => 'term' in segment)).toBe(false);
  });
});
