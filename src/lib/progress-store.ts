/**
 * The one owner of saved progress. It holds the record privately and is its only writer: every change
 * goes through `update`, which re-reads storage, merges, applies the change and writes the result;
 * `reload` merges what another tab wrote. Readers `subscribe` and read `record` and `problem`.
 *
 * It never throws and never loses a change: blocked or full storage, a damaged value and a record
 * written by a newer handbook all leave a working record for the visit and a `problem` to show.
 * Damaged values are kept aside (the last few) until the reader dismisses them.
 */
import { normaliseBase } from './urls';
import { LIMITS, applyChange, compact, emptyRecord, mergeRecords, readRecord, recordText, toStoredData, type ProgressChange, type ProgressRecord } from './progress-record';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * blocked: the browser refuses this site storage (privacy settings): changes last for the visit.
 * full: the browser's storage for this site is full: changes last for the visit until space is freed.
 * newer: a newer handbook wrote the record; it is left intact, and changes last for the visit.
 * limit: the record reached LIMITS; the change is kept for the visit but not saved.
 */
export type StorageProblem = 'blocked' | 'full' | 'newer' | 'limit';

/** A stored value that could not be read (or only in part), kept aside for the reader. */
export interface DamagedCopy {
  id: string;
  savedAt: string;
  /** What was wrong, in words. */
  reason: string;
  /** The value exactly as it was stored. */
  value: string;
}

/** One localStorage key per handbook: two handbooks on one origin (different base paths) never collide. */
export const storageKey = (basePath: string): string => `handbook-progress:${normaliseBase(basePath)}`;

export const damagedKey = (key: string): string => `${key}:damaged`;
/** Where handbook versions before format 3 put one unreadable value; moved into the damaged list on load. */
export const legacyBackupKey = (key: string): string => `${key}:unreadable`;
export const MAX_DAMAGED_COPIES = 5;

// Browsers name a full store QuotaExceededError (Firefox once said NS_ERROR_DOM_QUOTA_REACHED).
const isQuotaError = (error: unknown) => error instanceof DOMException && (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED');

type Stored =
  | { kind: 'readable'; record: ProgressRecord; clean: boolean }
  | { kind: 'blocked' }
  | { kind: 'newer' }
  | { kind: 'damaged-kept' };

export class ProgressStore {
  readonly key: string;
  #storage: () => KeyValueStorage;
  #clock: () => string;
  #record: ProgressRecord = emptyRecord();
  #problem: StorageProblem | null = null;
  #damaged: DamagedCopy[] = [];
  #listeners = new Set<() => void>();

  constructor(key: string, storage: () => KeyValueStorage, clock: () => string = () => new Date().toISOString()) {
    this.key = key;
    this.#storage = storage;
    this.#clock = clock;
    this.reload();
  }

  get record(): ProgressRecord {
    return this.#record;
  }

  get problem(): StorageProblem | null {
    return this.#problem;
  }

  /** Damaged values kept aside, newest last. */
  get damaged(): readonly DamagedCopy[] {
    return this.#damaged;
  }

  /** Calls `listener` after every change of record, problem or damaged copies; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Applies one change to the freshest record (storage merged with this tab's) and saves it. */
  update(change: ProgressChange): void {
    const stored = this.#read();
    const base = stored.kind === 'readable' ? mergeRecords(stored.record, this.#record) : this.#record;
    this.#record = applyChange(base, change, this.#clock());
    this.#save(stored);
    this.#emit();
  }

  /**
   * Re-reads storage (on start, and when another tab wrote) and merges it with what this tab holds,
   * writing the merge back when it differs: a tab's unsaved changes survive another tab's write, and
   * all tabs converge on the same record.
   */
  reload(): void {
    const stored = this.#read();
    if (stored.kind === 'readable') this.#record = mergeRecords(stored.record, this.#record);
    this.#save(stored);
    this.#emit();
  }

  /** Forgets one damaged copy (after the reader downloaded it, or decided it does not matter). */
  dismissDamaged(id: string): void {
    const remaining = this.#readDamaged().filter((copy) => copy.id !== id);
    try {
      const storage = this.#storage();
      if (remaining.length) storage.setItem(damagedKey(this.key), JSON.stringify(remaining));
      else storage.removeItem(damagedKey(this.key));
    } catch {
      // Storage refused: dismiss for this visit at least.
    }
    this.#damaged = remaining;
    this.#emit();
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }

  #readDamaged(): DamagedCopy[] {
    try {
      const raw = this.#storage().getItem(damagedKey(this.key));
      const list: unknown = raw === null ? [] : JSON.parse(raw);
      return Array.isArray(list) ? list.filter((copy): copy is DamagedCopy => typeof copy?.id === 'string' && typeof copy?.value === 'string') : [];
    } catch {
      return this.#damaged;
    }
  }

  /** Keeps a damaged value aside before anything may overwrite it; false when that cannot be done. */
  #keepDamaged(value: string, reason: string): boolean {
    const list = this.#readDamaged();
    if (!list.some((copy) => copy.value === value)) {
      const savedAt = this.#clock();
      list.push({ id: `${savedAt}-${list.length}`, savedAt, reason, value });
    }
    const kept = list.slice(-MAX_DAMAGED_COPIES);
    try {
      this.#storage().setItem(damagedKey(this.key), JSON.stringify(kept));
    } catch {
      return false;
    }
    this.#damaged = kept;
    return true;
  }

  #read(): Stored {
    let storage: KeyValueStorage;
    let raw: string | null;
    try {
      storage = this.#storage();
      raw = storage.getItem(this.key);
    } catch {
      return { kind: 'blocked' };
    }
    // An earlier handbook kept one unreadable value under another key: bring it into the list.
    try {
      const legacy = storage.getItem(legacyBackupKey(this.key));
      if (legacy !== null && this.#keepDamaged(legacy, 'set aside by an earlier version of the handbook')) storage.removeItem(legacyBackupKey(this.key));
    } catch {
      // Leave it where it is; it is not lost.
    }
    this.#damaged = this.#readDamaged();
    if (raw === null) return { kind: 'readable', record: emptyRecord(), clean: true };
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return this.#keepDamaged(raw, 'it was not valid JSON') ? { kind: 'readable', record: emptyRecord(), clean: false } : { kind: 'damaged-kept' };
    }
    const result = readRecord(data, 'lenient');
    if (result.ok) {
      if (!result.dropped.length) return { kind: 'readable', record: result.record, clean: true };
      const reason = `${result.dropped.length} entr${result.dropped.length === 1 ? 'y' : 'ies'} could not be read (${result.dropped[0]!.path}: ${result.dropped[0]!.message})`;
      // The valid chapters are kept; the value as it was is kept aside.
      return this.#keepDamaged(raw, reason) ? { kind: 'readable', record: result.record, clean: false } : { kind: 'damaged-kept' };
    }
    if (result.reason === 'newer') return { kind: 'newer' };
    const reason = result.reason === 'too-large' ? `it was larger than a record may be (${result.problem.message})` : `${result.problem.path || 'the record'}: ${result.problem.message}`;
    return this.#keepDamaged(raw, reason) ? { kind: 'readable', record: emptyRecord(), clean: false } : { kind: 'damaged-kept' };
  }

  /** Writes the record when storage allows and it differs from what is stored; sets the problem. */
  #save(stored: Stored): void {
    if (stored.kind === 'blocked') return void (this.#problem = 'blocked');
    if (stored.kind === 'newer') return void (this.#problem = 'newer');
    // A damaged value that could not be kept aside is never overwritten.
    if (stored.kind === 'damaged-kept') return void (this.#problem = 'full');
    const compacted = compact(this.#record);
    if (!compacted) return void (this.#problem = 'limit');
    this.#record = compacted;
    const text = JSON.stringify(toStoredData(compacted));
    // Unchanged: no write (a record saved by an older version stays in its format until a change).
    if (stored.clean && recordText(stored.record) === text) return void (this.#problem = null);
    try {
      this.#storage().setItem(this.key, text);
      this.#problem = null;
    } catch (error) {
      this.#problem = isQuotaError(error) ? 'full' : 'blocked';
    }
  }
}

export { LIMITS };
