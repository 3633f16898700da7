/**
 * The progress record: what a reader has ticked and answered, and the rules for reading, changing
 * and merging it. Pure data in, data out: no DOM, no storage, no clock (callers pass the time).
 *
 * - Keyed by chapter id + item (or question) id, never by position or wording, so editing or
 *   reordering a chapter loses nothing. Ids this build does not know are kept: an item may come back.
 * - Ids live in Maps end to end, so an id such as `__proto__` or `constructor` is an id like any other
 *   and can never reach an object's prototype.
 * - Every change keeps its time, unticks included, so any two copies (two tabs, two devices, a file)
 *   merge to the same result whatever the order: per entry the later change wins; the first tick time
 *   ever seen is kept ("earliest tick wins"). The merge is commutative, associative and idempotent.
 */

export const PROGRESS_VERSION = 3;

/**
 * What one record may hold. The caps keep whatever is stored exportable and importable again
 * (MAX_IMPORT_BYTES in progress-transfer.ts is sized from them; a test proves it).
 */
export const LIMITS = {
  /** Characters in a chapter, item, question or choice id. */
  idLength: 100,
  /** Items (ticked or unticked) kept per chapter. */
  itemsPerChapter: 100,
  /** Answers kept per chapter. */
  answersPerChapter: 30,
  /** Choices in one answer. */
  choicesPerAnswer: 6,
  /** Answers in the whole record. */
  answers: 3_000,
  /** Items and answers in the whole record. */
  entries: 15_000,
} as const;

/** An item's state. `tickedAt` is the first tick ever seen, kept across unticks so merges agree. */
export interface ItemState {
  readonly done: boolean;
  readonly changedAt: string;
  readonly tickedAt?: string;
}

/** A question's last answer; `choices` empty means the answer was cleared. */
export interface AnswerState {
  readonly choices: readonly string[];
  readonly correct: boolean;
  readonly at: string;
}

type Entries<T> = ReadonlyMap<string, ReadonlyMap<string, T>>;

export interface ProgressRecord {
  readonly items: Entries<ItemState>;
  readonly answers: Entries<AnswerState>;
  readonly updatedAt: string | null;
}

export const emptyRecord = (): ProgressRecord => ({ items: new Map(), answers: new Map(), updatedAt: null });

// ---------------------------------------------------------------------------------------------
// Ids and times

/** 1-100 characters, no whitespace or control characters. */
const ID = new RegExp(`^[^\\s\\p{Cc}]{1,${LIMITS.idLength}}$`, 'u');
export const isId = (value: unknown): value is string => typeof value === 'string' && ID.test(value);

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** An ISO 8601 UTC timestamp ("2026-11-21T10:00:00.000Z"), normalised to milliseconds, or null. */
export function normaliseTime(value: unknown): string | null {
  if (typeof value !== 'string' || !ISO_UTC.test(value)) return null;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) return null;
  const normal = time.toISOString();
  // Reject dates the parser rolled over (2026-02-31 -> 2026-03-03).
  return normal.slice(0, 19) === value.slice(0, 19) ? normal : null;
}

/** A safe way to show an id in a message: control characters dropped, at most 40 characters. */
export function shortId(id: string): string {
  const clean = [...id.replace(/\p{Cc}/gu, '')];
  return clean.length > 40 ? `${clean.slice(0, 39).join('')}…` : clean.join('');
}

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : a < b ? a : b);
const maxTime = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : later(a, b));

/** One millisecond after `time`: a change must be later than what it replaces, whatever the clocks say. */
const after = (time: string) => new Date(Date.parse(time) + 1).toISOString();
/** The time a new change gets: now, or just after the entry's last change if a clock ran ahead. */
const changeTime = (now: string, previous: string | undefined) => (previous && previous >= now ? after(previous) : now);

// ---------------------------------------------------------------------------------------------
// Reading

export const itemState = (record: ProgressRecord, chapter: string, item: string): ItemState | undefined =>
  record.items.get(chapter)?.get(item);

export const isDone = (record: ProgressRecord, chapter: string, item: string): boolean =>
  itemState(record, chapter, item)?.done === true;

export const countDone = (record: ProgressRecord, chapter: string, itemIds: readonly string[]): number =>
  itemIds.filter((id) => isDone(record, chapter, id)).length;

/** The ids ticked in a chapter, known to this build or not. */
export const doneIds = (record: ProgressRecord, chapter: string): string[] =>
  [...(record.items.get(chapter) ?? [])].filter(([, state]) => state.done).map(([id]) => id);

export const tickCount = (record: ProgressRecord): number =>
  [...record.items.values()].reduce((sum, items) => sum + [...items.values()].filter((state) => state.done).length, 0);

/** A question's last answer, unless it was cleared. */
export function answerOf(record: ProgressRecord, chapter: string, question: string): AnswerState | undefined {
  const answer = record.answers.get(chapter)?.get(question);
  return answer && answer.choices.length ? answer : undefined;
}

export const countCorrect = (record: ProgressRecord, chapter: string, questionIds: readonly string[]): number =>
  questionIds.filter((id) => answerOf(record, chapter, id)?.correct).length;

export const answerCount = (record: ProgressRecord): number =>
  [...record.answers.values()].reduce((sum, answers) => sum + [...answers.values()].filter((answer) => answer.choices.length).length, 0);

/** The time of the reader's latest tick or answer, or null: "last active". */
export function lastActivity(record: ProgressRecord): string | null {
  let latest: string | null = null;
  for (const items of record.items.values()) for (const state of items.values()) if (state.done) latest = maxTime(latest, state.changedAt);
  for (const answers of record.answers.values()) for (const answer of answers.values()) if (answer.choices.length) latest = maxTime(latest, answer.at);
  return latest;
}

const entryCount = (record: ProgressRecord): number =>
  [...record.items.values(), ...record.answers.values()].reduce((sum, entries) => sum + entries.size, 0);

// ---------------------------------------------------------------------------------------------
// Merging

function mergeItem(a: ItemState | undefined, b: ItemState | undefined): ItemState {
  if (!a) return b!;
  if (!b) return a;
  // The later change decides done or not; at the same instant a tick beats an untick (nothing lost).
  const winner = a.changedAt !== b.changedAt ? (a.changedAt > b.changedAt ? a : b) : a.done ? a : b;
  const tickedAt = earlier(a.tickedAt, b.tickedAt);
  return tickedAt === undefined ? { done: winner.done, changedAt: winner.changedAt } : { done: winner.done, changedAt: winner.changedAt, tickedAt };
}

const answerKey = (answer: AnswerState) => `${answer.correct ? 1 : 0}:${[...answer.choices].sort().join(' ')}`;

function mergeAnswer(a: AnswerState | undefined, b: AnswerState | undefined): AnswerState {
  if (!a) return b!;
  if (!b) return a;
  if (a.at !== b.at) return a.at > b.at ? a : b;
  // Same instant: any fixed order will do, as long as every copy picks the same one.
  return answerKey(a) >= answerKey(b) ? a : b;
}

function mergeEntries<T>(a: Entries<T>, b: Entries<T>, mergeOne: (x: T | undefined, y: T | undefined) => T): Entries<T> {
  const merged = new Map<string, Map<string, T>>();
  for (const chapter of new Set([...a.keys(), ...b.keys()])) {
    const left = a.get(chapter) ?? new Map<string, T>();
    const right = b.get(chapter) ?? new Map<string, T>();
    const entries = new Map<string, T>();
    for (const id of new Set([...left.keys(), ...right.keys()])) entries.set(id, mergeOne(left.get(id), right.get(id)));
    merged.set(chapter, entries);
  }
  return merged;
}

/** Both records in one: per entry the later change wins (unticks included); the earliest tick time is kept. */
export function mergeRecords(a: ProgressRecord, b: ProgressRecord): ProgressRecord {
  return {
    items: mergeEntries(a.items, b.items, mergeItem),
    answers: mergeEntries(a.answers, b.answers, mergeAnswer),
    updatedAt: maxTime(a.updatedAt, b.updatedAt),
  };
}

/** A canonical text of the record (sorted, stable): two records are the same when their texts are. */
export const recordText = (record: ProgressRecord): string => JSON.stringify(toStoredData(record));
export const sameRecord = (a: ProgressRecord, b: ProgressRecord): boolean => recordText(a) === recordText(b);

// ---------------------------------------------------------------------------------------------
// Changing

export type ProgressChange =
  | { type: 'tick'; chapter: string; item: string; done: boolean }
  | { type: 'reset-checklist'; chapter: string }
  | { type: 'answer'; chapter: string; question: string; choices: readonly string[]; correct: boolean }
  | { type: 'clear-answers'; chapter: string }
  | { type: 'merge'; record: ProgressRecord }
  | { type: 'replace'; record: ProgressRecord }
  | { type: 'reset-all' };

const withEntry = <T>(entries: Entries<T>, chapter: string, id: string, value: T): Entries<T> => {
  const next = new Map(entries);
  next.set(chapter, new Map(entries.get(chapter) ?? []).set(id, value));
  return next;
};

const untick = (state: ItemState, now: string): ItemState =>
  state.tickedAt === undefined ? { done: false, changedAt: changeTime(now, state.changedAt) } : { done: false, changedAt: changeTime(now, state.changedAt), tickedAt: state.tickedAt };
const clearAnswer = (answer: AnswerState, now: string): AnswerState => ({ choices: [], correct: false, at: changeTime(now, answer.at) });

function clearChapter<T>(entries: Entries<T>, chapter: string, clear: (value: T, now: string) => T, isClear: (value: T) => boolean, now: string): Entries<T> {
  const current = entries.get(chapter);
  if (!current) return entries;
  const next = new Map(entries);
  next.set(chapter, new Map([...current].map(([id, value]) => [id, isClear(value) ? value : clear(value, now)])));
  return next;
}

/** Applies one change; returns the same record when nothing changes. */
export function applyChange(record: ProgressRecord, change: ProgressChange, now: string): ProgressRecord {
  switch (change.type) {
    case 'tick': {
      const previous = itemState(record, change.chapter, change.item);
      if ((previous?.done ?? false) === change.done) return record;
      const changedAt = changeTime(now, previous?.changedAt);
      const tickedAt = change.done ? earlier(previous?.tickedAt, changedAt) : previous?.tickedAt;
      const state: ItemState = tickedAt === undefined ? { done: change.done, changedAt } : { done: change.done, changedAt, tickedAt };
      return { ...record, items: withEntry(record.items, change.chapter, change.item, state), updatedAt: changedAt };
    }
    case 'reset-checklist': {
      const items = clearChapter(record.items, change.chapter, untick, (state) => !state.done, now);
      return items === record.items ? record : { ...record, items, updatedAt: now };
    }
    case 'answer': {
      const previous = record.answers.get(change.chapter)?.get(change.question);
      const answer: AnswerState = { choices: [...new Set(change.choices)].sort(), correct: change.correct, at: changeTime(now, previous?.at) };
      return { ...record, answers: withEntry(record.answers, change.chapter, change.question, answer), updatedAt: answer.at };
    }
    case 'clear-answers': {
      const answers = clearChapter(record.answers, change.chapter, clearAnswer, (answer) => !answer.choices.length, now);
      return answers === record.answers ? record : { ...record, answers, updatedAt: now };
    }
    case 'merge':
      return mergeRecords(record, change.record);
    case 'replace': {
      // Exactly the incoming record, as changes made now: local entries are unticked, then the
      // incoming ones are stamped later than anything here, so every copy that merges agrees.
      const cleared = applyChange(record, { type: 'reset-all' }, now);
      const stamp = after(latestChange(cleared, now));
      const restamp = <T>(entries: Entries<T>, stampOne: (value: T) => T): Entries<T> =>
        new Map([...entries].map(([chapter, values]) => [chapter, new Map([...values].map(([id, value]) => [id, stampOne(value)]))]));
      return mergeRecords(cleared, {
        items: restamp(change.record.items, (state) => ({ ...state, changedAt: stamp })),
        answers: restamp(change.record.answers, (answer) => ({ ...answer, at: stamp })),
        updatedAt: stamp,
      });
    }
    case 'reset-all': {
      let next = record;
      for (const chapter of record.items.keys()) next = applyChange(next, { type: 'reset-checklist', chapter }, now);
      for (const chapter of record.answers.keys()) next = applyChange(next, { type: 'clear-answers', chapter }, now);
      return next;
    }
  }
}

/** The latest change time in the record, at least `floor`. */
function latestChange(record: ProgressRecord, floor: string): string {
  let latest = floor;
  for (const items of record.items.values()) for (const state of items.values()) latest = later(latest, state.changedAt);
  for (const answers of record.answers.values()) for (const answer of answers.values()) latest = later(latest, answer.at);
  return latest;
}

/**
 * Keeps the record within LIMITS by forgetting the oldest unticks and cleared answers first (they
 * only matter to copies that have not merged yet). Returns null when ticks and answers alone exceed
 * the limits: the caller must not store such a record.
 */
export function compact(record: ProgressRecord): ProgressRecord | null {
  type Tomb = { kind: 'items' | 'answers'; chapter: string; id: string; at: string };
  const tombs: Tomb[] = [];
  for (const [chapter, items] of record.items) for (const [id, state] of items) if (!state.done) tombs.push({ kind: 'items', chapter, id, at: state.changedAt });
  for (const [chapter, answers] of record.answers) for (const [id, answer] of answers) if (!answer.choices.length) tombs.push({ kind: 'answers', chapter, id, at: answer.at });
  const over = (r: ProgressRecord) =>
    entryCount(r) > LIMITS.entries ||
    [...r.answers.values()].reduce((sum, answers) => sum + answers.size, 0) > LIMITS.answers ||
    [...r.items.values()].some((items) => items.size > LIMITS.itemsPerChapter) ||
    [...r.answers.values()].some((answers) => answers.size > LIMITS.answersPerChapter);
  if (!over(record)) return record;
  const items = new Map([...record.items].map(([chapter, values]) => [chapter, new Map(values)]));
  const answers = new Map([...record.answers].map(([chapter, values]) => [chapter, new Map(values)]));
  const next: ProgressRecord = { items, answers, updatedAt: record.updatedAt };
  for (const tomb of tombs.sort((a, b) => (a.at < b.at ? -1 : 1))) {
    if (!over(next)) break;
    const chapterMap = (tomb.kind === 'items' ? items : answers).get(tomb.chapter)!;
    chapterMap.delete(tomb.id);
    if (!chapterMap.size) (tomb.kind === 'items' ? items : answers).delete(tomb.chapter);
  }
  return over(next) ? null : next;
}

// ---------------------------------------------------------------------------------------------
// Stored and exported shapes

/** The JSON shape of version 3 (storage and the `items`/`answers` of an export file). */
export interface StoredData {
  version: typeof PROGRESS_VERSION;
  items: Record<string, Record<string, { done: boolean; changedAt: string; tickedAt?: string }>>;
  answers: Record<string, Record<string, { choices: string[]; correct: boolean; at: string }>>;
  updatedAt: string | null;
}

const sortedEntries = <T>(map: ReadonlyMap<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Plain JSON data, keys sorted. `Object.fromEntries` defines own properties, so "__proto__" stays data. */
export function toStoredData(record: ProgressRecord): StoredData {
  const plain = <T, U>(entries: Entries<T>, shape: (value: T) => U) =>
    Object.fromEntries(sortedEntries(entries).map(([chapter, values]) => [chapter, Object.fromEntries(sortedEntries(values).map(([id, value]) => [id, shape(value)]))]));
  return {
    version: PROGRESS_VERSION,
    items: plain(record.items, (state) => (state.tickedAt === undefined ? { done: state.done, changedAt: state.changedAt } : { done: state.done, changedAt: state.changedAt, tickedAt: state.tickedAt })),
    answers: plain(record.answers, (answer) => ({ choices: [...answer.choices], correct: answer.correct, at: answer.at })),
    updatedAt: record.updatedAt,
  };
}

/** A problem found while reading a record: where, and what is wrong, in words a reader can act on. */
export interface ReadProblem {
  path: string;
  message: string;
}

export type ReadResult =
  | { ok: true; record: ProgressRecord; dropped: ReadProblem[] }
  | { ok: false; reason: 'invalid' | 'newer' | 'too-large'; problem: ReadProblem };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own enumerable entries only: JSON.parse makes "__proto__" an own key, and it is read as data. */
const ownEntries = (value: Record<string, unknown>): [string, unknown][] => Object.keys(value).map((key) => [key, value[key]]);

const where = (...ids: string[]) => ids.map(shortId).join(' › ');

/** Thrown inside readRecord to stop reading; never escapes it. */
class Refusal {
  constructor(
    readonly reason: 'invalid' | 'too-large',
    readonly problem: ReadProblem,
  ) {}
}

const BAD_ID = `is empty, longer than ${LIMITS.idLength} characters, or has spaces or control characters`;
const BAD_TIME = 'its time is not an ISO 8601 UTC timestamp such as 2026-11-21T10:00:00.000Z';

/** One item as stored by any version: v1 lists ids (time unknown), v2 maps id -> tick time, v3 keeps the state. */
function readItem(version: number, value: unknown, fallbackTime: string): ItemState | null {
  if (version === 1) return { done: true, changedAt: fallbackTime, tickedAt: fallbackTime };
  if (version === 2) {
    const time = normaliseTime(value);
    return time ? { done: true, changedAt: time, tickedAt: time } : null;
  }
  if (!isPlainObject(value) || typeof value.done !== 'boolean') return null;
  const changedAt = normaliseTime(value.changedAt);
  const tickedAt = value.tickedAt === undefined ? undefined : normaliseTime(value.tickedAt);
  if (!changedAt || tickedAt === null || (value.done && !tickedAt)) return null;
  return tickedAt ? { done: value.done, changedAt, tickedAt } : { done: value.done, changedAt };
}

function readAnswer(value: unknown): AnswerState | null {
  if (!isPlainObject(value) || typeof value.correct !== 'boolean' || !Array.isArray(value.choices)) return null;
  const at = normaliseTime(value.at);
  const choices = value.choices;
  if (!at || choices.length > LIMITS.choicesPerAnswer || !choices.every(isId)) return null;
  return { choices: [...new Set(choices as string[])].sort(), correct: value.correct, at };
}

/**
 * Reads any stored or exported shape (versions 1, 2 and 3) into a record.
 * - `lenient` (what storage holds): a bad entry is dropped and reported, the rest is kept.
 * - `strict` (a file the reader imports): the first bad entry refuses the whole file.
 * Either way a record over LIMITS is refused, and a newer version is never read.
 */
export function readRecord(data: unknown, mode: 'lenient' | 'strict'): ReadResult {
  if (!isPlainObject(data)) return { ok: false, reason: 'invalid', problem: { path: '', message: 'it is not a progress record' } };
  const { version } = data;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, reason: 'invalid', problem: { path: 'version', message: 'the format version is missing or not a whole number' } };
  }
  if (version > PROGRESS_VERSION) {
    return { ok: false, reason: 'newer', problem: { path: 'version', message: `it is in format ${version}; this handbook reads formats up to ${PROGRESS_VERSION}` } };
  }
  const dropped: ReadProblem[] = [];
  const bad = (path: string, message: string) => {
    if (mode === 'strict') throw new Refusal('invalid', { path, message });
    dropped.push({ path, message });
  };
  const fallbackTime = normaliseTime(data.updatedAt) ?? new Date(0).toISOString();
  let entries = 0;

  const readSection = <T>(
    name: 'items' | 'answers',
    raw: unknown,
    perChapter: number,
    readChapter: (chapter: string, value: unknown, add: (id: unknown, entry: T | null) => void) => void,
  ): Map<string, Map<string, T>> => {
    const section = new Map<string, Map<string, T>>();
    if (!isPlainObject(raw)) throw new Refusal('invalid', { path: name, message: `the ${name === 'items' ? 'ticks' : 'answers'} are missing or not an object` });
    for (const [chapter, value] of ownEntries(raw)) {
      if (!isId(chapter)) {
        bad(name, `a chapter id ${BAD_ID}`);
        continue;
      }
      const target = new Map<string, T>();
      readChapter(chapter, value, (id, entry) => {
        if (!isId(id)) return bad(where(chapter), `an id ${BAD_ID}`);
        if (!entry) return bad(where(chapter, id), name === 'items' ? BAD_TIME : 'the answer needs its choices (at most 6 ids), whether it was correct, and an ISO 8601 UTC time');
        if (target.size >= perChapter) throw new Refusal('too-large', { path: where(chapter), message: `it holds more than ${perChapter} ${name} in one chapter` });
        target.set(id, entry);
      });
      entries += target.size;
      if (target.size) section.set(chapter, target);
    }
    return section;
  };

  try {
    const items = readSection<ItemState>('items', data.items, LIMITS.itemsPerChapter, (chapter, value, add) => {
      if (version === 1) {
        if (!Array.isArray(value)) return bad(where(chapter), 'the chapter’s ticks are not a list');
        for (const id of value) add(id, readItem(1, id, fallbackTime));
        return;
      }
      if (!isPlainObject(value)) return bad(where(chapter), 'the chapter’s ticks are not an object');
      for (const [id, state] of ownEntries(value)) add(id, readItem(version, state, fallbackTime));
    });
    const answers =
      version >= 3 && data.answers !== undefined
        ? readSection<AnswerState>('answers', data.answers, LIMITS.answersPerChapter, (chapter, value, add) => {
            if (!isPlainObject(value)) return bad(where(chapter), 'the chapter’s answers are not an object');
            for (const [id, answer] of ownEntries(value)) add(id, readAnswer(answer));
          })
        : new Map<string, Map<string, AnswerState>>();
    const answerTotal = [...answers.values()].reduce((sum, chapter) => sum + chapter.size, 0);
    if (answerTotal > LIMITS.answers) throw new Refusal('too-large', { path: 'answers', message: `it holds ${answerTotal} answers; a record holds at most ${LIMITS.answers}` });
    if (entries > LIMITS.entries) throw new Refusal('too-large', { path: '', message: `it holds ${entries} entries; a record holds at most ${LIMITS.entries}` });
    return { ok: true, record: { items, answers, updatedAt: normaliseTime(data.updatedAt) }, dropped };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason, problem: error.problem };
    throw error;
  }
}
