/**
 * What the progress page counts and what the reader hands a mentor: totals over the checklist
 * catalog, ticks of items this version no longer shows, and the Markdown report.
 */
import { catalogChapters, type CatalogChapter, type CatalogGroup } from './catalog';
import { percent } from './display';
import { countCorrect, countDone, doneIds, isDone, answerOf, shortId, type ProgressRecord } from './progress-record';

export interface Totals {
  done: number;
  total: number;
  percent: number;
  correct: number;
  questions: number;
}

/** Counts only what the catalog knows: ticks of removed items are kept but not counted. */
export function totals(chapters: readonly CatalogChapter[], record: ProgressRecord): Totals {
  let done = 0;
  let total = 0;
  let correct = 0;
  let questions = 0;
  for (const chapter of chapters) {
    done += countDone(record, chapter.id, chapter.items.map((item) => item.id));
    total += chapter.items.length;
    correct += countCorrect(record, chapter.id, chapter.questions.map((question) => question.id));
    questions += chapter.questions.length;
  }
  return { done, total, percent: percent(done, total), correct, questions };
}

export interface UnknownTicks {
  chapter: string;
  /** The chapter's title when this version still has the chapter. */
  title: string | null;
  ids: string[];
}

/** Ticks this version does not show: removed items of known chapters, and chapters it no longer has. */
export function unknownTicks(groups: readonly CatalogGroup[], record: ProgressRecord): UnknownTicks[] {
  const known = new Map(catalogChapters(groups).map((chapter) => [chapter.id, chapter]));
  const found: UnknownTicks[] = [];
  for (const chapter of record.items.keys()) {
    const page = known.get(chapter);
    const ids = doneIds(record, chapter).filter((id) => !page?.items.some((item) => item.id === id));
    if (ids.length) found.push({ chapter, title: page?.title ?? null, ids: ids.sort() });
  }
  return found.sort((a, b) => (a.chapter < b.chapter ? -1 : 1));
}

/** Ticked ids of one chapter that its checklist no longer has. */
export const unknownIdsOf = (chapter: CatalogChapter, record: ProgressRecord): string[] =>
  doneIds(record, chapter.id).filter((id) => !chapter.items.some((item) => item.id === id));

/** Markdown-safe text for a list item or heading (the report and onboarding issues are pasted into trackers). */
export const markdownText = (text: string): string => text.replace(/([\\[\]*_<>|])/g, '\\$1');

/** A report a learner pastes into an onboarding issue or sends to a mentor. */
export function markdownReport(groups: readonly CatalogGroup[], record: ProgressRecord, site: { title: string; origin: string }, now: Date): string {
  const overall = totals(catalogChapters(groups), record);
  const lines = [
    `# ${markdownText(site.title)}: my progress`,
    '',
    `${overall.done} of ${overall.total} checklist items done (${overall.percent}%)` +
      (overall.questions ? `, ${overall.correct} of ${overall.questions} knowledge-check questions answered correctly` : '') +
      `, as of ${now.toISOString().slice(0, 10)}.`,
  ];
  for (const group of groups) {
    lines.push('', `## ${markdownText(group.label)}`);
    for (const chapter of group.chapters) {
      const counts = totals([chapter], record);
      const quiz = chapter.questions.length ? `, knowledge check ${counts.correct} of ${counts.questions} right` : '';
      lines.push('', `### [${markdownText(chapter.title)}](${site.origin}${chapter.href}): ${counts.done} of ${counts.total}${quiz}`, '');
      for (const item of chapter.items) lines.push(`- [${isDone(record, chapter.id, item.id) ? 'x' : ' '}] ${item.text}`);
      const unanswered = chapter.questions.filter((question) => !answerOf(record, chapter.id, question.id));
      if (chapter.questions.length && unanswered.length) lines.push('', `${unanswered.length} of ${chapter.questions.length} questions not answered yet.`);
    }
  }
  const unknown = unknownTicks(groups, record);
  if (unknown.length) {
    lines.push('', '## Ticks this version of the handbook no longer shows', '');
    for (const entry of unknown) lines.push(`- ${markdownText(entry.title ?? entry.chapter)}: ${entry.ids.map((id) => `\`${shortId(id).replaceAll('`', '')}\``).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
