/**
 * The catalog of every checklist in the handbook, built from the content at build time and embedded
 * in the progress page: the page's counts and the Markdown report are computed from it.
 */
import { TRACKS, trackLabel } from './tracks';
import { countDone, type ProgressRecord } from './progress';
import { percent } from './format';

export interface CatalogChapter {
  id: string;
  title: string;
  href: string;
  track: string;
  order: number;
  items: { id: string; text: string }[];
}

export interface CatalogGroup {
  track: string;
  label: string;
  chapters: CatalogChapter[];
}

/**
 * Groups chapters by track in the sidebar's order, each group in learning order; unknown tracks last.
 * The team's group takes the label from the team settings.
 */
export function groupCatalog(chapters: readonly CatalogChapter[], teamLabel?: string): CatalogGroup[] {
  const known: string[] = TRACKS.map((track) => track.id);
  const tracks = [...new Set(chapters.map((chapter) => chapter.track))].sort((a, b) => {
    const rank = (track: string) => (known.includes(track) ? known.indexOf(track) : known.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  return tracks.map((track) => ({
    track,
    label: track === 'team' && teamLabel ? teamLabel : trackLabel(track),
    chapters: chapters
      .filter((chapter) => chapter.track === track)
      .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title)),
  }));
}

export interface Totals {
  done: number;
  total: number;
  percent: number;
}

/** Counts only the items the catalog knows: ticks of removed items are kept but not counted. */
export function totals(chapters: readonly CatalogChapter[], record: ProgressRecord): Totals {
  let done = 0;
  let total = 0;
  for (const chapter of chapters) {
    done += countDone(record, chapter.id, chapter.items.map((item) => item.id));
    total += chapter.items.length;
  }
  return { done, total, percent: percent(done, total) };
}

/** A report a learner pastes into an onboarding issue or sends to a mentor. */
export function markdownReport(
  groups: readonly CatalogGroup[],
  record: ProgressRecord,
  site: { title: string; origin: string },
  now: Date,
): string {
  const all = groups.flatMap((group) => group.chapters);
  const overall = totals(all, record);
  const lines = [
    `# ${site.title}: my progress`,
    '',
    `${overall.done} of ${overall.total} checklist items done (${overall.percent}%), as of ${now.toISOString().slice(0, 10)}.`,
  ];
  for (const group of groups) {
    lines.push('', `## ${group.label}`);
    for (const chapter of group.chapters) {
      const { done, total } = totals([chapter], record);
      lines.push('', `### [${chapter.title}](${site.origin}${chapter.href}): ${done} of ${total}`, '');
      for (const item of chapter.items) {
        const ticked = Boolean(record.items[chapter.id]?.[item.id]);
        lines.push(`- [${ticked ? 'x' : ' '}] ${item.text}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
