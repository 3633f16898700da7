/**
 * Export and import of progress files. Import is strict: anything that is not a progress export of
 * this handbook is refused with a message a reader can act on, and the caller's progress is only
 * touched once the whole file has been validated.
 */
import {
  EXPORT_FORMAT,
  MAX_IMPORT_BYTES,
  PROGRESS_VERSION,
  parseRecord,
  tickCount,
  type ExportFile,
  type ProgressRecord,
} from './progress';

export function toExportFile(record: ProgressRecord, site: string, exportedAt: string): ExportFile {
  return { format: EXPORT_FORMAT, version: PROGRESS_VERSION, site, exportedAt, items: record.items };
}

/** A file name that sorts by date and says what it is: handbook-progress-2026-11-21.json */
export const exportFileName = (exportedAt: string): string => `handbook-progress-${exportedAt.slice(0, 10)}.json`;

export interface ImportSummary {
  site: string | null;
  exportedAt: string | null;
  chapters: number;
  ticks: number;
}

export type ImportResult =
  | { ok: true; record: ProgressRecord; summary: ImportSummary }
  | { ok: false; error: string };

export function parseImport(text: string): ImportResult {
  if (text.length > MAX_IMPORT_BYTES) {
    return { ok: false, error: 'This file is too large to be a progress export (over 1 MB). Nothing was changed.' };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This file is not valid JSON, so it cannot be a progress export. Nothing was changed.' };
  }
  const file = data as Partial<ExportFile> | null;
  if (typeof file !== 'object' || file === null || file.format !== EXPORT_FORMAT) {
    return {
      ok: false,
      error: 'This is not a progress export from this handbook (it lacks the handbook’s format marker). Nothing was changed.',
    };
  }
  const parsed = parseRecord({ version: file.version, items: file.items, updatedAt: file.exportedAt });
  if (!parsed.ok) {
    const error =
      parsed.reason === 'newer'
        ? `This file was exported by a newer version of the handbook (format ${parsed.detail}); this site reads up to version ${PROGRESS_VERSION}. Nothing was changed.`
        : `This progress export is damaged (problem at “${parsed.detail}”). Nothing was changed.`;
    return { ok: false, error };
  }
  return {
    ok: true,
    record: parsed.record,
    summary: {
      site: typeof file.site === 'string' ? file.site : null,
      exportedAt: typeof file.exportedAt === 'string' ? file.exportedAt : null,
      chapters: Object.keys(parsed.record.items).length,
      ticks: tickCount(parsed.record),
    },
  };
}
