import { describe, expect, it } from 'vitest';
import { catalogGroups, groupByTrack, parseCatalog } from '../../src/lib/catalog';
import { applyChange, emptyRecord, type ProgressRecord } from '../../src/lib/progress-record';
import { markdownReport, totals, unknownTicks } from '../../src/lib/progress-report';

const T1 = '2026-11-01T10:00:00.000Z';
const chapter = (id: string, track: string, order: number, itemIds: string[], questionIds: string[] = []) => ({
  id,
  title: `Title of ${id}`,
  href: `/handbook/${id}/`,
  track,
  order,
  items: itemIds.map((item) => ({ id: item, text: `Do ${item}` })),
  questions: questionIds.map((question) => ({ id: question, text: `Ask ${question}` })),
});
const chapters = [
  chapter('mlops/serving', 'mlops', 10, ['m1']),
  chapter('devops/ci', 'devops', 30, ['c1', 'c2'], ['q1', 'q2']),
  chapter('extras/onboarding', 'extras', 1, ['t1']),
  chapter('devops/containers', 'devops', 20, ['a', 'b', 'c']),
];
const tick = (record: ProgressRecord, chapterId: string, item: string) => applyChange(record, { type: 'tick', chapter: chapterId, item, done: true }, T1);

describe('catalog', () => {
  it('groups by track in handbook order, chapters in learning order, unknown tracks last', () => {
    const groups = groupByTrack(chapters);
    expect(groups.map((group) => group.label)).toEqual(['DevOps track', 'MLOps track', 'extras']);
    expect(groups[0]!.pages.map((c) => c.id)).toEqual(['devops/containers', 'devops/ci']);
  });

  it('labels the team group with the team settings’ label', () => {
    expect(groupByTrack([chapter('team/welcome', 'team', 1, ['w'])], 'Acme platform team')[0]!.label).toBe('Acme platform team');
  });

  it('round-trips through the JSON a page embeds, and reads a broken one as empty', () => {
    const groups = catalogGroups(chapters);
    expect(parseCatalog(JSON.stringify(groups))).toEqual(groups);
    expect(parseCatalog('{oops')).toEqual([]);
    expect(parseCatalog(null)).toEqual([]);
  });
});

describe('totals and the report', () => {
  const groups = catalogGroups(chapters);
  let record = tick(tick(tick(emptyRecord(), 'devops/containers', 'a'), 'devops/ci', 'c2'), 'devops/containers', 'removed');
  record = tick(record, 'old/chapter', 'x');
  record = applyChange(record, { type: 'answer', chapter: 'devops/ci', question: 'q1', choices: ['a'], correct: true }, T1);
  record = applyChange(record, { type: 'answer', chapter: 'devops/ci', question: 'q2', choices: ['b'], correct: false }, T1);

  it('counts only items the catalog knows, and questions answered correctly', () => {
    expect(totals(chapters, record)).toEqual({ done: 2, total: 7, percent: 29, correct: 1, questions: 2 });
  });

  it('lists ticks of removed items and of pages this version no longer has', () => {
    expect(unknownTicks(groups, record)).toEqual([
      { chapter: 'devops/containers', title: 'Title of devops/containers', ids: ['removed'] },
      { chapter: 'old/chapter', title: null, ids: ['x'] },
    ]);
  });

  it('writes a Markdown report with ticks, knowledge checks and removed items', () => {
    const report = markdownReport(groups, record, { title: 'Acme Handbook', origin: 'https://intranet.example' }, new Date('2026-11-21T12:00:00Z'));
    expect(report).toContain('# Acme Handbook: my progress');
    expect(report).toContain('2 of 7 checklist items done (29%), 1 of 2 knowledge-check questions answered correctly, as of 2026-11-21.');
    expect(report).toContain('### [Title of devops/containers](https://intranet.example/handbook/devops/containers/): 1 of 3');
    expect(report).toContain('### [Title of devops/ci](https://intranet.example/handbook/devops/ci/): 1 of 2, knowledge check 1 of 2 right');
    expect(report).toContain('- [x] Do a\n- [ ] Do b');
    expect(report).toContain('## Ticks this version of the handbook no longer shows');
    expect(report).toContain('- old/chapter: `x`');
  });
});
