/**
 * Onboarding issues: a learning path as a Markdown task list for a team's tracker, that task list
 * pasted back as ticks, and the tracker's new-issue link with the list filled in.
 *
 * - One task per checklist item, under its step (week, phase) and chapter. Each task's text links to
 *   the item on its chapter page (`…/devops/containers/#check--devops--containers--non-root-image`):
 *   a link the reader can use, and the stable marker that finds the item again whatever its wording.
 * - Pasted back, a task is found by that marker, or, where a tracker or a copy dropped the links, by
 *   its chapter's heading and its text. Only ticks are read: a task list says nothing about when a
 *   box was unticked, so unticked tasks change nothing.
 * - Trackers refuse long addresses, so a body that would make the link too long stays out of it.
 */
import type { CatalogChapter } from './catalog';
import { parseInline, plainInline, type InlineNode } from './inline-markdown';
import { applyChange, emptyRecord, isDone, type ProgressRecord } from './progress-record';
import { markdownText } from './progress-report';
import { pasteProblemText } from './onboarding-messages';
import { sameSite, type ImportSummary } from './progress-transfer';
import type { HandbookSettings } from './settings';
import { checklistItemId, pageHref } from './urls';

export interface PathStep {
  title: string;
  note?: string;
  /** Page slugs, which are the chapter ids of the catalog. */
  pages: string[];
}

export interface OnboardingPath {
  /** The path page's title: "The DevOps path: eight weeks". */
  title: string;
  /** The path page's own address. */
  url: string;
  steps: readonly PathStep[];
}

/** Where the handbook lives: its title and its address with the base path (location.origin + BASE_URL). */
export interface HandbookSite {
  title: string;
  site: string;
}

// ---------------------------------------------------------------------------------------------
// The issue

/** GitLab refuses titles over 255 characters, GitHub over 256. */
const MAX_TITLE_LENGTH = 255;

export function issueTitle(pathTitle: string): string {
  const title = `Onboarding: ${pathTitle.replace(/\s+/g, ' ').trim()}`;
  return title.length > MAX_TITLE_LENGTH ? `${title.slice(0, MAX_TITLE_LENGTH - 1)}…` : title;
}

/** An absolute address under the handbook's base path: ("https://x.example/handbook/", "devops/ci-cd") -> "https://x.example/handbook/devops/ci-cd/". */
const pageUrl = (site: string, slug: string) => new URL(pageHref(new URL(site).pathname, slug), site).href;
const itemUrl = (site: string, chapter: string, item: string) => `${pageUrl(site, chapter)}#${checklistItemId(chapter, item)}`;

/**
 * An item's frontmatter text as the text of a Markdown link: code and emphasis kept, its own links
 * reduced to their words (a link cannot hold a link), everything else escaped.
 */
function linkText(text: string): string {
  const render = (nodes: InlineNode[]): string =>
    nodes
      .map((node) => {
        if (node.type === 'text') return markdownText(node.text);
        if (node.type === 'code') return `\`${node.text}\``;
        if (node.type === 'strong') return `**${render(node.children)}**`;
        if (node.type === 'em') return `*${render(node.children)}*`;
        return render(node.children);
      })
      .join('');
  return render(parseInline(text));
}

export interface IssueCounts {
  /** Tasks in the issue: every checklist item of the path's pages, each once. */
  items: number;
  /** Of those, the ones ticked in this browser, which the issue ticks too. */
  ticked: number;
  /** Pages with a checklist. */
  chapters: number;
}

/**
 * The issue's body. A page the path lists twice has its tasks under its first step only, so no task
 * is listed twice and ticking it in one place is enough; later steps point back to it.
 */
export function issueMarkdown(path: OnboardingPath, handbook: HandbookSite, chapters: readonly CatalogChapter[], record: ProgressRecord): { markdown: string; counts: IssueCounts } {
  const known = new Map(chapters.map((chapter) => [chapter.id, chapter]));
  const listedUnder = new Map<string, string>();
  const counts: IssueCounts = { items: 0, ticked: 0, chapters: 0 };
  const lines = [
    `Onboarding on [${markdownText(path.title)}](${path.url}) in the ${markdownText(handbook.title)}: one task for each checklist item, each linking to the item in the handbook. ` +
      `Tasks you had ticked in the handbook when this was made are ticked already. Tick the rest here as you finish them; to bring these ticks back into the handbook, paste this text on its [progress page](${pageUrl(handbook.site, 'progress')}).`,
  ];
  for (const step of path.steps) {
    lines.push('', `## ${markdownText(step.title)}`);
    if (step.note) lines.push('', `*${markdownText(step.note)}*`);
    for (const slug of step.pages) {
      const chapter = known.get(slug);
      if (!chapter) continue;
      lines.push('', `### [${markdownText(chapter.title)}](${pageUrl(handbook.site, chapter.id)})`, '');
      const earlier = listedUnder.get(chapter.id);
      if (earlier !== undefined) {
        lines.push(`Its tasks are listed under “${markdownText(earlier)}”.`);
        continue;
      }
      listedUnder.set(chapter.id, step.title);
      if (!chapter.items.length) {
        lines.push('This page has no checklist: read it.');
        continue;
      }
      counts.chapters++;
      for (const item of chapter.items) {
        const done = isDone(record, chapter.id, item.id);
        counts.items++;
        if (done) counts.ticked++;
        lines.push(`- [${done ? 'x' : ' '}] [${linkText(item.text)}](${itemUrl(handbook.site, chapter.id, item.id)})`);
      }
    }
  }
  return { markdown: `${lines.join('\n')}\n`, counts };
}

// ---------------------------------------------------------------------------------------------
// Tracker links

export type TrackerSettings = NonNullable<HandbookSettings['tracker']>;

export const TRACKER_NAMES: Record<TrackerSettings['kind'], string> = { github: 'GitHub', gitlab: 'GitLab' };

/**
 * The longest new-issue address a link may carry. GitHub answers 414 above 8,191 bytes (documented in
 * github/docs#4537, the figure in github/docs#5136); a self-managed GitLab sits behind nginx, whose
 * default `large_client_header_buffers 4 8k` refuses a request line over 8 KB with 414 (Omnibus GitLab
 * does not raise it), and Puma behind it takes query strings up to 10 KB. 8,000 characters of
 * percent-encoded ASCII stays under both with room for the request line around it.
 */
export const MAX_TRACKER_URL_LENGTH = 8_000;

/** The project's new-issue form: GitHub's /issues/new, GitLab's /-/issues/new. */
export const newIssueUrl = (tracker: TrackerSettings): string => `${tracker.projectUrl}${tracker.kind === 'github' ? '/issues/new' : '/-/issues/new'}`;

/**
 * The new-issue form with the title and body filled in (GitHub: `title`, `body`; GitLab: `issue[title]`,
 * `issue[description]`). When that address is longer than `max`, the link carries the title alone and
 * `withBody` is false: the reader pastes the body into the form.
 */
export function trackerIssueLink(tracker: TrackerSettings, title: string, body: string, max = MAX_TRACKER_URL_LENGTH): { href: string; withBody: boolean } {
  const [titleKey, bodyKey] = tracker.kind === 'github' ? ['title', 'body'] : ['issue[title]', 'issue[description]'];
  const link = (params: Record<string, string>) => `${newIssueUrl(tracker)}?${new URLSearchParams(params).toString()}`;
  const full = link({ [titleKey]: title, [bodyKey]: body });
  return full.length <= max ? { href: full, withBody: true } : { href: link({ [titleKey]: title }), withBody: false };
}

// ---------------------------------------------------------------------------------------------
// Pasting a task list back

/**
 * The most text a paste reads. A task list of every checklist item in the handbook, with its links, is
 * about 200 KB; anything far beyond is not an issue's text, and is refused before it is read.
 */
export const MAX_PASTE_BYTES = 1_000_000;

export type PasteResult =
  | {
      ok: true;
      /** The ticked tasks as a record of ticks made now: merged, they tick and never untick. */
      record: ProgressRecord;
      summary: ImportSummary;
      /** Tasks of this handbook left unticked in the text (they change nothing). */
      unticked: number;
      /** Task lines that are not items of this handbook. */
      unknownLines: number;
    }
  | { ok: false; error: string };

// A task-list line as GitHub, GitLab and most trackers write it: "- [x] …", "* [X] …", "1. [ ] …", "+ [~] …"
// (GitLab's "not applicable" counts as not done). Bounded quantifiers only, so a hostile line cannot make it slow.
const TASK = /^[ \t]{0,12}(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX~])\](?:[ \t]+(.*))?$/;
// A Markdown link's target: "[words](https://…/devops/containers/)". No bracket inside, so each
// attempt stops at the next one and a hostile line is read in linear time.
const LINK_TARGET = /\]\((https?:\/\/[^\s()<>[\]"']{1,2000})\)/;
const ADDRESS = /^https?:\/\/[^\s()<>[\]"'#]+$/;

/**
 * A link to a checklist item in a task's text: its anchor ("check--devops--containers--non-root-image")
 * and the address before it, if any. Found with indexOf rather than one regular expression, so a line
 * full of addresses cannot make it slow.
 */
function itemLink(words: string): { anchor: string; url: string | null } | null {
  const at = words.indexOf('#check--');
  if (at < 0) return null;
  const anchor = /^#(check--[A-Za-z0-9-]{1,300})/.exec(words.slice(at, at + 310))?.[1];
  if (!anchor) return null;
  const start = words.lastIndexOf('http', at);
  const url = start >= 0 && at - start <= 2000 && ADDRESS.test(words.slice(start, at)) ? words.slice(start, at) : null;
  return { anchor, url };
}

/** Text compared by its letters and digits alone: marks, quotes, escapes and spacing never stop a match. */
const comparable = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** A line without its Markdown: heading marks, emphasis, link targets, escapes. */
const withoutMarkdown = (line: string) =>
  line
    .replace(/^[ \t]{0,12}#{1,6}[ \t]+/, '')
    .replace(/\]\([^()[\]]{0,2000}\)/g, ']')
    .replace(/\\(.)/g, '$1');

/**
 * The handbook address an item link was made under: the link without its page's path. For a page this
 * handbook does not have, its last two segments (checklists live on pages such as devops/containers).
 */
function linkSite(url: string, chapter: string | undefined): string | null {
  try {
    const { origin, pathname } = new URL(url);
    const page = chapter ? `/${chapter}/` : /\/[^/]+\/[^/]+\/?$/.exec(pathname)?.[0];
    return `${origin}${page && pathname.endsWith(page) ? pathname.slice(0, pathname.length - page.length + 1) : '/'}`;
  } catch {
    return null;
  }
}

/**
 * Reads the ticks of a pasted task list: an onboarding issue's Markdown, the same issue copied after a
 * tracker dropped its links, or a task list from anywhere whose lines are this handbook's items.
 * `now` stamps the ticks: pasting them is the reader's change, made now.
 */
export function parseTaskList(text: string, site: string, chapters: readonly CatalogChapter[], now: string): PasteResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_PASTE_BYTES) return { ok: false, error: pasteProblemText({ kind: 'too-large', bytes, max: MAX_PASTE_BYTES }) };
  if (!text.trim()) return { ok: false, error: pasteProblemText({ kind: 'empty' }) };

  const byAnchor = new Map<string, { chapter: string; item: string }>();
  const byText = new Map<string, Map<string, string>>();
  const everywhere = new Map<string, { chapter: string; item: string } | null>();
  for (const chapter of chapters) {
    const texts = new Map<string, string>();
    for (const item of chapter.items) {
      byAnchor.set(checklistItemId(chapter.id, item.id), { chapter: chapter.id, item: item.id });
      const key = comparable(plainInline(item.text));
      texts.set(key, item.id);
      // The same words in two chapters match neither without a heading to say which.
      everywhere.set(key, everywhere.has(key) ? null : { chapter: chapter.id, item: item.id });
    }
    byText.set(chapter.id, texts);
  }
  const titles = chapters.map((chapter) => ({ chapter, title: comparable(chapter.title) }));
  const chapterOfHeading = (line: string): string | null => {
    const target = LINK_TARGET.exec(line)?.[1];
    if (target) {
      const path = (() => {
        try {
          return new URL(target).pathname;
        } catch {
          return '';
        }
      })();
      const linked = chapters.find((chapter) => path.endsWith(`/${chapter.id}/`));
      if (linked) return linked.id;
    }
    // A heading as words: "### Containers and orchestration", or the progress report's "…: 3 of 9".
    const plain = withoutMarkdown(line);
    const words = comparable(plain);
    if (!words) return null;
    const titled = titles.find(({ title, chapter }) => words === title || (words.startsWith(`${title} `) && plain.includes(`${chapter.title}:`)));
    return titled?.chapter.id ?? null;
  };

  let record = emptyRecord();
  let tasks = 0;
  const left: { chapter: string; item: string }[] = [];
  let unknownLines = 0;
  let otherSite: string | null = null;
  let linkedSite: string | null = null;
  let current: string | null = null;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const task = TASK.exec(line);
    if (!task) {
      current = chapterOfHeading(line) ?? current;
      continue;
    }
    tasks++;
    const done = task[1] === 'x' || task[1] === 'X';
    const words = task[2] ?? '';
    const link = itemLink(words);
    let found = link ? byAnchor.get(link.anchor) : undefined;
    const from = link?.url ? linkSite(link.url, found?.chapter) : null;
    if (from) {
      if (sameSite(from, site)) linkedSite ??= from;
      else otherSite ??= from;
    }
    if (!found) {
      const key = comparable(withoutMarkdown(words));
      const inChapter = current ? byText.get(current)?.get(key) : undefined;
      found = inChapter ? { chapter: current!, item: inChapter } : (everywhere.get(key) ?? undefined);
    }
    if (!found) {
      unknownLines++;
      continue;
    }
    if (done) record = applyChange(record, { type: 'tick', chapter: found.chapter, item: found.item, done: true }, now);
    else left.push(found);
  }

  const ticks = [...record.items.values()].reduce((sum, items) => sum + items.size, 0);
  // An item unticked in one place and ticked in another (a page listed twice) counts as ticked.
  const unticked = new Set(left.filter(({ chapter, item }) => !isDone(record, chapter, item)).map(({ chapter, item }) => `${chapter}#${item}`)).size;
  if (!tasks) return { ok: false, error: pasteProblemText({ kind: 'no-tasks' }) };
  if (!ticks) return { ok: false, error: pasteProblemText({ kind: 'no-ticks', unticked, unknownLines, otherSite }) };
  return {
    ok: true,
    record,
    summary: { site: otherSite ?? linkedSite, exportedAt: null, name: null, chapters: record.items.size, ticks, answers: 0 },
    unticked,
    unknownLines,
  };
}
