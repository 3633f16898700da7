/** How numbers, durations and dates read on the page and in reports. */

/** 45 -> "45 min", 90 -> "1 h 30 min", 240 -> "4 h". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** "3 of 8 done" */
export const doneText = (done: number, total: number): string => `${done} of ${total} done`;

/** Whole percent, never NaN: 0 items is 0%. */
export const percent = (done: number, total: number): number => (total ? Math.round((done / total) * 100) : 0);

/** A date as the reader sees it in the page meta, e.g. "21 November 2026" (UTC, so builds agree). */
export const formatDate = (date: Date): string =>
  date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
