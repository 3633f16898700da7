/**
 * What the path page and the progress page say about onboarding issues (src/lib/onboarding-issue.ts):
 * kept apart from progress-messages.ts, which every chapter page loads, since only those two pages
 * need these.
 */
import { NOTHING_CHANGED, plural } from './progress-messages';

/** What the path page says once it has made the issue's Markdown, and what the tracker link does. */
export function issueReadyText(counts: { items: number; ticked: number; chapters: number }, copied: boolean, tracker: { name: string; withBody: boolean } | null): string {
  const held = `${plural(counts.items, 'task')} in ${plural(counts.chapters, 'chapter')}${counts.ticked ? `, ${counts.ticked} ticked as in your progress` : ''}`;
  const parts = [copied ? `Copied the issue’s Markdown: ${held}.` : `Your browser did not allow copying: the issue’s Markdown (${held}) is selected below, copy it by hand.`];
  if (!tracker) parts.push(' Paste it into a new issue in your team’s tracker.');
  else if (tracker.withBody) parts.push(` The link below opens a new ${tracker.name} issue with its title and this text filled in.`);
  else parts.push(` ${ISSUE_TOO_LONG} The link below opens ${tracker.name}’s new-issue form with the title filled in.`);
  return parts.join('');
}

export const ISSUE_TOO_LONG = 'The body is too long for a link: copy it and paste it into the form.';

export type PasteProblem =
  | { kind: 'too-large'; bytes: number; max: number }
  | { kind: 'empty' }
  | { kind: 'no-tasks' }
  | { kind: 'no-ticks'; unticked: number; unknownLines: number; otherSite: string | null };

/** Why a pasted task list brings nothing in. */
export function pasteProblemText(problem: PasteProblem): string {
  switch (problem.kind) {
    case 'too-large':
      return `This text is ${(problem.bytes / 1_000_000).toFixed(1)} MB, far more than an issue’s task list can be (at most ${problem.max / 1_000_000} MB), so it was not read. ${NOTHING_CHANGED}`;
    case 'empty':
      return `There is nothing to read: paste the text of an onboarding issue, or a task list whose lines are this handbook’s checklist items. ${NOTHING_CHANGED}`;
    case 'no-tasks':
      return `This text has no task list: paste the issue’s Markdown, whose lines read like “- [x] Your service’s image runs as a non-root user”. ${NOTHING_CHANGED}`;
    case 'no-ticks': {
      const details = [
        ...(problem.unticked ? [`${plural(problem.unticked, 'item')} of this handbook ${problem.unticked === 1 ? 'is' : 'are'} in it unticked`] : []),
        ...(problem.unknownLines ? [linesNotItems(problem.unknownLines)] : []),
      ];
      const elsewhere = problem.otherSite ? ` Its links point to another handbook, ${problem.otherSite}.` : '';
      return `The task list ticks none of this handbook’s checklist items${details.length ? ` (${details.join('; ')})` : ''}.${elsewhere} ${NOTHING_CHANGED}`;
    }
  }
}

const linesNotItems = (count: number) => `${plural(count, 'line')} ${count === 1 ? 'was not an item' : 'were not items'} of this handbook`;

/** What a pasted task list will bring, said before the reader merges. */
export function pasteSummaryText(
  counts: { ticks: number; newTicks: number; chapters: number; unticked: number; unknownLines: number },
  site: string | null,
  thisSite: string,
  fromThisSite: boolean,
): string {
  const already = counts.ticks - counts.newTicks;
  const state =
    counts.ticks === 1
      ? already ? 'ticked here already' : 'not ticked here yet'
      : already === 0 ? 'none of them ticked here yet' : already === counts.ticks ? 'all of them ticked here already' : `${already} of them ticked here already`;
  const parts = [`The pasted task list ticks ${plural(counts.ticks, 'item')} in ${plural(counts.chapters, 'chapter')}, ${state}.`];
  if (counts.unticked) parts.push(` Its ${plural(counts.unticked, 'unticked item')} change${counts.unticked === 1 ? 's' : ''} nothing: a task list does not say when a box was unticked.`);
  if (counts.unknownLines) parts.push(` ${linesNotItems(counts.unknownLines)}.`);
  if (!fromThisSite && site) parts.push(` Its links point to another handbook, ${site}, not to this one (${thisSite}); bring its ticks here only if you meant to.`);
  parts.push(' Merging adds these ticks to your progress and removes none.');
  return parts.join('');
}
