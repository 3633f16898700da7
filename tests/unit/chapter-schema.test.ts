import { describe, expect, it } from 'vitest';
import { handbookFields, trackProblem } from '../../src/lib/chapter-schema';

const known = new Set(['devops/containers', 'devops/ci-cd', 'start/welcome']);
const schema = handbookFields(known, new Date('2026-11-21T00:00:00Z'));

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `item-${i + 1}`, text: `Item ${i + 1}` }));
const chapter = {
  track: 'devops',
  order: 20,
  minutes: 240,
  level: 'beginner',
  prerequisites: ['devops/ci-cd'],
  nextChapters: [],
  reviewed: new Date('2026-11-20'),
  checkedAgainst: { Kubernetes: '1.34' },
  checklist: items(6),
};

/** The dotted paths of the fields a parse complains about. */
const failingFields = (data: unknown) => {
  const result = schema.safeParse(data);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};
const messages = (data: unknown) => {
  const result = schema.safeParse(data);
  return result.success ? '' : result.error.issues.map((issue) => issue.message).join('\n');
};

describe('handbook frontmatter', () => {
  it('accepts a complete chapter', () => {
    expect(failingFields(chapter)).toEqual([]);
  });

  it('accepts a page that is not a chapter without chapter fields', () => {
    expect(failingFields({})).toEqual([]);
    expect(failingFields({ track: 'start' })).toEqual([]);
  });

  it('rejects a duplicate checklist id, naming the item', () => {
    const checklist = [...items(6), { id: 'item-2', text: 'Again' }];
    expect(failingFields({ ...chapter, checklist })).toEqual(['checklist.6.id']);
    expect(messages({ ...chapter, checklist })).toMatch(/duplicate checklist id "item-2"/);
  });

  it('rejects a checklist item without an id', () => {
    const checklist = [...items(5), { text: 'No id' }];
    expect(failingFields({ ...chapter, checklist })).toEqual(['checklist.5.id']);
  });

  it('rejects ids that are not kebab-case and unknown item fields', () => {
    expect(failingFields({ ...chapter, checklist: [...items(5), { id: 'Not OK', text: 'x' }] })).toEqual(['checklist.5.id']);
    expect(failingFields({ ...chapter, checklist: [...items(5), { id: 'ok', text: 'x', txet: 'typo' }] })).toEqual(['checklist.5']);
  });

  it('rejects a prerequisite or next chapter that points at no page', () => {
    expect(failingFields({ ...chapter, prerequisites: ['devops/nope'] })).toEqual(['prerequisites.0']);
    expect(messages({ ...chapter, nextChapters: ['devops/containers', 'mlops/x'] })).toMatch(/no page has the slug "mlops\/x"/);
  });

  it('requires the chapter fields on devops and mlops pages', () => {
    const { minutes: _m, level: _l, reviewed: _r, ...partial } = chapter;
    expect(failingFields(partial).sort()).toEqual(['level', 'minutes', 'reviewed']);
  });

  it('keeps a chapter checklist between 6 and 12 items', () => {
    expect(failingFields({ ...chapter, checklist: items(5) })).toEqual(['checklist']);
    expect(failingFields({ ...chapter, checklist: items(13) })).toEqual(['checklist']);
    expect(failingFields({ ...chapter, checklist: items(12) })).toEqual([]);
  });

  it('rejects a bad level, track, time or review date', () => {
    expect(failingFields({ ...chapter, level: 'expert' })).toEqual(['level']);
    expect(failingFields({ ...chapter, track: 'ops' })).toEqual(['track']);
    expect(failingFields({ ...chapter, minutes: -5 })).toEqual(['minutes']);
    expect(failingFields({ ...chapter, reviewed: 'last week' })).toEqual(['reviewed']);
    expect(failingFields({ ...chapter, reviewed: new Date('2027-06-01') })).toEqual(['reviewed']);
  });

  it('only allows anchors, site paths and https links on checklist items', () => {
    const withLink = (link: string) => ({ ...chapter, checklist: [...items(5), { id: 'x', text: 'x', link }] });
    expect(failingFields(withLink('#probes'))).toEqual([]);
    expect(failingFields(withLink('/devops/containers/'))).toEqual([]);
    expect(failingFields(withLink('https://kubernetes.io/docs/'))).toEqual([]);
    expect(failingFields(withLink('javascript:alert(1)'))).toEqual(['checklist.5.link']);
  });
});

describe('trackProblem', () => {
  it('accepts a track that matches the folder, and pages outside tracks', () => {
    expect(trackProblem('devops/containers', 'devops')).toBeNull();
    expect(trackProblem('progress', undefined)).toBeNull();
    expect(trackProblem('start/welcome', undefined)).toBeNull();
  });

  it('rejects a track that disagrees with the folder, or a chapter without one', () => {
    expect(trackProblem('devops/containers', 'mlops')).toMatch(/track is "mlops"/);
    expect(trackProblem('mlops/serving', undefined)).toMatch(/track is missing/);
  });
});
