/**
 * Progress export files and their import. Import is strict: anything that is not a complete progress
 * export of a handbook is refused with a message a reader can act on, and nothing is changed until
 * the whole file has been read. Files from version 2 of the format (before answers and unticks were
 * kept) import as they are.
 */
import { LIMITS, PROGRESS_VERSION, answerCount, readRecord, shortId, tickCount, toStoredData, type ProgressRecord } from './progress-record';
import { NOTHING_CHANGED } from './progress-messages';

/** Marks an exported file as ours, so a foreign JSON file is refused rather than half-read. */
export const EXPORT_FORMAT = 'backend-devops-mlops-handbook/progress';

/**
 * Largest file import reads. Sized from LIMITS: a record at every limit, with the longest ids,
 * exports to less than this (tests/unit/progress-transfer.test.ts proves it), so whatever the store
 * holds can be exported and imported again.
 */
export const MAX_IMPORT_BYTES = 8_000_000;
export const MAX_NAME_LENGTH = 80;

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof PROGRESS_VERSION;
  /** The address of the handbook it came from, with its base path: "https://intranet.example/handbook/". */
  site: string;
  exportedAt: string;
  /** The name the reader gave, for a mentor's or lead's team view. */
  name?: string;
  items: ReturnType<typeof toStoredData>['items'];
  answers: ReturnType<typeof toStoredData>['answers'];
}

/** A name as entered: trimmed, control characters dropped, at most MAX_NAME_LENGTH characters. */
export function cleanName(name: string | undefined): string | undefined {
  const clean = [...(name ?? '').replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim()].slice(0, MAX_NAME_LENGTH).join('');
  return clean || undefined;
}

export function toExportFile(record: ProgressRecord, site: string, exportedAt: string, name?: string): ExportFile {
  const data = toStoredData(record);
  const cleaned = cleanName(name);
  return { format: EXPORT_FORMAT, version: PROGRESS_VERSION, site, exportedAt, ...(cleaned ? { name: cleaned } : {}), items: data.items, answers: data.answers };
}

/** The file's text: readable (a chapter per block, an entry per line) and compact enough for LIMITS. */
export function exportText(file: ExportFile): string {
  const block = (section: Record<string, Record<string, unknown>>) => {
    const chapters = Object.keys(section);
    if (!chapters.length) return '{}';
    return `{\n${chapters
      .map((chapter) => {
        const entries = Object.keys(section[chapter]!).map((id) => `      ${JSON.stringify(id)}: ${JSON.stringify(section[chapter]![id])}`);
        return `    ${JSON.stringify(chapter)}: {\n${entries.join(',\n')}\n    }`;
      })
      .join(',\n')}\n  }`;
  };
  const head = Object.entries(file)
    .filter(([key]) => key !== 'items' && key !== 'answers')
    .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `{\n${[...head, `  "items": ${block(file.items)}`, `  "answers": ${block(file.answers)}`].join(',\n')}\n}\n`;
}

/** A file name that sorts by date and says what it is: handbook-progress-2026-11-21.json */
export const exportFileName = (exportedAt: string): string => `handbook-progress-${exportedAt.slice(0, 10)}.json`;

export interface ImportSummary {
  site: string | null;
  exportedAt: string | null;
  name: string | null;
  chapters: number;
  ticks: number;
  answers: number;
}

export type ImportResult = { ok: true; record: ProgressRecord; summary: ImportSummary } | { ok: false; error: string };

/** How every refusal ends: an import changes nothing until the reader chooses merge or replace. */

/** Checks the size before a file is read: a huge file is refused without reading it. */
export function checkImportSize(bytes: number): string | null {
  if (bytes <= MAX_IMPORT_BYTES) return null;
  const megabytes = (bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0);
  return `This file is ${megabytes} MB, far larger than a progress export can be (at most ${MAX_IMPORT_BYTES / 1_000_000} MB), so it was not read. ${NOTHING_CHANGED}`;
}

export function parseImport(text: string): ImportResult {
  const tooLarge = checkImportSize(new TextEncoder().encode(text).length);
  if (tooLarge) return { ok: false, error: tooLarge };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: `This file is not valid JSON, so it is not a progress export (it may be cut short or not the file you meant). ${NOTHING_CHANGED}` };
  }
  const file = (typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  if (file.format !== EXPORT_FORMAT) {
    return { ok: false, error: `This is not a progress export of this handbook: it lacks the handbook’s format marker. Export your progress from the handbook’s progress page and import that file. ${NOTHING_CHANGED}` };
  }
  const result = readRecord({ version: file.version, items: file.items, answers: file.answers, updatedAt: file.exportedAt }, 'strict');
  if (!result.ok) {
    if (result.reason === 'newer') {
      return { ok: false, error: `This file was exported by a newer version of the handbook (${result.problem.message}). Update this handbook, or import the file where it was exported. ${NOTHING_CHANGED}` };
    }
    if (result.reason === 'too-large') {
      return { ok: false, error: `This file holds more than a progress record may (${result.problem.message}; limits: ${LIMITS.entries} entries, ${LIMITS.itemsPerChapter} items per chapter). ${NOTHING_CHANGED}` };
    }
    const place = result.problem.path ? ` at “${result.problem.path}”` : '';
    return { ok: false, error: `This progress export is damaged${place}: ${result.problem.message}. ${NOTHING_CHANGED}` };
  }
  return {
    ok: true,
    record: result.record,
    summary: {
      site: typeof file.site === 'string' ? shortText(file.site, 200) : null,
      exportedAt: typeof file.exportedAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(file.exportedAt) ? file.exportedAt : null,
      name: cleanName(typeof file.name === 'string' ? file.name : undefined) ?? null,
      chapters: new Set([...result.record.items.keys(), ...result.record.answers.keys()]).size,
      ticks: tickCount(result.record),
      answers: answerCount(result.record),
    },
  };
}

/** Text from a file, safe to show: control characters dropped, cut at `max` characters. */
function shortText(value: string, max: number): string {
  const clean = [...value.replace(/\p{Cc}/gu, '')];
  return clean.length > max ? `${clean.slice(0, max - 1).join('')}…` : clean.join('');
}

/** Whether an export's `site` is this handbook (same origin and base path). */
export const sameSite = (fileSite: string | null, thisSite: string): boolean =>
  fileSite !== null && fileSite.replace(/\/?$/, '/') === thisSite.replace(/\/?$/, '/');

export { shortId };
