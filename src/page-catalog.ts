/**
 * The one content query. Every component that lists, links or counts pages asks this module, which
 * reads the collections once per build: page summaries (href, track, order, chapter or not,
 * checklist, questions, tools), grouped by track, the checklist catalog, backlinks, glossary terms,
 * and the site-wide page rules. It needs `astro:content`, so it lives outside src/lib.
 */
import { getCollection, render, type CollectionEntry } from 'astro:content';
import { settings } from './handbook-settings';
import { catalogGroups, groupByTrack, type CatalogChapter, type CatalogGroup } from './lib/catalog';
import { inlineLinks, plainInline } from './lib/inline-markdown';
import { backlinks } from './lib/link-graph';
import { glossaryProblems, pageProblems, type SitePage } from './lib/page-rules';
import { isChapterTrack, isTrackShown } from './lib/tracks';
import { checkedAgainstProblems } from './lib/versions';
import { loadVersions } from './lib/versions-file';
import { pageHref } from './lib/urls';

type DocsEntry = CollectionEntry<'docs'>;

export interface PageSummary {
  id: string;
  title: string;
  href: string;
  filePath: string;
  track: string | undefined;
  order: number;
  isChapter: boolean;
  minutes: number | undefined;
  checklist: { id: string; text: string }[];
  questions: { id: string; text: string }[];
  tools: { name: string; purpose: string }[];
  prerequisites: string[];
  nextChapters: string[];
  body: string;
  entry: DocsEntry;
}

const base = import.meta.env.BASE_URL;

const summarise = (entry: DocsEntry): PageSummary => ({
  id: entry.id,
  title: entry.data.title,
  href: pageHref(base, entry.id),
  filePath: entry.filePath ?? `src/content/docs/${entry.id}`,
  track: entry.data.track,
  order: entry.data.order ?? 0,
  isChapter: isChapterTrack(entry.data.track),
  minutes: entry.data.minutes,
  checklist: entry.data.checklist.map(({ id, text }) => ({ id, text })),
  questions: entry.data.knowledgeCheck.map(({ id, question }) => ({ id, text: plainInline(question) })),
  tools: entry.data.tools,
  prerequisites: entry.data.prerequisites,
  nextChapters: entry.data.nextChapters,
  body: entry.body ?? '',
  entry,
});

let pages: Promise<PageSummary[]> | undefined;

/** Every page, in the handbook's order: by track, then learning order, then title. */
export function allPages(): Promise<PageSummary[]> {
  pages ??= getCollection('docs').then((entries) => groupByTrack(entries.map(summarise)).flatMap((group) => group.pages).concat(entries.filter((entry) => !entry.data.track).map(summarise)));
  return pages;
}

export async function pageBySlug(slug: string): Promise<PageSummary | undefined> {
  return (await allPages()).find((page) => page.id === slug);
}

/** The pages the team settings list (hidden tracks' pages still build, so links keep working). */
export async function shownPages(): Promise<PageSummary[]> {
  return (await allPages()).filter((page) => isTrackShown(page.track, settings.tracks));
}

/** Shown pages grouped by track, in order, with the team's label. */
export async function shownPagesByTrack() {
  return groupByTrack(await shownPages(), settings.teamLabel);
}

const toCatalogChapter = (page: PageSummary): CatalogChapter & PageSummary => ({ ...page, track: page.track ?? '', items: page.checklist });

/** The checklist catalog of every shown page with a checklist or a knowledge check, grouped by track. */
export async function checklistCatalog(): Promise<CatalogGroup[]> {
  const counted = (await shownPages()).filter((page) => page.checklist.length || page.questions.length);
  return catalogGroups(counted.map(toCatalogChapter), settings.teamLabel);
}

/** One page's catalog entry (for a page's own checklist and knowledge check). */
export async function catalogChapter(slug: string): Promise<CatalogChapter> {
  const page = await pageBySlug(slug);
  if (!page) throw new Error(`No page has the slug "${slug}"`);
  const { id, title, href, track, items, questions } = toCatalogChapter(page);
  return { id, title, href, track, items, questions };
}

let graph: Promise<Map<string, string[]>> | undefined;

/** slug -> the slugs of the pages that link to it. */
export function backlinkGraph(): Promise<Map<string, string[]>> {
  graph ??= allPages().then((list) => backlinks(list));
  return graph;
}

export type GlossaryEntry = CollectionEntry<'glossary'>['data'];

let glossary: Promise<GlossaryEntry[]> | undefined;

/** The glossary terms, sorted by term. */
export function glossaryTerms(): Promise<GlossaryEntry[]> {
  glossary ??= getCollection('glossary').then((entries) => entries.map((entry) => entry.data).sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' })));
  return glossary;
}

// -------------------------------------------------------------------------------------------------
// Page rules: computed once for the whole site, thrown by the route middleware.

/** Every link a page's frontmatter holds, with the field it came from. */
function frontmatterLinks(entry: DocsEntry): { field: string; href: string }[] {
  const links: { field: string; href: string }[] = [];
  const add = (field: string, href: string | undefined) => href && links.push({ field, href });
  const addInline = (field: string, text: string | undefined) => text && inlineLinks(text).forEach((href) => add(field, href));
  entry.data.checklist.forEach((item, index) => {
    add(`checklist.${index}.link`, item.link);
    addInline(`checklist.${index}.text`, item.text);
    addInline(`checklist.${index}.detail`, item.detail);
  });
  entry.data.knowledgeCheck.forEach((question, index) => {
    add(`knowledgeCheck.${index}.teaches`, question.teaches);
    addInline(`knowledgeCheck.${index}.question`, question.question);
    question.choices.forEach((choice, position) => {
      const field = `knowledgeCheck.${index}.choices.${position}`;
      add(`${field}.link`, choice.link);
      addInline(`${field}.text`, choice.text);
      addInline(`${field}.why`, choice.why);
    });
  });
  entry.data.tools.forEach((tool, index) => {
    for (const key of ['name', 'purpose', 'pick'] as const) addInline(`tools.${index}.${key}`, tool[key]);
  });
  return links;
}

let problems: Promise<Map<string, string[]>> | undefined;

/** filePath -> its problems, for every page (and the glossary file) that breaks a site-wide rule. */
export function siteProblems(): Promise<Map<string, string[]>> {
  problems ??= (async () => {
    const list = await allPages();
    const terms = await glossaryTerms();
    const sitePages = new Map<string, SitePage>();
    for (const page of list) {
      const { headings } = await render(page.entry);
      const anchors = new Set(headings.map((heading) => heading.slug));
      // Ids the glossary page renders from its collection: one per term and one per letter.
      if (page.id === 'reference/glossary') for (const term of terms) anchors.add(term.anchor).add(`letter-${term.term[0]!.toLowerCase()}`);
      sitePages.set(page.id, { id: page.id, track: page.track, order: page.order, anchors });
    }
    const found = new Map<string, string[]>();
    const versions = loadVersions();
    for (const page of list) {
      const pageIssues = pageProblems(
        {
          ...sitePages.get(page.id)!,
          prerequisites: page.prerequisites,
          nextChapters: page.nextChapters,
          links: frontmatterLinks(page.entry),
          body: page.body,
          hasChecklist: page.checklist.length > 0,
          hasQuestions: page.questions.length > 0,
        },
        sitePages,
      );
      // A tool the versions file pins is checked against that version (src/data/versions.yaml).
      pageIssues.push(...checkedAgainstProblems(page.entry.data.checkedAgainst, page.filePath, versions));
      if (pageIssues.length) found.set(page.filePath, pageIssues);
    }
    const glossaryIssues = glossaryProblems(terms, sitePages);
    if (glossaryIssues.length) found.set('src/data/glossary.yaml', glossaryIssues);
    return found;
  })();
  return problems;
}
