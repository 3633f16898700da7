/**
 * The progress model: the one saved format that checklists, the progress page, export and import
 * share. Pure data in, data out: no DOM, no storage, no clock (callers pass `now`).
 *
 * Progress is keyed by chapter id + item id, never by position or wording, so editing, reordering
 * or adding checklist items loses nothing. Ids this build does not know are kept, because a
 * removed item may come back.
 */

export const PROGRESS_VERSION = 2;
/** Marks an exported file as ours, so a foreign JSON file is refused rather than half-read. */
export const EXPORT_FORMAT = 'backend-devops-mlops-handbook/progress';
/** Largest import file accepted: a full handbook's progress is a few kilobytes. */
export const MAX_IMPORT_BYTES = 1_000_000;

/** chapter id -> item id -> ISO time the item was ticked. An item that is absent is not done. */
export type ProgressItems = Record<string, Record<string, string>>;

export interface ProgressRecord {
  version: typeof PROGRESS_VERSION;
  items: ProgressItems;
  updatedAt: string | null;
}

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof PROGRESS_VERSION;
  site: string;
  exportedAt: string;
  items: ProgressItems;
}

export type ParseResult =
  | { ok: true; record: ProgressRecord }
  | { ok: false; reason: 'invalid' | 'newer'; detail: string };

export const emptyRecord = (): ProgressRecord => ({ version: PROGRESS_VERSION, items: {}, updatedAt: null });

/** One localStorage key per handbook: two handbooks on one origin (different base paths) never collide. */
export function storageKey(basePath: string): string {
  const trimmed = basePath.replace(/^\/+|\/+$/g, '');
  return `handbook-progress:/${trimmed ? `${trimmed}/` : ''}`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: string) => value.length > 0 && value.length <= 200;
const isTime = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** Validates version 2 items; returns the path of the first bad entry, or null. */
function findBadItem(items: unknown): string | null {
  if (!isObject(items)) return 'items';
  for (const [chapter, ticks] of Object.entries(items)) {
    if (!isId(chapter) || !isObject(ticks)) return `items.${chapter}`;
    for (const [item, time] of Object.entries(ticks)) {
      if (!isId(item) || !isTime(time)) return `items.${chapter}.${item}`;
    }
  }
  return null;
}

/**
 * Version 1 stored each chapter's ticked ids as a list, without times. Its ticks get the record's
 * own `updatedAt` (or the epoch) as their time: the best that is known of when they were made.
 */
function migrateV1(data: Record<string, unknown>): ParseResult {
  if (!isObject(data.items)) return { ok: false, reason: 'invalid', detail: 'items' };
  const time = isTime(data.updatedAt) ? data.updatedAt : new Date(0).toISOString();
  const items: ProgressItems = {};
  for (const [chapter, ids] of Object.entries(data.items)) {
    if (!isId(chapter) || !Array.isArray(ids)) return { ok: false, reason: 'invalid', detail: `items.${chapter}` };
    const ticks: Record<string, string> = {};
    for (const id of ids) {
      if (typeof id !== 'string' || !isId(id)) return { ok: false, reason: 'invalid', detail: `items.${chapter}` };
      ticks[id] = time;
    }
    if (ids.length) items[chapter] = ticks;
  }
  return { ok: true, record: { version: PROGRESS_VERSION, items, updatedAt: isTime(data.updatedAt) ? data.updatedAt : null } };
}

/** Reads any stored or exported shape into the current record, migrating older versions. */
export function parseRecord(data: unknown): ParseResult {
  if (!isObject(data)) return { ok: false, reason: 'invalid', detail: 'not an object' };
  const { version } = data;
  if (!Number.isInteger(version) || (version as number) < 1) return { ok: false, reason: 'invalid', detail: 'version' };
  if ((version as number) > PROGRESS_VERSION) return { ok: false, reason: 'newer', detail: `version ${version}` };
  if (version === 1) return migrateV1(data);
  const bad = findBadItem(data.items);
  if (bad) return { ok: false, reason: 'invalid', detail: bad };
  const updatedAt = isTime(data.updatedAt) ? data.updatedAt : null;
  return { ok: true, record: { version: PROGRESS_VERSION, items: structuredClone(data.items as ProgressItems), updatedAt } };
}

export type StoredState = { record: ProgressRecord; problem: null | 'corrupt' | 'newer' };

/** Reads the raw stored string. Never throws: damage is reported, and the visit starts empty. */
export function readStored(raw: string | null): StoredState {
  if (raw === null) return { record: emptyRecord(), problem: null };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { record: emptyRecord(), problem: 'corrupt' };
  }
  const parsed = parseRecord(data);
  if (parsed.ok) return { record: parsed.record, problem: null };
  return { record: emptyRecord(), problem: parsed.reason === 'newer' ? 'newer' : 'corrupt' };
}

export const isDone = (record: ProgressRecord, chapter: string, item: string): boolean =>
  Boolean(record.items[chapter]?.[item]);

export const countDone = (record: ProgressRecord, chapter: string, itemIds: readonly string[]): number =>
  itemIds.filter((id) => isDone(record, chapter, id)).length;

/** Ticks or unticks one item. Re-ticking keeps the original time. Returns a new record. */
export function setDone(record: ProgressRecord, chapter: string, item: string, done: boolean, now: string): ProgressRecord {
  if (isDone(record, chapter, item) === done) return record;
  const ticks = { ...record.items[chapter] };
  if (done) ticks[item] = now;
  else delete ticks[item];
  const items = { ...record.items, [chapter]: ticks };
  if (!Object.keys(ticks).length) delete items[chapter];
  return { ...record, items, updatedAt: now };
}

/** Clears every tick of one chapter, including ids this build no longer shows. */
export function resetChapter(record: ProgressRecord, chapter: string, now: string): ProgressRecord {
  if (!record.items[chapter]) return record;
  const items = { ...record.items };
  delete items[chapter];
  return { ...record, items, updatedAt: now };
}

/** Union of both; where both ticked an item, the earlier time wins (it was done then). */
export function mergeRecords(current: ProgressRecord, incoming: ProgressRecord, now: string): ProgressRecord {
  const items: ProgressItems = structuredClone(current.items);
  for (const [chapter, ticks] of Object.entries(incoming.items)) {
    const target = (items[chapter] ??= {});
    for (const [item, time] of Object.entries(ticks)) {
      const existing = target[item];
      if (!existing || Date.parse(time) < Date.parse(existing)) target[item] = time;
    }
  }
  return { version: PROGRESS_VERSION, items, updatedAt: now };
}

export const replaceRecord = (incoming: ProgressRecord, now: string): ProgressRecord => ({
  version: PROGRESS_VERSION,
  items: structuredClone(incoming.items),
  updatedAt: now,
});

export const tickCount = (record: ProgressRecord): number =>
  Object.values(record.items).reduce((sum, ticks) => sum + Object.keys(ticks).length, 0);
