import { describe, expect, it } from 'vitest';
import { handbookFields } from '../../src/lib/chapter-schema';

const schema = handbookFields(new Date('2026-11-21T00:00:00Z'));

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

  it('rejects a prerequisite written as a path instead of a slug', () => {
    expect(failingFields({ ...chapter, prerequisites: ['/devops/ci-cd/'] })).toEqual(['prerequisites.0']);
    expect(messages({ ...chapter, nextChapters: ['devops/containers', 'mlops/x#y'] })).toMatch(/named by its slug/);
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
    expect(failingFields(withLink('//evil.example/phish'))).toEqual(['checklist.5.link']);
  });
});

describe('knowledge check', () => {
  const choice = (id: string, correct = false) => ({ id, text: `Choice ${id}`, why: `Because ${id} is how it works.`, ...(correct ? { correct: true } : {}) });
  const question = (id: string, overrides: Record<string, unknown> = {}) => ({
    id,
    question: `What happens when ${id}?`,
    teaches: '#probes',
    choices: [choice('a', true), choice('b')],
    ...overrides,
  });
  const quiz = (n: number) => Array.from({ length: n }, (_, i) => question(`q-${i + 1}`));

  it('accepts 4 to 8 well-formed questions', () => {
    expect(failingFields({ ...chapter, knowledgeCheck: quiz(4) })).toEqual([]);
    expect(failingFields({ ...chapter, knowledgeCheck: quiz(8) })).toEqual([]);
    expect(failingFields({ ...chapter, knowledgeCheck: quiz(3) })).toEqual(['knowledgeCheck']);
    expect(failingFields({ ...chapter, knowledgeCheck: quiz(9) })).toEqual(['knowledgeCheck']);
  });

  it('names the question and field of each mistake', () => {
    const bad = [
      ...quiz(3),
      question('no-right-answer', { choices: [choice('a'), choice('b')] }),
      question('one-choice', { choices: [choice('a', true)] }),
      question('no-why', { choices: [choice('a', true), { id: 'b', text: 'B' }] }),
      question('dup-choice', { choices: [choice('a', true), choice('a')] }),
      question('Bad Id'),
    ];
    expect(failingFields({ ...chapter, knowledgeCheck: bad }).sort()).toEqual(
      ['knowledgeCheck.3.choices', 'knowledgeCheck.4.choices', 'knowledgeCheck.5.choices.1.why', 'knowledgeCheck.6.choices.1.id', 'knowledgeCheck.7.id'].sort(),
    );
    expect(messages({ ...chapter, knowledgeCheck: bad })).toMatch(/mark at least one choice "correct: true"/);
    expect(messages({ ...chapter, knowledgeCheck: bad })).toMatch(/every choice needs "why"/);
  });

  it('refuses a question id used twice in a chapter', () => {
    expect(failingFields({ ...chapter, knowledgeCheck: [...quiz(4), question('q-2')] })).toEqual(['knowledgeCheck.4.id']);
    expect(messages({ ...chapter, knowledgeCheck: [...quiz(4), question('q-2')] })).toMatch(/duplicate question id "q-2"/);
  });

  it('needs the section that teaches each question', () => {
    const { teaches: _t, ...withoutTeaches } = question('q-x');
    expect(failingFields({ ...chapter, knowledgeCheck: [...quiz(3), withoutTeaches] })).toEqual(['knowledgeCheck.3.teaches']);
  });
});

describe('tools', () => {
  it('needs a name, a purpose and when to pick each tool', () => {
    expect(failingFields({ ...chapter, tools: [{ name: 'kind', purpose: 'Local clusters', pick: 'Always' }] })).toEqual([]);
    expect(failingFields({ ...chapter, tools: [{ name: 'kind', purpose: 'Local clusters' }] })).toEqual(['tools.0.pick']);
  });
});
