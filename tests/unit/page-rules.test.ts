import { describe, expect, it } from 'vitest';
import { glossaryProblems, linkProblem, pageProblems, pathOrderProblems, trackProblem, type RulePage, type SitePage } from '../../src/lib/page-rules';

const site = (pages: SitePage[]) => new Map(pages.map((page) => [page.id, page]));
const sitePage = (id: string, order = 0, anchors: string[] = []): SitePage => ({ id, track: id.split('/')[0], order, anchors: new Set(anchors) });
const pages = site([sitePage('devops/containers', 20, ['probes']), sitePage('devops/ci-cd', 30, ['oidc']), sitePage('mlops/serving', 60), sitePage('progress')]);
const page = (overrides: Partial<RulePage> = {}): RulePage => ({
  ...sitePage('devops/ci-cd', 30, ['oidc', 'hands-on-lab']),
  prerequisites: ['devops/containers'],
  nextChapters: [],
  links: [],
  body: '<KnowledgeCheck />\n\n<Checklist />',
  hasChecklist: true,
  hasQuestions: true,
  ...overrides,
});

describe('page rules', () => {
  it('accepts a page that keeps them all', () => {
    expect(pageProblems(page(), pages)).toEqual([]);
  });

  it('names a prerequisite or next chapter that points at no page', () => {
    expect(pageProblems(page({ prerequisites: ['devops/nope'], nextChapters: ['mlops/x'] }), pages)).toEqual([
      'prerequisites.0: no page has the slug "devops/nope" (write it like "devops/containers")',
      'nextChapters.0: no page has the slug "mlops/x" (write it like "devops/containers")',
    ]);
  });

  it('refuses a prerequisite that comes later in the same track', () => {
    const early = { ...page(), order: 10, prerequisites: ['devops/containers'] };
    expect(pageProblems(early, pages)).toEqual([expect.stringMatching(/^prerequisites\.0: "devops\/containers" \(order 20\) does not come before this chapter \(order 10\)/)]);
    // Other tracks have their own order.
    expect(pageProblems({ ...page(), id: 'mlops/x', track: 'mlops', order: 5, prerequisites: ['devops/containers'] }, pages)).toEqual([]);
  });

  it('checks frontmatter links: the page and the anchor must exist', () => {
    const links = [
      { field: 'checklist.0.link', href: '#hands-on-lab' },
      { field: 'checklist.1.link', href: '#no-such-heading' },
      { field: 'knowledgeCheck.0.teaches', href: '/devops/containers/#probes' },
      { field: 'knowledgeCheck.1.teaches', href: '/devops/containers/#nope' },
      { field: 'tools.0.pick', href: '/devops/kubernetes/' },
      { field: 'tools.1.pick', href: 'https://kubernetes.io/docs/' },
      { field: 'tools.2.pick', href: '//evil.example/' },
    ];
    expect(pageProblems(page({ links }), pages)).toEqual([
      'checklist.1.link: "#no-such-heading": the page "devops/ci-cd" has no heading or anchor "#no-such-heading"',
      'knowledgeCheck.1.teaches: "/devops/containers/#nope": the page "devops/containers" has no heading or anchor "#nope"',
      'tools.0.pick: "/devops/kubernetes/" points at no page (no page has the slug "devops/kubernetes")',
      'tools.2.pick: "//evil.example/" is neither an anchor (#…), a site path (/…) nor an https:// address',
    ]);
  });

  it('needs the knowledge check shown, before the checklist, and the checklist shown', () => {
    expect(pageProblems(page({ body: '<Checklist />' }), pages)).toEqual([expect.stringMatching(/^knowledgeCheck: the page has questions but its body does not show them/)]);
    expect(pageProblems(page({ body: '<Checklist />\n<KnowledgeCheck />' }), pages)).toEqual([expect.stringMatching(/comes after <Checklist \/>/)]);
    expect(pageProblems(page({ body: '<KnowledgeCheck />' }), pages)).toEqual([expect.stringMatching(/^checklist: .*add <Checklist \/>/)]);
  });

  it('a page’s track must match its folder', () => {
    expect(trackProblem('devops/containers', 'devops')).toBeNull();
    expect(trackProblem('progress', undefined)).toBeNull();
    expect(trackProblem('start/welcome', undefined)).toBeNull();
    expect(trackProblem('devops/containers', 'mlops')).toMatch(/^track: it is "mlops"/);
    expect(trackProblem('mlops/serving', undefined)).toMatch(/^track: it is missing/);
  });

  it('a link checks out only against real pages', () => {
    expect(linkProblem('/progress/', sitePage('devops/ci-cd'), pages)).toBeNull();
    expect(linkProblem('mailto:a@b.c', sitePage('devops/ci-cd'), pages)).toBeNull();
  });

  it('every chapter a glossary term names must exist', () => {
    expect(glossaryProblems([{ term: 'Toil', chapters: ['devops/containers', 'devops/sre'] }], pages)).toEqual(['"Toil": chapters.1: no page has the slug "devops/sre"']);
  });

  it('a learning path lists every prerequisite it includes before the chapter that needs it', () => {
    const serving = { id: 'mlops/serving', prerequisites: ['mlops/experiment-tracking', 'devops/containers'] };
    const tracking = { id: 'mlops/experiment-tracking', prerequisites: [] };
    const containers = { id: 'devops/containers', prerequisites: [] };
    expect(pathOrderProblems([{ title: 'Phase 1', pages: [tracking, containers] }, { title: 'Phase 2', pages: [serving] }])).toEqual([]);
    // A prerequisite the path leaves out is fine; one listed later is not, across steps or within one.
    expect(pathOrderProblems([{ title: 'Phase 1', pages: [serving] }])).toEqual([]);
    expect(pathOrderProblems([{ title: 'Phase 2', pages: [containers, serving] }, { title: 'Phase 3', pages: [tracking] }])).toEqual([
      'the step "Phase 2" lists "mlops/serving" before its prerequisite "mlops/experiment-tracking" (in "Phase 3"); list the prerequisite first',
    ]);
    expect(pathOrderProblems([{ title: 'Phase 1', pages: [serving, tracking, containers] }])).toHaveLength(2);
  });
});
