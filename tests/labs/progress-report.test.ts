/**
 * Contract between the site's progress export and the MLOps roadmap's progress_report.py: the script
 * reads the format the site writes today, its sample is a file the site itself would write and import,
 * and the chapter prints the output the script really gives.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROGRESS_VERSION, applyChange, emptyRecord, type ProgressChange } from '../../src/lib/progress-record';
import { EXPORT_FORMAT, exportText, parseImport, toExportFile } from '../../src/lib/progress-transfer';

const LAB = 'labs/mlops-roadmap';
const SAMPLE = `${LAB}/sample-progress.json`;
const report = (file: string) => {
  const result = spawnSync('python3', ['progress_report.py', resolve(file)], { cwd: LAB, encoding: 'utf8' });
  if (result.error) throw new Error(`python3 is needed for the lab checks: sudo apt-get install -y python3\n${result.error.message}`);
  return result;
};

const temp = mkdtempSync(join(tmpdir(), 'handbook-progress-report-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('progress_report.py reads what the site exports', () => {
  it('knows the site’s format marker and current version', () => {
    const script = readFileSync(`${LAB}/progress_report.py`, 'utf8');
    expect(script).toContain(`EXPORT_FORMAT = "${EXPORT_FORMAT}"`);
    expect(script).toContain(`NEWEST_VERSION = ${PROGRESS_VERSION}`);
  });

  it('ships a sample that the site imports and would write byte for byte', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const parsed = parseImport(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const data = JSON.parse(text);
    expect(data.version).toBe(PROGRESS_VERSION);
    expect(exportText(toExportFile(parsed.record, data.site, data.exportedAt, data.name))).toBe(text);
  });

  it('counts ticks but not unticks, and the knowledge-check answers, of a file the site exports', () => {
    const changes: [ProgressChange, string][] = [
      [{ type: 'tick', chapter: 'devops/containers', item: 'non-root-image', done: true }, '2026-11-10T10:00:00.000Z'],
      [{ type: 'tick', chapter: 'devops/containers', item: 'dockerignore', done: true }, '2026-11-10T10:01:00.000Z'],
      [{ type: 'tick', chapter: 'devops/containers', item: 'rollback-practiced', done: true }, '2026-11-10T10:02:00.000Z'],
      [{ type: 'tick', chapter: 'devops/containers', item: 'rollback-practiced', done: false }, '2026-11-11T09:00:00.000Z'],
      [{ type: 'answer', chapter: 'devops/containers', question: 'shell-form-cmd', choices: ['shell-pid1'], correct: true }, '2026-11-11T09:05:00.000Z'],
      [{ type: 'answer', chapter: 'devops/containers', question: 'tag-versus-digest', choices: ['latest-only'], correct: false }, '2026-11-11T09:06:00.000Z'],
    ];
    const record = changes.reduce((current, [change, at]) => applyChange(current, change, at), emptyRecord());
    const file = join(temp, 'export.json');
    writeFileSync(file, exportText(toExportFile(record, 'https://intranet.example/handbook/', '2026-11-12T08:00:00.000Z', 'Ana')));
    const { status, stdout, stderr } = report(file);
    expect(status, stderr).toBe(0);
    expect(stdout).toContain('Progress export from https://intranet.example/handbook/ by Ana');
    expect(stdout).toContain('Knowledge checks: 2 questions answered, 1 right.');
    expect(stdout).toMatch(/devops\/containers +Containers and orchestration +2 +last 2026-11-10, check 1 of 2 right/);
  });

  it('prints exactly the output the roadmap chapter shows for the sample', () => {
    const chapter = readFileSync('src/content/docs/mlops/roadmap.mdx', 'utf8');
    const command = chapter.indexOf('python3 progress_report.py sample-progress.json\n');
    const block = chapter.slice(command).match(/```text\n([\s\S]*?)\n {3}```/);
    expect(block, 'the chapter shows the output after the command').not.toBeNull();
    const shown = block![1]!
      .split('\n')
      .map((line) => line.replace(/^ {3}/, ''))
      .join('\n');
    const { status, stdout } = report(SAMPLE);
    expect(status).toBe(0);
    expect(shown).toBe(stdout.trimEnd());
  });

  it('follows the learning path page, the sidebar order and every chapter\'s prerequisites', () => {
    const dump = spawnSync('python3', ['-B', '-c', 'import json, progress_report as p; print(json.dumps(p.PHASES))'], { cwd: LAB, encoding: 'utf8' });
    expect(dump.status, dump.stderr).toBe(0);
    const phases = (JSON.parse(dump.stdout) as [number, string, string, [string, string][]][]).map(([number, , weeks, chapters]) => ({
      number,
      weeks,
      slugs: chapters.map(([slug]) => slug),
    }));
    const path = readFileSync('src/content/docs/start/mlops-path.mdx', 'utf8');
    const steps = [...path.matchAll(/title: '(Phase (\d+)[^']*\((weeks [\d-]+)\))',[\s\S]*?pages: \[([^\]]*)\]/g)].map((match) => ({
      number: Number(match[2]),
      weeks: match[3],
      slugs: [...match[4]!.matchAll(/'([^']+)'/g)].map((page) => page[1]),
    }));
    expect(phases, 'PHASES in progress_report.py lists the path page\'s phases, weeks and chapters in its order').toEqual(steps);

    const frontmatter = (slug: string) => readFileSync(`src/content/docs/${slug}.mdx`, 'utf8').split('\n---', 1)[0]!;
    const sequence = phases.flatMap((phase) => phase.slugs);
    const mlops = sequence.filter((slug) => slug.startsWith('mlops/'));
    const pages = readdirSync('src/content/docs/mlops').filter((file) => file.endsWith('.mdx')).map((file) => `mlops/${file.replace(/\.mdx$/, '')}`);
    expect([...mlops].sort(), 'every MLOps chapter has its place in the roadmap').toEqual(pages.sort());
    const orders = mlops.map((slug) => Number(frontmatter(slug).match(/^order: (\d+)$/m)?.[1]));
    expect(orders, `sidebar order of ${mlops.join(', ')}`).toEqual([...orders].sort((a, b) => a - b));
    expect(new Set(orders).size, 'no two MLOps chapters share an order').toBe(orders.length);
    for (const slug of sequence) {
      const listed = frontmatter(slug).match(/^prerequisites: \[(.*)\]$/m)?.[1] ?? '';
      for (const prerequisite of listed.split(',').map((entry) => entry.trim()).filter(Boolean)) {
        if (!sequence.includes(prerequisite)) continue;
        expect(sequence.indexOf(prerequisite), `${slug} needs ${prerequisite}, which the roadmap puts later`).toBeLessThan(sequence.indexOf(slug));
      }
    }
  });

  it('refuses a file that is not a handbook export, with exit code 2 and the reason', () => {
    const file = join(temp, 'other.json');
    writeFileSync(file, JSON.stringify({ items: {} }));
    const { status, stderr } = report(file);
    expect(status).toBe(2);
    expect(stderr).toMatch(/not a progress export of this handbook/);
  });
});
