import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS, answerOf, applyChange, doneIds, emptyRecord, isDone, itemState, sameRecord, type ProgressRecord } from '../../src/lib/progress-record';
import { EXPORT_FORMAT, MAX_IMPORT_BYTES, checkImportSize, cleanName, exportFileName, exportText, parseImport, sameSite, toExportFile } from '../../src/lib/progress-transfer';

const T1 = '2026-11-01T10:00:00.000Z';
const T2 = '2026-11-02T10:00:00.000Z';
const CH = 'devops/containers';
let record: ProgressRecord = emptyRecord();
record = applyChange(record, { type: 'tick', chapter: CH, item: 'a', done: true }, T1);
record = applyChange(record, { type: 'tick', chapter: CH, item: 'b', done: true }, T1);
record = applyChange(record, { type: 'tick', chapter: CH, item: 'b', done: false }, T2);
record = applyChange(record, { type: 'answer', chapter: CH, question: 'q1', choices: ['right'], correct: true }, T2);

describe('export and import', () => {
  it('round-trips: an exported file imports to the same record, unticks and answers included', () => {
    const file = toExportFile(record, 'https://example.org/handbook/', T2, '  Ada   Lovelace ');
    const result = parseImport(exportText(file));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(sameRecord(result.record, { ...record, updatedAt: T2 })).toBe(true);
    expect(result.summary).toEqual({ site: 'https://example.org/handbook/', exportedAt: T2, name: 'Ada Lovelace', chapters: 1, ticks: 1, answers: 1 });
  });

  it('writes a readable file: one entry per line', () => {
    const text = exportText(toExportFile(record, 'https://example.org/', T2));
    expect(text).toMatch(/^ {6}"a": \{"done":true,"changedAt":"2026-11-01T10:00:00.000Z","tickedAt":"2026-11-01T10:00:00.000Z"\},?$/m);
    expect(JSON.parse(text).format).toBe(EXPORT_FORMAT);
  });

  it('names the file by its date', () => {
    expect(exportFileName('2026-11-21T08:00:00.000Z')).toBe('handbook-progress-2026-11-21.json');
  });

  it('imports an export written by the previous version of the handbook (format 2) unchanged', () => {
    const result = parseImport(readFileSync('tests/fixtures/progress-v2/export.json', 'utf8'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(doneIds(result.record, CH).sort()).toEqual(['non-root-image', 'separate-probes']);
    expect(itemState(result.record, 'devops/ci-cd', 'pr-pipeline')?.tickedAt).toBe('2026-11-22T08:30:00.000Z');
    expect(result.summary).toMatchObject({ ticks: 5, chapters: 3, site: 'http://127.0.0.1:4321/' });
  });

  it('imports a format 1 export', () => {
    const result = parseImport(JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: T1, items: { [CH]: ['a'] } }));
    expect(result.ok && isDone(result.record, CH, 'a')).toBe(true);
  });

  it('stores "__proto__", "constructor" and friends as ids, and counts only what it stores', () => {
    const text = `{"format":"${EXPORT_FORMAT}","version":2,"items":{"__proto__":{"pinned-base-image":"${T1}"},"constructor":{"constructor":"${T1}"},"hasOwnProperty":{"x":"${T1}"},"valueOf":{"y":"${T1}"}}}`;
    const result = parseImport(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary).toMatchObject({ chapters: 4, ticks: 4 });
    expect(isDone(result.record, '__proto__', 'pinned-base-image')).toBe(true);
    expect(isDone(result.record, 'constructor', 'constructor')).toBe(true);
    expect(Object.prototype).not.toHaveProperty('pinned-base-image');
  });

  it('whatever the store may hold (a record at every limit, longest ids) exports within the import limit and imports again', () => {
    const id = (prefix: string, i: number) => `${prefix}-${i}-`.padEnd(LIMITS.idLength, 'x');
    const items = new Map<string, Map<string, { done: boolean; changedAt: string; tickedAt: string }>>();
    const answers = new Map<string, Map<string, { choices: string[]; correct: boolean; at: string }>>();
    const answerChapters = Math.ceil(LIMITS.answers / LIMITS.answersPerChapter);
    for (let c = 0; c < answerChapters; c++) {
      answers.set(id('qc', c), new Map(Array.from({ length: LIMITS.answersPerChapter }, (_, q) => [id('q', q), { choices: Array.from({ length: LIMITS.choicesPerAnswer }, (_, k) => id('c', k)), correct: true, at: T1 }])));
    }
    const itemBudget = LIMITS.entries - answerChapters * LIMITS.answersPerChapter;
    for (let c = 0; c * LIMITS.itemsPerChapter < itemBudget; c++) {
      const count = Math.min(LIMITS.itemsPerChapter, itemBudget - c * LIMITS.itemsPerChapter);
      items.set(id('ch', c), new Map(Array.from({ length: count }, (_, i) => [id('i', i), { done: true, changedAt: T1, tickedAt: T1 }])));
    }
    const full: ProgressRecord = { items, answers, updatedAt: T1 };
    const text = exportText(toExportFile(full, 'https://example.org/'.padEnd(200, 'x'), T1, 'n'.repeat(80)));
    expect(new TextEncoder().encode(text).length).toBeLessThan(MAX_IMPORT_BYTES);
    const result = parseImport(text);
    expect(result.ok, result.ok ? '' : result.error).toBe(true);
  });

  const refusals: [string, string, RegExp][] = [
    ['text that is not JSON', 'hello, mentor', /not valid JSON/],
    ['JSON from elsewhere', JSON.stringify({ name: 'my-app', version: '1.0.0' }), /not a progress export of this handbook/],
    ['a bare stored record without the format marker', JSON.stringify({ version: 2, items: {} }), /lacks the handbook’s format marker/],
    ['JSON null', 'null', /not a progress export/],
    ['a newer format', JSON.stringify({ format: EXPORT_FORMAT, version: 99, items: {} }), /newer version of the handbook/],
    ['a damaged entry', JSON.stringify({ format: EXPORT_FORMAT, version: 2, items: { [CH]: { a: 'soon' } } }), /damaged at “devops\/containers › a”: its time is not an ISO 8601/],
    ['a time Date.parse would accept', JSON.stringify({ format: EXPORT_FORMAT, version: 2, items: { [CH]: { a: 'Tuesday 1' } } }), /damaged/],
    ['an oversized file', ' '.repeat(MAX_IMPORT_BYTES + 1), /larger than a progress export can be/],
    ['more entries than a record holds', JSON.stringify({ format: EXPORT_FORMAT, version: 2, items: { [CH]: Object.fromEntries(Array.from({ length: LIMITS.itemsPerChapter + 1 }, (_, i) => [`i${i}`, T1])) } }), /more than a progress record may/],
  ];
  it.each(refusals)('refuses %s with a message that says nothing changed', (_name, text, message) => {
    const result = parseImport(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(message);
    expect(result.error).toMatch(/Nothing was changed/);
  });

  it('never echoes a huge id whole', () => {
    const result = parseImport(JSON.stringify({ format: EXPORT_FORMAT, version: 2, items: { [CH]: { ['x'.repeat(60)]: 'soon' } } }));
    expect(!result.ok && result.error.length).toBeLessThan(300);
    expect(!result.ok && result.error).toContain(`${'x'.repeat(39)}…`);
  });

  it('checks a file’s size before it is read', () => {
    expect(checkImportSize(600_000_000)).toMatch(/600 MB.*was not read/);
    expect(checkImportSize(10_000)).toBeNull();
  });

  it('tells this handbook from another site or base path', () => {
    expect(sameSite('https://a.example/handbook/', 'https://a.example/handbook/')).toBe(true);
    expect(sameSite('https://a.example/handbook', 'https://a.example/handbook/')).toBe(true);
    expect(sameSite('https://a.example/other/', 'https://a.example/handbook/')).toBe(false);
    expect(sameSite(null, 'https://a.example/')).toBe(false);
  });

  it('cleans the reader’s name: spaces collapsed, control characters dropped, 80 characters at most', () => {
    expect(cleanName(' a\u0000b \n c ')).toBe('a b c');
    expect(cleanName('   ')).toBeUndefined();
    expect(cleanName('x'.repeat(200))).toHaveLength(80);
  });

  it('keeps answers on import', () => {
    const result = parseImport(exportText(toExportFile(record, 'https://x/', T2)));
    expect(result.ok && answerOf(result.record, CH, 'q1')).toEqual({ choices: ['right'], correct: true, at: T2 });
  });
});
