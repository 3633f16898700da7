import { describe, expect, it } from 'vitest';
import { emptyRecord, setDone, storageKey } from '../../src/lib/progress';
import { ProgressStore, backupKey, type KeyValueStorage } from '../../src/lib/progress-storage';

const KEY = storageKey('/');
const T1 = '2026-11-01T10:00:00.000Z';

class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  failWrites = false;
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new DOMException('quota', 'QuotaExceededError');
    this.data.set(key, value);
  }
}

describe('ProgressStore', () => {
  it('saves a versioned record under its key and reads it back', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(KEY, () => storage);
    store.save(setDone(store.record, 'devops/containers', 'a', true, T1));
    const saved = JSON.parse(storage.getItem(KEY)!);
    expect(saved).toMatchObject({ version: 2, items: { 'devops/containers': { a: T1 } }, updatedAt: T1 });
    expect(new ProgressStore(KEY, () => storage).record.items).toEqual(saved.items);
  });

  it('keeps two base paths apart on one origin', () => {
    const storage = new MemoryStorage();
    const a = new ProgressStore(storageKey('/a/'), () => storage);
    a.save(setDone(a.record, 'devops/containers', 'x', true, T1));
    expect(new ProgressStore(storageKey('/b/'), () => storage).record).toEqual(emptyRecord());
  });

  it('sets a corrupt value aside before anything can overwrite it, and keeps working', () => {
    const storage = new MemoryStorage();
    storage.data.set(KEY, '{broken');
    const store = new ProgressStore(KEY, () => storage);
    expect(store.problem).toBe('corrupt');
    expect(storage.getItem(backupKey(KEY))).toBe('{broken');
    store.save(setDone(store.record, 'devops/containers', 'a', true, T1));
    expect(JSON.parse(storage.getItem(KEY)!).items).toEqual({ 'devops/containers': { a: T1 } });
    expect(store.problem).toBe('corrupt');
  });

  it('works in memory when storage is blocked, without throwing', () => {
    const blocked = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    const store = new ProgressStore(KEY, blocked);
    expect(store.problem).toBe('blocked');
    store.save(setDone(store.record, 'devops/containers', 'a', true, T1));
    expect(store.record.items['devops/containers']?.a).toBe(T1);
  });

  it('reports a failed write (quota) as blocked and keeps the tick for the visit', () => {
    const storage = new MemoryStorage();
    storage.failWrites = true;
    const store = new ProgressStore(KEY, () => storage);
    store.save(setDone(store.record, 'devops/containers', 'a', true, T1));
    expect(store.problem).toBe('blocked');
    expect(store.record.items['devops/containers']?.a).toBe(T1);
  });

  it('never overwrites a record written by a newer handbook', () => {
    const storage = new MemoryStorage();
    const newer = JSON.stringify({ version: 3, items: { x: { y: T1 } }, extra: true });
    storage.data.set(KEY, newer);
    const store = new ProgressStore(KEY, () => storage);
    expect(store.problem).toBe('newer');
    store.save(setDone(store.record, 'devops/containers', 'a', true, T1));
    expect(storage.getItem(KEY)).toBe(newer);
    expect(store.record.items['devops/containers']?.a).toBe(T1);
  });

  it('load() picks up what another tab saved', () => {
    const storage = new MemoryStorage();
    const tabA = new ProgressStore(KEY, () => storage);
    const tabB = new ProgressStore(KEY, () => storage);
    tabA.save(setDone(tabA.record, 'devops/containers', 'a', true, T1));
    tabB.load();
    expect(tabB.record.items['devops/containers']?.a).toBe(T1);
  });
});
