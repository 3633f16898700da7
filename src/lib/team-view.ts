/**
 * The team view: a lead drops the progress exports of several people and sees one matrix of who is
 * where. Pure logic, no DOM: reading a cohort of files (each with the import rules of
 * progress-transfer.ts), the matrix for a set of chapters, sorting, and CSV. Nothing leaves the browser.
 */
import type { CatalogChapter } from './catalog';
import { countCorrect, countDone, lastActivity, shortId, type ProgressRecord } from './progress-record';
import { parseImport, sameSite } from './progress-transfer';
import { mergeDevices } from './sync';

/** A file as the page read it. */
export interface CohortFile {
  fileName: string;
  text: string;
}

export interface Person {
  /** The name given at export (cleaned, at most 80 characters), or the file name without ".json", shortened. */
  name: string;
  fileName: string;
  /** The handbook the file came from, when it says. */
  site: string | null;
  /** From another handbook (site or base path): shown apart, never mixed in. */
  foreign: boolean;
  record: ProgressRecord;
}

export interface Refused {
  fileName: string;
  reason: string;
}

export interface Cohort {
  people: Person[];
  foreign: Person[];
  refused: Refused[];
}

const baseName = (fileName: string) => fileName.replace(/\.json$/i, '') || fileName;

/**
 * A person as progress sync stores them: their device files merged (src/lib/sync.ts). Null when none
 * of the files can be read. `fileName` is empty: the person is named by the server, not by a file.
 */
export function syncedPerson(user: string, deviceTexts: readonly string[]): Person | null {
  const { record } = mergeDevices(deviceTexts);
  return record ? { name: shortId(user), fileName: '', site: null, foreign: false, record } : null;
}

/** Reads every file with the import rules; a bad file is listed with its reason and stops nothing. */
export function readCohort(files: readonly CohortFile[], thisSite: string): Cohort {
  const cohort: Cohort = { people: [], foreign: [], refused: [] };
  for (const file of files) {
    const result = parseImport(file.text);
    if (!result.ok) {
      cohort.refused.push({ fileName: file.fileName, reason: result.error });
      continue;
    }
    const foreign = !sameSite(result.summary.site, thisSite);
    const person: Person = { name: result.summary.name ?? shortId(baseName(file.fileName)), fileName: file.fileName, site: result.summary.site, foreign, record: result.record };
    (foreign ? cohort.foreign : cohort.people).push(person);
  }
  return cohort;
}

export interface Cell {
  done: number;
  total: number;
  correct: number;
  questions: number;
}

export interface Row {
  person: Person;
  cells: Cell[];
  done: number;
  total: number;
  correct: number;
  questions: number;
  /** The time of the person's latest tick or answer, or null. */
  lastActive: string | null;
  /** No tick or answer for `stallDays` days before `now` (or none at all). */
  stalled: boolean;
}

export interface ChapterTotal {
  chapter: CatalogChapter;
  /** Ticks of everyone in this chapter, out of items × people. */
  done: number;
  total: number;
  /** People who ticked every item. */
  finished: number;
}

export interface Matrix {
  chapters: CatalogChapter[];
  rows: Row[];
  totals: ChapterTotal[];
}

const DAY = 24 * 3600 * 1000;

export function cohortMatrix(people: readonly Person[], chapters: readonly CatalogChapter[], now: Date, stallDays: number): Matrix {
  const rows = people.map((person): Row => {
    const cells = chapters.map((chapter) => {
      const itemIds = chapter.items.map((item) => item.id);
      const questionIds = chapter.questions.map((question) => question.id);
      return { done: countDone(person.record, chapter.id, itemIds), total: itemIds.length, correct: countCorrect(person.record, chapter.id, questionIds), questions: questionIds.length };
    });
    const sum = (key: keyof Cell) => cells.reduce((total, cell) => total + cell[key], 0);
    const lastActive = lastActivity(person.record);
    return {
      person,
      cells,
      done: sum('done'),
      total: sum('total'),
      correct: sum('correct'),
      questions: sum('questions'),
      lastActive,
      stalled: lastActive === null || now.getTime() - Date.parse(lastActive) > stallDays * DAY,
    };
  });
  const totals = chapters.map((chapter, index) => ({
    chapter,
    done: rows.reduce((total, row) => total + row.cells[index]!.done, 0),
    total: chapter.items.length * rows.length,
    finished: rows.filter((row) => row.cells[index]!.total > 0 && row.cells[index]!.done === row.cells[index]!.total).length,
  }));
  return { chapters: [...chapters], rows, totals };
}

/** What a column sorts by: the name, overall progress, last activity, or one chapter (its index). */
export type SortKey = { by: 'name' } | { by: 'progress' } | { by: 'last-active' } | { by: 'chapter'; index: number };

const share = (done: number, total: number) => (total ? done / total : 0);

export function sortRows(rows: readonly Row[], key: SortKey, direction: 'ascending' | 'descending'): Row[] {
  const value = (row: Row): string | number => {
    switch (key.by) {
      case 'name':
        return row.person.name.toLocaleLowerCase();
      case 'progress':
        return share(row.done, row.total);
      case 'last-active':
        return row.lastActive ?? '';
      case 'chapter':
        return share(row.cells[key.index]?.done ?? 0, row.cells[key.index]?.total ?? 0);
    }
  };
  const sign = direction === 'ascending' ? 1 : -1;
  // Ties keep a stable, readable order: by name, then file.
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x !== y) return (x < y ? -1 : 1) * sign;
    return a.person.name.localeCompare(b.person.name) || a.person.fileName.localeCompare(b.person.fileName);
  });
}

/**
 * One CSV field (RFC 4180). A field a spreadsheet would run as a formula (=, +, -, @, tab, return) gets a
 * leading apostrophe: names and ids come from files anyone can write.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function matrixCsv(matrix: Matrix): string {
  const header = ['Name', 'File', ...matrix.chapters.flatMap((chapter) => [`${chapter.title}: ticks`, `${chapter.title}: right answers`]), 'Ticks', 'Items', 'Right answers', 'Questions', 'Last active', 'Stalled'];
  const lines = matrix.rows.map((row) => [
    row.person.name,
    row.person.fileName,
    // "3 of 8", not "3/8", which spreadsheets read as a date.
    ...row.cells.flatMap((cell) => [`${cell.done} of ${cell.total}`, cell.questions ? `${cell.correct} of ${cell.questions}` : '']),
    row.done,
    row.total,
    row.correct,
    row.questions,
    row.lastActive ?? '',
    row.stalled ? 'yes' : 'no',
  ]);
  return [header, ...lines].map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}
