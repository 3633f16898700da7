import { describe, expect, it } from 'vitest';
import { PROBLEM_NOTICES, exportDoneText, importDoneText, importSummaryText, resetConfirmText } from '../../src/lib/progress-messages';

const summary = { site: 'https://other.example/handbook/', exportedAt: '2026-11-20T10:00:00.000Z', name: 'Ada', chapters: 2, ticks: 3, answers: 1 };

describe('progress messages', () => {
  it('tells a full store from a blocked one', () => {
    expect(PROBLEM_NOTICES.full).toMatch(/storage for this site is full/);
    expect(PROBLEM_NOTICES.blocked).not.toMatch(/full/);
  });

  it('says which handbook an import comes from when it is not this one', () => {
    expect(importSummaryText('f.json', summary, 'https://intranet.example/', false)).toMatch(/exported from another handbook, https:\/\/other\.example\/handbook\/, not from this one \(https:\/\/intranet\.example\/\)/);
    expect(importSummaryText('f.json', { ...summary, site: 'https://intranet.example/' }, 'https://intranet.example/', true)).not.toMatch(/another handbook/);
    expect(importSummaryText('f.json', summary, 'x', true)).toMatch(/^f\.json holds 3 ticked items and 1 answered question in 2 chapters, exported 2026-11-20 by Ada\./);
  });

  it('names what is merged or replaced: a file, or a link', () => {
    expect(importSummaryText('f.json', summary, 'x', true)).toMatch(/replace makes your progress exactly the file’s\.$/);
    expect(importSummaryText('This link', summary, 'x', true, 'link')).toMatch(/^This link holds .*replace makes your progress exactly the link’s\.$/);
    expect(importDoneText('merge', null, 'link')).toBe('Imported: the link’s progress was merged into yours, and saved in this browser.');
  });

  it('never says "saved" when it was not', () => {
    expect(importDoneText('merge', null)).toMatch(/saved in this browser/);
    expect(importDoneText('replace', 'blocked')).toMatch(/for this visit only/);
    expect(importDoneText('merge', 'newer')).toMatch(/for this visit only.*newer version/);
  });

  it('says what an export holds, and what it cannot hold', () => {
    expect(exportDoneText('f.json', 2, 1, null)).toBe('Exported f.json with 2 ticked items and 1 answer.');
    expect(exportDoneText('f.json', 0, 0, 'newer')).toMatch(/only this visit’s 0 ticked items.*newer version/);
    expect(exportDoneText('f.json', 1, 0, 'blocked')).toMatch(/not keeping them/);
  });

  it('names ticks of removed items before a reset removes them', () => {
    expect(resetConfirmText([])).toBe('Clear every tick in this chapter’s checklist?');
    expect(resetConfirmText(['old-a', 'old-b'])).toMatch(/removes 2 ticks of items this version no longer has \(old-a, old-b\)/);
  });
});
