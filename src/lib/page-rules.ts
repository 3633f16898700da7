/**
 * The rules a page must satisfy that need the whole site (other pages' slugs, order and headings),
 * checked in one place at build time by the route middleware. The frontmatter schema
 * (chapter-schema.ts) checks what a page can check alone. Every problem names the field.
 */
import { isChapterTrack } from './tracks';
import { linkFragment, linkedSlug } from './urls';

export interface SitePage {
  id: string;
  track: string | undefined;
  order: number;
  /** Ids a link may point at: heading anchors, plus ids a component renders (glossary entries). */
  anchors: ReadonlySet<string>;
}

export interface RulePage extends SitePage {
  prerequisites: readonly string[];
  nextChapters: readonly string[];
  /** Links written in frontmatter, with the field each came from ("checklist.3.link"). */
  links: readonly { field: string; href: string }[];
  body: string;
  hasChecklist: boolean;
  hasQuestions: boolean;
}

/** A page's track must match its top folder, so URLs and tracks never disagree. Null when fine. */
export function trackProblem(id: string, track: string | undefined): string | null {
  const folder = id.split('/')[0] ?? '';
  if (track && track !== folder) return `track: it is "${track}" but the page is not under ${track}/ (it is "${id}")`;
  if (!track && id.includes('/') && isChapterTrack(folder)) return `track: it is missing; pages under ${folder}/ declare "track: ${folder}"`;
  return null;
}

/** Why a site link does not resolve, or null: the page must exist, and so must the anchor. */
export function linkProblem(href: string, from: SitePage, pages: ReadonlyMap<string, SitePage>): string | null {
  if (/^(https?:|mailto:)/.test(href)) return null;
  const fragment = linkFragment(href);
  let target: SitePage | undefined = from;
  if (!href.startsWith('#')) {
    const slug = linkedSlug(href);
    if (slug === null) return `"${href}" is neither an anchor (#…), a site path (/…) nor an https:// address`;
    target = pages.get(slug);
    if (!target) return `"${href}" points at no page (no page has the slug "${slug}")`;
  }
  if (fragment && !target.anchors.has(fragment)) return `"${href}": the page "${target.id || '/'}" has no heading or anchor "#${fragment}"`;
  return null;
}

export function pageProblems(page: RulePage, pages: ReadonlyMap<string, SitePage>): string[] {
  const problems: string[] = [];
  const track = trackProblem(page.id, page.track);
  if (track) problems.push(track);
  for (const field of ['prerequisites', 'nextChapters'] as const) {
    page[field].forEach((slug, index) => {
      const target = pages.get(slug);
      if (!target) return problems.push(`${field}.${index}: no page has the slug "${slug}" (write it like "devops/containers")`);
      // One learning order: what a chapter needs first comes earlier in its track.
      if (field === 'prerequisites' && target.track === page.track && isChapterTrack(page.track) && target.order >= page.order) {
        problems.push(`${field}.${index}: "${slug}" (order ${target.order}) does not come before this chapter (order ${page.order}) in the ${page.track} track; a prerequisite must come earlier`);
      }
    });
  }
  for (const link of page.links) {
    const problem = linkProblem(link.href, page, pages);
    if (problem) problems.push(`${link.field}: ${problem}`);
  }
  const quiz = page.body.search(/<KnowledgeCheck\b/);
  const checklist = page.body.search(/<Checklist\b/);
  if (page.hasQuestions && quiz < 0) problems.push('knowledgeCheck: the page has questions but its body does not show them: add <KnowledgeCheck /> before <Checklist />');
  if (page.hasChecklist && checklist < 0) problems.push('checklist: the page has checklist items but its body does not show them: add <Checklist />');
  if (quiz >= 0 && checklist >= 0 && quiz > checklist) problems.push('knowledgeCheck: <KnowledgeCheck /> comes after <Checklist />; the knowledge check ends the teaching, before the checklist');
  return problems;
}

export interface GlossaryRef {
  term: string;
  chapters: readonly string[];
}

/** Every chapter a glossary term names must exist. */
export function glossaryProblems(terms: readonly GlossaryRef[], pages: ReadonlyMap<string, SitePage>): string[] {
  return terms.flatMap((term) =>
    term.chapters.flatMap((slug, index) => (pages.has(slug) ? [] : [`"${term.term}": chapters.${index}: no page has the slug "${slug}"`])),
  );
}

export interface PathStep {
  title: string;
  pages: readonly { id: string; prerequisites: readonly string[] }[];
}

/**
 * A learning path is one order: every page's prerequisites that the path lists come before it (in an
 * earlier step, or earlier in the same step). Prerequisites the path leaves out are the reader's business.
 */
export function pathOrderProblems(steps: readonly PathStep[]): string[] {
  const position = new Map<string, { index: number; step: string }>();
  steps.flatMap((step) => step.pages.map((page) => ({ page, step: step.title }))).forEach(({ page, step }, index) => {
    if (!position.has(page.id)) position.set(page.id, { index, step });
  });
  const problems: string[] = [];
  for (const step of steps) {
    for (const page of step.pages) {
      const here = position.get(page.id)!;
      for (const prerequisite of page.prerequisites) {
        const there = position.get(prerequisite);
        if (there && there.index > here.index) {
          problems.push(`the step "${step.title}" lists "${page.id}" before its prerequisite "${prerequisite}" (in "${there.step}"); list the prerequisite first`);
        }
      }
    }
  }
  return problems;
}
