// The team view's reading of a cohort, measured in Node: 100 exports of a full handbook (every
// checklist item ticked, every question answered, at the record's limits per chapter), read with the
// import rules and turned into the matrix, as the team progress page does in the browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { listPageFiles } from '../../src/lib/content-files.ts';
import { loadTs } from '../load-ts.mjs';

export async function teamViewTiming(root, people = 100) {
  const record = await loadTs(join(root, 'src/lib/progress-record.ts'));
  const transfer = await loadTs(join(root, 'src/lib/progress-transfer.ts'));
  const team = await loadTs(join(root, 'src/lib/team-view.ts'));
  const docs = join(root, 'src/content/docs');
  const chapters = listPageFiles(docs).flatMap((file) => {
    const data = parse(readFileSync(file, 'utf8').split(/^---$/m)[1] ?? '') ?? {};
    if (!data.checklist?.length) return [];
    const id = file.slice(docs.length + 1).replace(/\.mdx?$/, '');
    return [{ id, title: data.title, href: `/${id}/`, track: data.track, items: data.checklist.map((item) => ({ id: item.id, text: item.text })), questions: (data.knowledgeCheck ?? []).map((q) => ({ id: q.id, text: q.question })) }];
  });
  const site = 'https://intranet.example/handbook/';
  const files = Array.from({ length: people }, (_, person) => {
    let current = record.emptyRecord();
    const at = (n) => new Date(Date.UTC(2026, 10, 1) + person * 1000 + n).toISOString();
    let n = 0;
    for (const chapter of chapters) {
      for (const item of chapter.items) current = record.applyChange(current, { type: 'tick', chapter: chapter.id, item: item.id, done: true }, at(n++));
      for (const question of chapter.questions) current = record.applyChange(current, { type: 'answer', chapter: chapter.id, question: question.id, choices: ['a'], correct: n % 2 === 0 }, at(n++));
    }
    return { fileName: `person-${person}.json`, text: transfer.exportText(transfer.toExportFile(current, site, at(n), `Person ${person}`)) };
  });
  const start = performance.now();
  const cohort = team.readCohort(files, site);
  const matrix = team.cohortMatrix(cohort.people, chapters, new Date('2026-12-01T00:00:00.000Z'), 14);
  team.matrixCsv(matrix);
  const ms = performance.now() - start;
  if (matrix.rows.length !== people) throw new Error(`team view read ${matrix.rows.length} of ${people} files`);
  return { ms, people, chapters: chapters.length, bytes: files.reduce((sum, file) => sum + file.text.length, 0) };
}
