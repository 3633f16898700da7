import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, MAX_IMPORT_BYTES, emptyRecord, setDone } from '../../src/lib/progress';
import { exportFileName, parseImport, toExportFile } from '../../src/lib/progress-transfer';

const T1 = '2026-11-01T10:00:00.000Z';
const record = setDone(setDone(emptyRecord(), 'devops/containers', 'a', true, T1), 'devops/containers', 'b', true, T1);

describe('export and import', () => {
  it('round-trips: an exported file imports to the same ticks', () => {
    const file = toExportFile(record, 'https://example.org/handbook/', T1);
    const result = parseImport(JSON.stringify(file));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record.items).toEqual(record.items);
    expect(result.summary).toEqual({ site: 'https://example.org/handbook/', exportedAt: T1, chapters: 1, ticks: 2 });
  });

  it('names the file by its date', () => {
    expect(exportFileName('2026-11-21T08:00:00.000Z')).toBe('handbook-progress-2026-11-21.json');
  });

  it('imports an export written in the older version 1 format', () => {
    const result = parseImport(JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: T1, items: { 'devops/containers': ['a'] } }));
    expect(result.ok && result.record.items).toEqual({ 'devops/containers': { a: T1 } });
  });

  const refusals: [string, string, RegExp][] = [
    ['text that is not JSON', 'hello, mentor', /not valid JSON/],
    ['JSON from elsewhere', JSON.stringify({ name: 'my-app', version: '1.0.0' }), /not a progress export from this handbook/],
    ['a bare stored record without the format marker', JSON.stringify({ version: 2, items: {} }), /not a progress export/],
    ['JSON null', 'null', /not a progress export/],
    ['a newer format', JSON.stringify({ format: EXPORT_FORMAT, version: 99, items: {} }), /newer version of the handbook/],
    [
      'a damaged entry',
      JSON.stringify({ format: EXPORT_FORMAT, version: 2, items: { 'devops/containers': { a: 'soon' } } }),
      /damaged.*items\.devops\/containers\.a/,
    ],
    ['an oversized file', ' '.repeat(MAX_IMPORT_BYTES + 1), /too large/],
  ];
  it.each(refusals)('refuses %s with a message that says nothing changed', (_name, text, message) => {
    const result = parseImport(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(message);
    expect(result.error).toMatch(/Nothing was changed/);
  });
});
