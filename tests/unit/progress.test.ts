import { describe, expect, it } from 'vitest';
import {
  PROGRESS_VERSION,
  countDone,
  emptyRecord,
  isDone,
  mergeRecords,
  parseRecord,
  readStored,
  replaceRecord,
  resetChapter,
  setDone,
  storageKey,
  tickCount,
} from '../../src/lib/progress';

const T1 = '2026-11-01T10:00:00.000Z';
const T2 = '2026-11-02T10:00:00.000Z';
const T3 = '2026-11-03T10:00:00.000Z';
const CH = 'devops/containers';

describe('storageKey', () => {
  it('namespaces progress by base path so two handbooks on one origin do not collide', () => {
    expect(storageKey('/')).toBe('handbook-progress:/');
    expect(storageKey('/handbook/')).toBe('handbook-progress:/handbook/');
    expect(storageKey('/handbook')).toBe(storageKey('/handbook/'));
    expect(storageKey('/team-a/')).not.toBe(storageKey('/team-b/'));
  });
});

describe('setDone / isDone / countDone', () => {
  it('ticks and unticks by chapter id and item id', () => {
    let record = setDone(emptyRecord(), CH, 'non-root', true, T1);
    expect(isDone(record, CH, 'non-root')).toBe(true);
    expect(record.updatedAt).toBe(T1);
    record = setDone(record, CH, 'non-root', false, T2);
    expect(isDone(record, CH, 'non-root')).toBe(false);
    expect(record.items[CH]).toBeUndefined();
  });

  it('keeps the original time when an item is ticked again', () => {
    const record = setDone(setDone(emptyRecord(), CH, 'a', true, T1), CH, 'a', true, T2);
    expect(record.items[CH]?.a).toBe(T1);
  });

  it('does not mutate the record it was given', () => {
    const before = emptyRecord();
    setDone(before, CH, 'a', true, T1);
    expect(before.items).toEqual({});
  });

  it('counts only the ids asked for, so reordered or reworded items keep their ticks', () => {
    let record = setDone(emptyRecord(), CH, 'a', true, T1);
    record = setDone(record, CH, 'removed-item', true, T1);
    expect(countDone(record, CH, ['b', 'a', 'c'])).toBe(1);
  });
});

describe('resetChapter', () => {
  it('clears one chapter and leaves the others', () => {
    let record = setDone(emptyRecord(), CH, 'a', true, T1);
    record = setDone(record, 'mlops/serving', 'b', true, T1);
    record = resetChapter(record, CH, T2);
    expect(record.items[CH]).toBeUndefined();
    expect(isDone(record, 'mlops/serving', 'b')).toBe(true);
  });
});

describe('readStored', () => {
  it('starts empty when nothing is stored', () => {
    expect(readStored(null)).toEqual({ record: emptyRecord(), problem: null });
  });

  it('reads a current record and keeps ids this build does not know', () => {
    const stored = { version: 2, items: { [CH]: { a: T1, 'no-longer-shown': T2 }, 'old/chapter': { x: T1 } }, updatedAt: T2 };
    const { record, problem } = readStored(JSON.stringify(stored));
    expect(problem).toBeNull();
    expect(record.items).toEqual(stored.items);
  });

  it('reports corrupt JSON instead of throwing', () => {
    expect(readStored('{"version": 2, "items": {')).toEqual({ record: emptyRecord(), problem: 'corrupt' });
    expect(readStored('null').problem).toBe('corrupt');
    expect(readStored('[]').problem).toBe('corrupt');
  });

  it('reports a record of the right shape with bad entries as corrupt', () => {
    expect(readStored(JSON.stringify({ version: 2, items: { [CH]: { a: 'yesterday' } } })).problem).toBe('corrupt');
    expect(readStored(JSON.stringify({ version: 2, items: { [CH]: ['a'] } })).problem).toBe('corrupt');
    expect(readStored(JSON.stringify({ version: 'two', items: {} })).problem).toBe('corrupt');
  });

  it('recognises a record from a newer handbook', () => {
    expect(readStored(JSON.stringify({ version: PROGRESS_VERSION + 1, items: {} })).problem).toBe('newer');
  });
});

describe('parseRecord migration', () => {
  it('migrates version 1 (lists of ticked ids) to version 2 with a time for each tick', () => {
    const result = parseRecord({ version: 1, items: { [CH]: ['a', 'b'], empty: [] }, updatedAt: T3 });
    expect(result).toEqual({
      ok: true,
      record: { version: 2, items: { [CH]: { a: T3, b: T3 } }, updatedAt: T3 },
    });
  });

  it('gives version 1 ticks without a record time the epoch, not a made-up date', () => {
    const result = parseRecord({ version: 1, items: { [CH]: ['a'] } });
    expect(result.ok && result.record.items[CH]?.a).toBe('1970-01-01T00:00:00.000Z');
  });

  it('refuses a version 1 record with a non-list chapter', () => {
    expect(parseRecord({ version: 1, items: { [CH]: 'a' } })).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('merge and replace', () => {
  const current = setDone(setDone(emptyRecord(), CH, 'a', true, T2), CH, 'b', true, T2);
  const incoming = setDone(
    setDone(setDone(emptyRecord(), CH, 'a', true, T1), CH, 'b', true, T3),
    'mlops/serving',
    'c',
    true,
    T3,
  );

  it('merge keeps every tick from both and the earlier time of a shared one', () => {
    const merged = mergeRecords(current, incoming, T3);
    expect(merged.items).toEqual({ [CH]: { a: T1, b: T2 }, 'mlops/serving': { c: T3 } });
    expect(tickCount(merged)).toBe(3);
    expect(mergeRecords(incoming, current, T3).items[CH]).toEqual({ a: T1, b: T2 });
  });

  it('replace makes progress exactly the incoming ticks', () => {
    const replaced = replaceRecord(incoming, T3);
    expect(replaced.items).toEqual(incoming.items);
    expect(replaced.items[CH]?.b).toBe(T3);
  });

  it('neither changes the records it was given', () => {
    const snapshot = structuredClone(current);
    mergeRecords(current, incoming, T3);
    replaceRecord(incoming, T3).items[CH]!.z = T3;
    expect(current).toEqual(snapshot);
    expect(incoming.items[CH]?.z).toBeUndefined();
  });
});
