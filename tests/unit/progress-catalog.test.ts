import { describe, expect, it } from 'vitest';
import { emptyRecord, setDone } from '../../src/lib/progress';
import { groupCatalog, markdownReport, totals, type CatalogChapter } from '../../src/lib/progress-catalog';

const T1 = '2026-11-01T10:00:00.000Z';
const chapter = (id: string, track: string, order: number, itemIds: string[]): CatalogChapter => ({
  id,
  title: `Title of ${id}`,
  href: `/handbook/${id}/`,
  track,
  order,
  items: itemIds.map((item) => ({ id: item, text: `Do ${item}` })),
});
const chapters = [
  chapter('mlops/serving', 'mlops', 10, ['m1']),
  chapter('devops/ci', 'devops', 30, ['c1', 'c2']),
  chapter('extras/onboarding', 'extras', 1, ['t1']),
  chapter('devops/containers', 'devops', 20, ['a', 'b', 'c']),
];

describe('progress catalog', () => {
  it('groups by track in handbook order, chapters in learning order, unknown tracks last', () => {
    const groups = groupCatalog(chapters);
    expect(groups.map((group) => group.label)).toEqual(['DevOps track', 'MLOps track', 'extras']);
    expect(groups[0]!.chapters.map((c) => c.id)).toEqual(['devops/containers', 'devops/ci']);
  });

  it('labels the team group with the team settings’ label', () => {
    const team = [chapter('team/welcome', 'team', 1, ['w'])];
    expect(groupCatalog(team, 'Acme platform team')[0]!.label).toBe('Acme platform team');
    expect(groupCatalog(team)[0]!.label).toBe('Our team');
  });

  it('counts known items only, so a removed item’s kept tick does not inflate the total', () => {
    let record = setDone(emptyRecord(), 'devops/containers', 'a', true, T1);
    record = setDone(record, 'devops/containers', 'gone', true, T1);
    expect(totals(chapters, record)).toEqual({ done: 1, total: 7, percent: 14 });
  });

  it('writes a Markdown report with links, counts and ticked items', () => {
    const record = setDone(setDone(emptyRecord(), 'devops/containers', 'a', true, T1), 'devops/containers', 'c', true, T1);
    const report = markdownReport(groupCatalog(chapters), record, { title: 'Acme Handbook', origin: 'https://docs.acme.test' }, new Date(T1));
    expect(report).toContain('# Acme Handbook: my progress');
    expect(report).toContain('2 of 7 checklist items done (29%), as of 2026-11-01.');
    expect(report).toContain('### [Title of devops/containers](https://docs.acme.test/handbook/devops/containers/): 2 of 3');
    expect(report).toContain('- [x] Do a\n- [ ] Do b\n- [x] Do c');
    expect(report.indexOf('## DevOps track')).toBeLessThan(report.indexOf('## MLOps track'));
  });
});
