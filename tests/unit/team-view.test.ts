import { describe, expect, it } from 'vitest';
import type { CatalogChapter } from '../../src/lib/catalog';
import { applyChange, emptyRecord, type ProgressChange } from '../../src/lib/progress-record';
import { exportText, toExportFile } from '../../src/lib/progress-transfer';
import { cohortMatrix, csvField, matrixCsv, readCohort, sortRows } from '../../src/lib/team-view';

const SITE = 'https://intranet.example/handbook/';
const chapters: CatalogChapter[] = [
  { id: 'devops/containers', title: 'Containers', href: '/handbook/devops/containers/', track: 'devops', items: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }], questions: [{ id: 'q1', text: 'Q1' }, { id: 'q2', text: 'Q2' }] },
  { id: 'devops/ci-cd', title: 'CI/CD', href: '/handbook/devops/ci-cd/', track: 'devops', items: [{ id: 'c', text: 'C' }], questions: [] },
];

function exportOf(changes: [ProgressChange, string][], name?: string, site = SITE): string {
  const record = changes.reduce((current, [change, at]) => applyChange(current, change, at), emptyRecord());
  return exportText(toExportFile(record, site, '2026-12-01T00:00:00.000Z', name));
}
const tick = (chapter: string, item: string, at: string, done = true): [ProgressChange, string] => [{ type: 'tick', chapter, item, done }, at];

const ana = exportOf(
  [
    tick('devops/containers', 'a', '2026-11-28T10:00:00.000Z'),
    tick('devops/containers', 'b', '2026-11-29T10:00:00.000Z'),
    tick('devops/ci-cd', 'c', '2026-11-30T10:00:00.000Z'),
    [{ type: 'answer', chapter: 'devops/containers', question: 'q1', choices: ['x'], correct: true }, '2026-11-30T11:00:00.000Z'],
  ],
  'Ana',
);
const bo = exportOf([tick('devops/containers', 'a', '2026-10-01T10:00:00.000Z'), tick('devops/containers', 'b', '2026-10-01T10:00:00.000Z'), tick('devops/containers', 'b', '2026-10-02T10:00:00.000Z', false)]);

describe('team view', () => {
  it('reads each file with the import rules: people, other handbooks apart, bad files listed with the reason', () => {
    const cohort = readCohort(
      [
        { fileName: 'ana.json', text: ana },
        { fileName: 'bo.json', text: bo },
        { fileName: 'elsewhere.json', text: exportOf([], 'Cy', 'https://other.example/') },
        { fileName: 'broken.json', text: '{"format": "backend-devops-mlops-handbook/progress", "version": 3, "items": ' },
        { fileName: 'notes.json', text: '{"hello": 1}' },
      ],
      SITE,
    );
    expect(cohort.people.map((person) => person.name)).toEqual(['Ana', 'bo']);
    expect(cohort.foreign.map((person) => [person.name, person.site])).toEqual([['Cy', 'https://other.example/']]);
    expect(cohort.refused.map((file) => file.fileName)).toEqual(['broken.json', 'notes.json']);
    expect(cohort.refused[0]!.reason).toMatch(/not valid JSON/);
    expect(cohort.refused[1]!.reason).toMatch(/not a progress export/);
  });

  it('counts ticks (not unticks) and right answers per chapter, with totals and who has stalled', () => {
    const { people } = readCohort([{ fileName: 'ana.json', text: ana }, { fileName: 'bo.json', text: bo }], SITE);
    const matrix = cohortMatrix(people, chapters, new Date('2026-12-07T00:00:00.000Z'), 14);
    const [first, second] = matrix.rows;
    expect(first!.cells).toEqual([{ done: 2, total: 2, correct: 1, questions: 2 }, { done: 1, total: 1, correct: 0, questions: 0 }]);
    expect([first!.done, first!.total, first!.correct, first!.stalled]).toEqual([3, 3, 1, false]);
    expect(second!.cells[0]).toEqual({ done: 1, total: 2, correct: 0, questions: 2 });
    expect(second!.stalled).toBe(true);
    expect(matrix.totals.map((total) => [total.done, total.total, total.finished])).toEqual([[3, 4, 1], [1, 2, 1]]);
  });

  it('sorts by name, progress, last activity or a chapter, either way, ties by name', () => {
    const { people } = readCohort([{ fileName: 'bo.json', text: bo }, { fileName: 'ana.json', text: ana }], SITE);
    const { rows } = cohortMatrix(people, chapters, new Date('2026-12-07T00:00:00.000Z'), 14);
    const names = (sorted: typeof rows) => sorted.map((row) => row.person.name);
    expect(names(sortRows(rows, { by: 'name' }, 'ascending'))).toEqual(['Ana', 'bo']);
    expect(names(sortRows(rows, { by: 'progress' }, 'ascending'))).toEqual(['bo', 'Ana']);
    expect(names(sortRows(rows, { by: 'last-active' }, 'descending'))).toEqual(['Ana', 'bo']);
    expect(names(sortRows(rows, { by: 'chapter', index: 1 }, 'descending'))).toEqual(['Ana', 'bo']);
  });

  it('writes CSV a spreadsheet cannot mistake: quoted fields, no formulas, no dates', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('Lee, Sam')).toBe('"Lee, Sam"');
    expect(csvField(-3)).toBe('-3');
    const { people } = readCohort([{ fileName: 'ana.json', text: ana }], SITE);
    const csv = matrixCsv(cohortMatrix(people, chapters, new Date('2026-12-07T00:00:00.000Z'), 14));
    const [header, row] = csv.trimEnd().split('\r\n');
    expect(header).toBe('Name,File,Containers: ticks,Containers: right answers,CI/CD: ticks,CI/CD: right answers,Ticks,Items,Right answers,Questions,Last active,Stalled');
    expect(row).toBe('Ana,ana.json,2 of 2,1 of 2,1 of 1,,3,3,1,2,2026-11-30T11:00:00.000Z,no');
  });
});
