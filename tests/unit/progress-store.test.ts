import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS, doneIds, isDone, itemState, tickCount } from '../../src/lib/progress-record';
import { MAX_DAMAGED_COPIES, ProgressStore, damagedKey, legacyBackupKey, storageKey, type KeyValueStorage } from '../../src/lib/progress-store';

const KEY = storageKey('/');
const CH = 'devops/containers';

/** A Storage with a quota and switches for the failures browsers produce. */
class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  quota = Infinity;
  used = () => [...this.data].reduce((sum, [key, value]) => sum + key.length + value.length, 0);
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    const after = this.used() - (this.data.get(key)?.length ?? 0) + (this.data.has(key) ? 0 : key.length) + value.length;
    if (after > this.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

let clock = Date.parse('2026-11-01T10:00:00.000Z');
const now = () => new Date((clock += 1000)).toISOString();
const open = (storage: MemoryStorage, key = KEY) => new ProgressStore(key, () => storage, now);
const tick = (store: ProgressStore, item: string, done = true, chapter = CH) => store.update({ type: 'tick', chapter, item, done });

describe('ProgressStore', () => {
  it('saves a versioned record under its key, and a new store reads it back', () => {
    const storage = new MemoryStorage();
    tick(open(storage), 'a');
    const saved = JSON.parse(storage.getItem(KEY)!);
    expect(saved).toMatchObject({ version: 3, items: { [CH]: { a: { done: true } } } });
    expect(isDone(open(storage).record, CH, 'a')).toBe(true);
  });

  it('keeps two base paths apart on one origin', () => {
    const storage = new MemoryStorage();
    tick(open(storage, storageKey('/a/')), 'x');
    expect(tickCount(open(storage, storageKey('/b/')).record)).toBe(0);
  });

  it('tells every subscriber about a change, until it unsubscribes', () => {
    const store = open(new MemoryStorage());
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    tick(store, 'a');
    unsubscribe();
    tick(store, 'b');
    expect(calls).toBe(1);
  });

  it('loads a record saved by the previous version of the handbook unchanged, and leaves it as it is until a change', () => {
    const fixture = JSON.parse(readFileSync('tests/fixtures/progress-v2/local-storage.json', 'utf8')) as Record<string, string>;
    const storage = new MemoryStorage();
    storage.data.set(KEY, fixture[KEY]!);
    const store = open(storage);
    expect(store.problem).toBeNull();
    expect(doneIds(store.record, CH).sort()).toEqual(['non-root-image', 'separate-probes']);
    expect(itemState(store.record, CH, 'non-root-image')?.tickedAt).toBe('2026-11-20T09:15:00.000Z');
    expect(doneIds(store.record, 'devops/ci-cd').sort()).toEqual(['item-removed-since', 'pr-pipeline']);
    expect(tickCount(store.record)).toBe(5);
    expect(storage.getItem(KEY)).toBe(fixture[KEY]);
    tick(store, 'new-item');
    expect(tickCount(open(storage).record)).toBe(6);
  });

  describe('damaged values', () => {
    it('sets a corrupt value aside before anything can overwrite it, keeps offering it, and keeps working', () => {
      const storage = new MemoryStorage();
      storage.data.set(KEY, '{broken');
      const store = open(storage);
      expect(store.damaged.map((copy) => copy.value)).toEqual(['{broken']);
      tick(store, 'a');
      tick(store, 'b');
      expect(doneIds(open(storage).record, CH)).toEqual(['a', 'b']);
      // Still offered after later ticks, and to a new page.
      expect(open(storage).damaged.map((copy) => copy.value)).toEqual(['{broken']);
    });

    it('keeps every damaged value (the last few), not only the first', () => {
      const storage = new MemoryStorage();
      for (let i = 0; i < MAX_DAMAGED_COPIES + 2; i++) {
        storage.data.set(KEY, `{broken ${i}`);
        open(storage);
      }
      const values = open(storage).damaged.map((copy) => copy.value);
      expect(values).toHaveLength(MAX_DAMAGED_COPIES);
      expect(values.at(-1)).toBe(`{broken ${MAX_DAMAGED_COPIES + 1}`);
    });

    it('drops a damaged value only when the reader dismisses it', () => {
      const storage = new MemoryStorage();
      storage.data.set(KEY, 'not json');
      const store = open(storage);
      store.dismissDamaged(store.damaged[0]!.id);
      expect(store.damaged).toEqual([]);
      expect(storage.getItem(damagedKey(KEY))).toBeNull();
    });

    it('keeps the valid chapters of a record with one bad entry, and the original value aside', () => {
      const storage = new MemoryStorage();
      const raw = JSON.stringify({ version: 2, items: { [CH]: { a: '2026-11-01T10:00:00.000Z', b: 'yesterday' }, 'mlops/serving': { c: '2026-11-02T10:00:00.000Z' } } });
      storage.data.set(KEY, raw);
      const store = open(storage);
      expect(doneIds(store.record, CH)).toEqual(['a']);
      expect(isDone(store.record, 'mlops/serving', 'c')).toBe(true);
      expect(store.damaged).toEqual([expect.objectContaining({ value: raw, reason: expect.stringContaining('1 entry could not be read') })]);
    });

    it('moves the single backup of earlier versions into the list', () => {
      const storage = new MemoryStorage();
      storage.data.set(legacyBackupKey(KEY), '{old damage');
      const store = open(storage);
      expect(store.damaged.map((copy) => copy.value)).toEqual(['{old damage']);
      expect(storage.getItem(legacyBackupKey(KEY))).toBeNull();
    });

    it('never overwrites a damaged value it could not set aside', () => {
      const storage = new MemoryStorage();
      storage.data.set(KEY, '{broken but precious');
      storage.quota = storage.used() + 10;
      const store = open(storage);
      tick(store, 'a');
      expect(storage.getItem(KEY)).toBe('{broken but precious');
      expect(store.problem).toBe('full');
      expect(isDone(store.record, CH, 'a')).toBe(true);
    });
  });

  it('works in memory when storage is blocked, without throwing', () => {
    const store = new ProgressStore(KEY, () => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(store.problem).toBe('blocked');
    tick(store, 'a');
    expect(isDone(store.record, CH, 'a')).toBe(true);
  });

  it('says "full", not "blocked", when the quota is reached, and saves once space is freed', () => {
    const storage = new MemoryStorage();
    const store = open(storage);
    tick(store, 'a');
    storage.quota = storage.used();
    tick(store, 'b');
    expect(store.problem).toBe('full');
    expect(isDone(store.record, CH, 'b')).toBe(true);
    storage.quota = Infinity;
    tick(store, 'c');
    expect(store.problem).toBeNull();
    expect(doneIds(open(storage).record, CH)).toEqual(['a', 'b', 'c']);
  });

  it('a write from another tab never throws away this tab’s unsaved ticks (storage full, then freed)', () => {
    const storage = new MemoryStorage();
    const tabA = open(storage);
    const tabB = open(storage);
    storage.quota = storage.used();
    tick(tabA, 'a1');
    tick(tabA, 'a2');
    expect(tabA.problem).toBe('full');
    storage.quota = Infinity;
    tick(tabB, 'b1');
    tabA.reload(); // the storage event
    expect(doneIds(tabA.record, CH).sort()).toEqual(['a1', 'a2', 'b1']);
    expect(tabA.problem).toBeNull();
    expect(doneIds(open(storage).record, CH).sort()).toEqual(['a1', 'a2', 'b1']);
  });

  it('re-reads storage before every write: a tab holding an old record does not undo another tab’s ticks', () => {
    const storage = new MemoryStorage();
    const tabA = open(storage);
    const tabB = open(storage);
    tick(tabA, 'a');
    tick(tabB, 'b'); // tabB never heard of tabA's tick
    tick(tabA, 'a', false);
    expect(doneIds(open(storage).record, CH)).toEqual(['b']);
  });

  it('tabs that wrote without seeing each other converge once each has heard the other', () => {
    const storage = new MemoryStorage();
    // Each tab writes while its view of storage is stale, as when events arrive late.
    let bIsBehind = true;
    const tabA = new ProgressStore(KEY, () => storage, now);
    const tabB = new ProgressStore(KEY, () => ({ getItem: (key) => (bIsBehind ? null : storage.getItem(key)), setItem: (key, value) => storage.setItem(key, value), removeItem: () => {} }), now);
    for (const item of ['a1', 'a2', 'a3']) tick(tabA, item);
    for (const item of ['b1', 'b2', 'b3']) tick(tabB, item); // overwrites tabA's write
    expect(doneIds(open(storage).record, CH).sort()).toEqual(['b1', 'b2', 'b3']);
    tabA.reload(); // A hears B's write, merges and writes the union back
    bIsBehind = false;
    tabB.reload(); // B hears A's write
    expect(doneIds(open(storage).record, CH).sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
  });

  it('never overwrites a record written by a newer handbook', () => {
    const storage = new MemoryStorage();
    const newer = JSON.stringify({ version: 99, items: { x: { y: 1 } }, extra: true });
    storage.data.set(KEY, newer);
    const store = open(storage);
    expect(store.problem).toBe('newer');
    tick(store, 'a');
    expect(storage.getItem(KEY)).toBe(newer);
    expect(isDone(store.record, CH, 'a')).toBe(true);
  });

  it('keeps a change that would pass the limits for the visit, without saving it', () => {
    const storage = new MemoryStorage();
    const store = open(storage);
    for (let i = 0; i < LIMITS.itemsPerChapter; i++) tick(store, `item-${i}`);
    tick(store, 'one-too-many');
    expect(store.problem).toBe('limit');
    expect(isDone(store.record, CH, 'one-too-many')).toBe(true);
    expect(isDone(open(storage).record, CH, 'one-too-many')).toBe(false);
  });
});
