/**
 * The one module that reads and writes saved progress. It wraps a Storage (localStorage in the
 * browser, a fake in tests) and never throws: blocked storage, damaged data and a record written
 * by a newer handbook all leave a working in-memory record for the visit and a `problem` to show.
 */
import { readStored, type ProgressRecord } from './progress';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * blocked: the browser refuses storage (privacy settings, quota): ticks last for this visit.
 * corrupt: the stored value could not be read; it was copied aside and progress starts afresh.
 * newer: a newer handbook wrote it; we do not overwrite it, so ticks last for this visit.
 */
export type StorageProblem = 'blocked' | 'corrupt' | 'newer';

export const backupKey = (key: string): string => `${key}:unreadable`;

export class ProgressStore {
  record!: ProgressRecord;
  problem: StorageProblem | null = null;

  constructor(
    readonly key: string,
    private readonly storage: () => KeyValueStorage,
  ) {
    this.load();
  }

  /** (Re)reads storage: on start, and when another tab changed it. */
  load(): void {
    let raw: string | null;
    try {
      raw = this.storage().getItem(this.key);
    } catch {
      this.record ??= readStored(null).record;
      this.problem = 'blocked';
      return;
    }
    const { record, problem } = readStored(raw);
    this.record = record;
    this.problem = problem;
    // Keep the unreadable value: the next save would overwrite it, and it may be recoverable by hand.
    if (problem === 'corrupt') this.write(backupKey(this.key), raw as string);
  }

  /** Replaces the record and saves it; the record stays in memory even when saving fails. */
  save(record: ProgressRecord): void {
    this.record = record;
    if (this.problem === 'newer' || this.problem === 'blocked') return;
    // A 'corrupt' notice stays up for the visit even once saving works again: the reader should see it.
    if (!this.write(this.key, JSON.stringify(record))) this.problem = 'blocked';
  }

  private write(key: string, value: string): boolean {
    try {
      this.storage().setItem(key, value);
      return true;
    } catch {
      return false;
    }
  }
}
