import { describe, expect, it } from 'vitest';
import { applyChange, emptyRecord, isDone, sameRecord, type ProgressRecord } from '../../src/lib/progress-record';
import { toExportFile } from '../../src/lib/progress-transfer';
import { QR_MAX_LINK_LENGTH, decodeProgressFragment, encodeProgressFragment, isProgressFragment } from '../../src/lib/progress-link';

const T1 = '2026-11-01T10:00:00.123Z';
const T2 = '2026-11-02T10:00:00.000Z';
const CH = 'devops/containers';
const SITE = 'https://intranet.example/handbook/';
let record: ProgressRecord = emptyRecord();
record = applyChange(record, { type: 'tick', chapter: CH, item: 'a', done: true }, T1);
record = applyChange(record, { type: 'tick', chapter: CH, item: 'b', done: true }, T1);
record = applyChange(record, { type: 'tick', chapter: CH, item: 'b', done: false }, T2);
record = applyChange(record, { type: 'tick', chapter: '__proto__', item: 'constructor', done: true }, T2);
record = applyChange(record, { type: 'answer', chapter: CH, question: 'q1', choices: ['right', 'also'], correct: true }, T2);

/** Every chapter and item of this build's catalog ticked, every question answered: the largest real link. */
function wholeHandbook(): ProgressRecord {
  let full: ProgressRecord = emptyRecord();
  for (let chapter = 0; chapter < 26; chapter++) {
    const id = `track/chapter-number-${chapter}`;
    for (let item = 0; item < 10; item++) full = applyChange(full, { type: 'tick', chapter: id, item: `checklist-item-${chapter}-${item}`, done: true }, new Date(Date.UTC(2026, 9, 1, 8, chapter, item, 137)).toISOString());
    for (let question = 0; question < 7; question++) full = applyChange(full, { type: 'answer', chapter: id, question: `question-${question}`, choices: ['choice-a'], correct: question % 2 === 0 }, T2);
  }
  return full;
}

describe('progress links', () => {
  it('carry a record in a URL-safe fragment that reads back to the same record, unticks, answers and odd ids included', async () => {
    const fragment = await encodeProgressFragment(toExportFile(record, SITE, T2));
    expect(fragment).toMatch(/^move=1\.[A-Za-z0-9_-]+$/);
    expect(isProgressFragment(`#${fragment}`)).toBe(true);
    const result = await decodeProgressFragment(`#${fragment}`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(sameRecord(result.record, { ...record, updatedAt: T2 })).toBe(true);
    expect(result.summary).toEqual({ site: SITE, exportedAt: T2, name: null, chapters: 2, ticks: 2, answers: 1 });
    expect(isDone(result.record, '__proto__', 'constructor')).toBe(true);
    expect(Object.prototype).not.toHaveProperty('constructor', true);
  });

  it('refuse a link cut short, whatever its length, and change nothing', async () => {
    const fragment = await encodeProgressFragment(toExportFile(wholeHandbook(), SITE, T2));
    for (const keep of [0.95, 0.5, 0.1]) {
      const result = await decodeProgressFragment(fragment.slice(0, Math.floor(fragment.length * keep)));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/incomplete or was changed.*Nothing was changed\./);
    }
  });

  it('refuse a link altered anywhere in its data', async () => {
    const fragment = await encodeProgressFragment(toExportFile(record, SITE, T2));
    const start = 'move=1.'.length;
    for (let position = start; position < fragment.length; position += 7) {
      const swapped = fragment[position] === 'A' ? 'B' : 'A';
      const result = await decodeProgressFragment(fragment.slice(0, position) + swapped + fragment.slice(position + 1));
      expect(result.ok, `changed at ${position}`).toBe(false);
    }
  });

  it('say what is wrong with a link from a newer handbook, or something that is not a link', async () => {
    const fragment = await encodeProgressFragment(toExportFile(record, SITE, T2));
    const newer = await decodeProgressFragment(fragment.replace('move=1.', 'move=2.'));
    expect(newer).toEqual({ ok: false, error: expect.stringMatching(/newer version of the handbook \(link format 2\)/) });
    expect(await decodeProgressFragment('#section-heading')).toEqual({ ok: false, error: expect.stringMatching(/not a progress link/) });
    expect(await decodeProgressFragment('#move=1.%%%')).toEqual({ ok: false, error: expect.stringMatching(/incomplete or was changed/) });
  });

  it('keep the site the link came from, so the page can tell another handbook’s link apart', async () => {
    const result = await decodeProgressFragment(await encodeProgressFragment(toExportFile(record, 'https://other.example/', T2)));
    expect(result.ok && result.summary.site).toBe('https://other.example/');
  });

  it('read a link of valid encoding but impossible entries with the import’s own message', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ s: SITE, e: 'x', i: [[CH, [['a', 1, 'zzzzzzzzzzzz']]]], a: [] }));
    const deflated = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer());
    const data = btoa(String.fromCharCode(...deflated)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const result = await decodeProgressFragment(`move=1.${data}`);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/damaged at .*Nothing was changed\./) });
  });

  it('fit a whole handbook’s progress in a link, and a third of it in a QR code a phone can read', async () => {
    const full = wholeHandbook();
    const whole = await encodeProgressFragment(toExportFile(full, SITE, T2));
    const third: ProgressRecord = { items: new Map([...full.items].slice(0, 9)), answers: new Map([...full.answers].slice(0, 9)), updatedAt: full.updatedAt };
    const part = await encodeProgressFragment(toExportFile(third, SITE, T2));
    const link = (fragment: string) => `${SITE}progress/#${fragment}`.length;
    expect(link(part)).toBeLessThanOrEqual(QR_MAX_LINK_LENGTH);
    // Far below what browsers accept in a URL (Chromium: 2 MB), and what the page offers as a link.
    expect(link(whole)).toBeLessThan(20_000);
  });
});
