/**
 * What the page says about saved progress: each storage state, import and export outcome gets a true
 * message (what happened, what was kept, what to do). Pure text, so it is tested like the rest.
 */
import type { ImportSummary } from './progress-transfer';
import type { StorageProblem } from './progress-store';

export const PROBLEM_NOTICES: Record<StorageProblem, string> = {
  blocked:
    'Your browser is not letting this site keep data (site data blocked, or a private window that refuses it), so your ticks and answers last only while this page is open. Allow site data for this site, or export your progress before you leave.',
  full: 'Your browser’s storage for this site is full, so your latest ticks and answers are kept only while this page is open. Free some space (clear other data of this site, or other sites’ data) and they are saved with your next change; or export your progress now.',
  newer:
    'Progress on this device was saved by a newer version of this handbook, which this version cannot read. It is left untouched; ticks and answers you make here last only while this page is open.',
  limit:
    'Your progress has reached the most this handbook keeps (ids of many removed items, or a very large import). Your latest change is kept only while this page is open: export your progress, reset chapters you no longer need, and import it again.',
};

export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Ends every refusal: the reader's progress is as it was. */
export const NOTHING_CHANGED = 'Nothing was changed.';

/** "on 21 November 2026" from an ISO time. */
const onDay = (iso: string) => `on ${new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })}`;

export const damagedNotice = (savedAt: string, reason: string): string =>
  `Saved progress that could not be read was set aside ${onDay(savedAt)} (${reason}). It is kept here until you dismiss it: download it if you want to recover ticks by hand.`;

/** What the import will bring, said before the reader chooses merge or replace. */
export function importSummaryText(fileName: string, summary: ImportSummary, thisSite: string, fromThisSite: boolean, source: 'file' | 'link' = 'file'): string {
  const parts = [`${fileName} holds ${plural(summary.ticks, 'ticked item')} and ${plural(summary.answers, 'answered question')} in ${plural(summary.chapters, 'chapter')}`];
  if (summary.exportedAt) parts.push(`, exported ${summary.exportedAt.slice(0, 10)}`);
  if (summary.name) parts.push(` by ${summary.name}`);
  parts.push('.');
  if (!fromThisSite) {
    parts.push(
      summary.site
        ? ` It was exported from another handbook, ${summary.site}, not from this one (${thisSite}); bring it here only if you meant to.`
        : ` It does not say which handbook it came from; bring it here only if you meant to.`,
    );
  }
  parts.push(` Merge keeps both (where both changed an item, the later change wins); replace makes your progress exactly the ${source}’s.`);
  return parts.join('');
}

/** After an import: what happened, and whether it is saved. */
export function importDoneText(how: 'merge' | 'replace', problem: StorageProblem | null, source: 'file' | 'link' | 'task list' = 'file'): string {
  const done = how === 'merge' ? `The ${source}’s progress was merged into yours` : `Your progress was replaced by the ${source}’s`;
  if (!problem) return `Imported: ${done.charAt(0).toLowerCase()}${done.slice(1)}, and saved in this browser.`;
  return `${done} for this visit only: it could not be saved. ${PROBLEM_NOTICES[problem]}`;
}

/** After an export: what the file holds, and what it does not. */
export function exportDoneText(fileName: string, ticks: number, answers: number, problem: StorageProblem | null): string {
  const held = `${plural(ticks, 'ticked item')} and ${plural(answers, 'answer')}`;
  if (problem === 'newer') {
    return `Exported ${fileName} with only this visit’s ${held}: the progress saved on this device was written by a newer version of the handbook, which this version cannot read. Export it from the newer version.`;
  }
  if (problem === 'blocked') return `Exported ${fileName} with ${held} from this visit; your browser is not keeping them, so keep the file.`;
  return `Exported ${fileName} with ${held}.`;
}

/** The confirmation before a chapter's checklist is reset, naming ticks the page does not show. */
export function resetConfirmText(unknownIds: readonly string[]): string {
  const base = 'Clear every tick in this chapter’s checklist?';
  if (!unknownIds.length) return base;
  const shown = unknownIds.slice(0, 5).join(', ') + (unknownIds.length > 5 ? ', …' : '');
  return `${base} This also removes ${plural(unknownIds.length, 'tick')} of items this version no longer has (${shown}).`;
}
