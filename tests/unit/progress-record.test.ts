import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  PROGRESS_VERSION,
  answerOf,
  applyChange,
  compact,
  countCorrect,
  countDone,
  doneIds,
  emptyRecord,
  isDone,
  itemState,
  mergeRecords,
  normaliseTime,
  readRecord,
  recordText,
  sameRecord,
  shortId,
  tickCount,
  toStoredData,
  type ProgressChange,
  type ProgressRecord,
} from '../../src/lib/progress-record';

const T1 = '2026-11-01T10:00:00.000Z';
const T2 = '2026-11-02T10:00:00.000Z';
const T3 = '2026-11-03T10:00:00.000Z';
const T4 = '2026-11-04T10:00:00.000Z';
const CH = 'devops/containers';

const apply = (record: ProgressRecord, changes: [ProgressChange, string][]) => changes.reduce((r, [change, now]) => applyChange(r, change, now), record);
const tick = (item: string, done = true, chapter = CH): ProgressChange => ({ type: 'tick', chapter, item, done });
const read = (data: unknown) => {
  const result = readRecord(data, 'lenient');
  if (!result.ok) throw new Error(`not readable: ${result.problem.message}`);
  return result;
};

describe('ticking', () => {
  it('ticks and unticks by chapter id and item id, keeping the untick with its time', () => {
    let record = applyChange(emptyRecord(), tick('non-root'), T1);
    expect(isDone(record, CH, 'non-root')).toBe(true);
    expect(record.updatedAt).toBe(T1);
    record = applyChange(record, tick('non-root', false), T2);
    expect(isDone(record, CH, 'non-root')).toBe(false);
    expect(itemState(record, CH, 'non-root')).toEqual({ done: false, changedAt: T2, tickedAt: T1 });
  });

  it('keeps the first tick time when an item is ticked again', () => {
    const record = apply(emptyRecord(), [[tick('a'), T1], [tick('a', false), T2], [tick('a'), T3]]);
    expect(itemState(record, CH, 'a')).toEqual({ done: true, changedAt: T3, tickedAt: T1 });
  });

  it('returns the same record when nothing changes, and never mutates the one it was given', () => {
    const before = applyChange(emptyRecord(), tick('a'), T1);
    const snapshot = recordText(before);
    expect(applyChange(before, tick('a'), T2)).toBe(before);
    applyChange(before, tick('b'), T2);
    expect(recordText(before)).toBe(snapshot);
  });

  it('stamps a change after the entry’s last change when this device’s clock is behind', () => {
    const ahead = applyChange(emptyRecord(), tick('a'), T3);
    const unticked = applyChange(ahead, tick('a', false), T1);
    expect(itemState(unticked, CH, 'a')!.changedAt > T3).toBe(true);
    // So the untick wins a merge with the copy that still has the tick.
    expect(isDone(mergeRecords(ahead, unticked), CH, 'a')).toBe(false);
  });

  it('counts only the ids asked for, so reordered or reworded items keep their ticks', () => {
    const record = apply(emptyRecord(), [[tick('a'), T1], [tick('removed-item'), T1]]);
    expect(countDone(record, CH, ['b', 'a', 'c'])).toBe(1);
    expect(doneIds(record, CH).sort()).toEqual(['a', 'removed-item']);
    expect(tickCount(record)).toBe(2);
  });
});

describe('ids that are names of Object.prototype', () => {
  const tricky = ['__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'toString', 'prototype'];

  it.each(tricky)('“%s” is an id like any other, as chapter and as item', (id) => {
    let record = apply(emptyRecord(), [[tick(id, true, id), T1], [tick(id, true, CH), T1]]);
    expect(isDone(record, id, id)).toBe(true);
    expect(isDone(record, CH, id)).toBe(true);
    expect(isDone(emptyRecord(), CH, id)).toBe(false);
    record = apply(record, [[tick(id, false, id), T2], [tick(id, false, CH), T2]]);
    expect(isDone(record, id, id)).toBe(false);
    expect(isDone(record, CH, id)).toBe(false);
  });

  it('reads "__proto__" from JSON as data, never touching Object.prototype', () => {
    const text = `{"version":2,"items":{"__proto__":{"pinned-base-image":"${T1}"},"constructor":{"constructor":"${T1}"},"${CH}":{"__proto__":"${T1}"}}}`;
    const { record, dropped } = read(JSON.parse(text));
    expect(dropped).toEqual([]);
    expect(isDone(record, '__proto__', 'pinned-base-image')).toBe(true);
    expect(isDone(record, 'constructor', 'constructor')).toBe(true);
    expect(isDone(record, CH, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['pinned-base-image']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('pinned-base-image');
    // And writes it back as data: the stored text reads to the same record.
    const again = read(JSON.parse(JSON.stringify(toStoredData(record)))).record;
    expect(sameRecord(again, record)).toBe(true);
    expect(JSON.stringify(toStoredData(record))).toContain('"__proto__":{"pinned-base-image"');
  });
});

describe('merging', () => {
  const a = apply(emptyRecord(), [[tick('x'), T1], [tick('y'), T1], [tick('y', false), T3]]);
  const b = apply(emptyRecord(), [[tick('x'), T2], [tick('y'), T2], [tick('z'), T2]]);

  it('the later change of each item wins, unticks included; the earliest tick time is kept', () => {
    const merged = mergeRecords(a, b);
    expect(itemState(merged, CH, 'x')).toEqual({ done: true, changedAt: T2, tickedAt: T1 });
    expect(itemState(merged, CH, 'y')).toMatchObject({ done: false, changedAt: T3 });
    expect(isDone(merged, CH, 'z')).toBe(true);
  });

  it('at the same instant a tick beats an untick: nothing is lost', () => {
    const ticked = applyChange(emptyRecord(), tick('q'), T2);
    const unticked = apply(emptyRecord(), [[tick('q'), T1], [tick('q', false), T2]]);
    expect(isDone(mergeRecords(ticked, unticked), CH, 'q')).toBe(true);
    expect(isDone(mergeRecords(unticked, ticked), CH, 'q')).toBe(true);
  });

  it('is commutative, associative and idempotent, so every tab and device converges', () => {
    const c = apply(emptyRecord(), [[tick('x', false), T4], [{ type: 'answer', chapter: CH, question: 'q1', choices: ['b'], correct: false }, T3]]);
    const d = applyChange(emptyRecord(), { type: 'answer', chapter: CH, question: 'q1', choices: ['a'], correct: true }, T3);
    const copies = [a, b, c, d];
    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [1, 3, 0, 2],
      [2, 0, 3, 1],
    ];
    const results = orders.map((order) => recordText(order.map((i) => copies[i]!).reduce((acc, r) => mergeRecords(acc, r), emptyRecord())));
    expect(new Set(results).size).toBe(1);
    const all = copies.reduce(mergeRecords);
    expect(sameRecord(mergeRecords(all, all), all)).toBe(true);
    expect(sameRecord(mergeRecords(mergeRecords(a, b), c), mergeRecords(a, mergeRecords(b, c)))).toBe(true);
  });
});

describe('answers', () => {
  it('keeps the last answer per question, with whether it was right', () => {
    const record = apply(emptyRecord(), [
      [{ type: 'answer', chapter: CH, question: 'q1', choices: ['b'], correct: false }, T1],
      [{ type: 'answer', chapter: CH, question: 'q1', choices: ['c', 'a'], correct: true }, T2],
    ]);
    expect(answerOf(record, CH, 'q1')).toEqual({ choices: ['a', 'c'], correct: true, at: T2 });
    expect(countCorrect(record, CH, ['q1', 'q2'])).toBe(1);
  });

  it('clears a chapter’s answers without touching its ticks', () => {
    const record = apply(emptyRecord(), [
      [tick('a'), T1],
      [{ type: 'answer', chapter: CH, question: 'q1', choices: ['a'], correct: true }, T1],
      [{ type: 'clear-answers', chapter: CH }, T2],
    ]);
    expect(answerOf(record, CH, 'q1')).toBeUndefined();
    expect(isDone(record, CH, 'a')).toBe(true);
  });
});

describe('reset and replace', () => {
  it('resets one chapter’s checklist, including ids this build no longer shows, and leaves the others', () => {
    const record = apply(emptyRecord(), [[tick('a'), T1], [tick('gone'), T1], [tick('b', true, 'mlops/serving'), T1], [{ type: 'reset-checklist', chapter: CH }, T2]]);
    expect(doneIds(record, CH)).toEqual([]);
    expect(isDone(record, 'mlops/serving', 'b')).toBe(true);
  });

  it('replace makes progress exactly the incoming record, and stays so when merged with the old copy', () => {
    const mine = apply(emptyRecord(), [[tick('a'), T1], [tick('b'), T3]]);
    const file = apply(emptyRecord(), [[tick('c'), T1], [tick('b'), T2]]);
    const replaced = applyChange(mine, { type: 'replace', record: file }, T4);
    expect(doneIds(replaced, CH).sort()).toEqual(['b', 'c']);
    // Another tab still holding the old record merges it in: the replacement holds.
    expect(doneIds(mergeRecords(replaced, mine), CH).sort()).toEqual(['b', 'c']);
  });

  it('reset-all unticks everything and clears every answer, and the reset survives a merge with the old copy', () => {
    const mine = apply(emptyRecord(), [[tick('a'), T1], [{ type: 'answer', chapter: CH, question: 'q', choices: ['x'], correct: true }, T1]]);
    const reset = applyChange(mine, { type: 'reset-all' }, T2);
    expect(tickCount(mergeRecords(reset, mine))).toBe(0);
    expect(answerOf(mergeRecords(mine, reset), CH, 'q')).toBeUndefined();
  });
});

describe('times', () => {
  it('accepts ISO 8601 UTC timestamps only', () => {
    expect(normaliseTime('2026-11-21T10:00:00Z')).toBe('2026-11-21T10:00:00.000Z');
    expect(normaliseTime('2026-11-21T10:00:00.5Z')).toBe('2026-11-21T10:00:00.500Z');
    for (const bad of ['0', 'Tuesday 1', '<img src=x onerror=alert(1)> 1', '2026-11-21', '2026-11-21T10:00:00+01:00', '2026-02-31T10:00:00Z', 1700000000000, null]) {
      expect(normaliseTime(bad), String(bad)).toBeNull();
    }
  });
});

describe('reading stored and exported records', () => {
  it('reads version 2 (what the handbook stored before this version) unchanged', () => {
    const { record } = read({ version: 2, items: { [CH]: { a: T1, 'no-longer-shown': T2 }, 'old/chapter': { x: T1 } }, updatedAt: T2 });
    expect(itemState(record, CH, 'a')).toEqual({ done: true, changedAt: T1, tickedAt: T1 });
    expect(doneIds(record, 'old/chapter')).toEqual(['x']);
    expect(tickCount(record)).toBe(3);
  });

  it('reads version 1 lists, giving ticks the record’s time or the epoch', () => {
    expect(itemState(read({ version: 1, items: { [CH]: ['a'] }, updatedAt: T3 }).record, CH, 'a')?.tickedAt).toBe(T3);
    expect(itemState(read({ version: 1, items: { [CH]: ['a'] } }).record, CH, 'a')?.tickedAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('lenient: drops a bad entry, reports it, and keeps every valid chapter', () => {
    const result = read({ version: 3, items: { [CH]: { a: { done: true, changedAt: T1, tickedAt: T1 }, b: { done: true, changedAt: 'soon' } }, 'mlops/serving': { c: { done: true, changedAt: T2, tickedAt: T2 } } }, answers: {} });
    expect(doneIds(result.record, CH)).toEqual(['a']);
    expect(isDone(result.record, 'mlops/serving', 'c')).toBe(true);
    expect(result.dropped).toEqual([{ path: `${CH} › b`, message: expect.stringContaining('ISO 8601') }]);
  });

  it('strict: refuses at the first bad entry, naming it', () => {
    const result = readRecord({ version: 2, items: { [CH]: { a: T1, b: 'Tuesday 1' } } }, 'strict');
    expect(result).toMatchObject({ ok: false, reason: 'invalid', problem: { path: `${CH} › b` } });
  });

  it('refuses a newer format and shapes that are not records', () => {
    expect(readRecord({ version: PROGRESS_VERSION + 1, items: {} }, 'lenient')).toMatchObject({ ok: false, reason: 'newer' });
    for (const bad of [null, [], 'x', { version: 'two', items: {} }, { version: 2 }]) expect(readRecord(bad, 'lenient').ok).toBe(false);
  });

  it('refuses ids with control characters, spaces, or over the length limit', () => {
    for (const id of ['', 'a b', 'x\u0000y', 'x'.repeat(LIMITS.idLength + 1)]) {
      expect(readRecord({ version: 2, items: { [CH]: { [id]: T1 } } }, 'strict').ok, JSON.stringify(id).slice(0, 20)).toBe(false);
    }
    expect(readRecord({ version: 2, items: { [CH]: { ['x'.repeat(LIMITS.idLength)]: T1 } } }, 'strict').ok).toBe(true);
  });

  it('refuses a record over the limits', () => {
    const many = Object.fromEntries(Array.from({ length: LIMITS.itemsPerChapter + 1 }, (_, i) => [`item-${i}`, T1]));
    expect(readRecord({ version: 2, items: { [CH]: many } }, 'lenient')).toMatchObject({ ok: false, reason: 'too-large' });
  });
});

describe('limits', () => {
  it('compact forgets the oldest unticks first and keeps every tick', () => {
    let record = emptyRecord();
    for (let i = 0; i < LIMITS.itemsPerChapter; i++) record = applyChange(record, tick(`t-${i}`), T1);
    record = applyChange(record, tick('t-0', false), T2);
    const over = applyChange(record, tick('new'), T3);
    const compacted = compact(over)!;
    expect(compacted).not.toBeNull();
    expect(itemState(compacted, CH, 't-0')).toBeUndefined();
    expect(isDone(compacted, CH, 'new')).toBe(true);
    expect(doneIds(compacted, CH)).toHaveLength(LIMITS.itemsPerChapter);
  });

  it('compact refuses (null) when ticks alone exceed the limits', () => {
    let record = emptyRecord();
    for (let i = 0; i <= LIMITS.itemsPerChapter; i++) record = applyChange(record, tick(`t-${i}`), T1);
    expect(compact(record)).toBeNull();
  });

  it('shortId shows at most 40 characters and no control characters', () => {
    expect(shortId('x'.repeat(10_000))).toHaveLength(40);
    expect(shortId('a\u0007b')).toBe('ab');
  });
});
