/**
 * The ML fundamentals lab (labs/mlops-fundamentals/metrics.py): the precision-recall curve and the
 * calibration table give known answers on a hand-checked file, and the chapter shows the output the
 * script really prints for the shipped predictions.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const LAB = 'labs/mlops-fundamentals';
const CHAPTER = 'src/content/docs/mlops/ml-fundamentals.mdx';
const temp = mkdtempSync(join(tmpdir(), 'handbook-fundamentals-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function metrics(...args: string[]) {
  const result = spawnSync('python3', ['metrics.py', ...args], { cwd: LAB, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw new Error(`python3 is needed for the lab checks: sudo apt-get install -y python3\n${result.error.message}`);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** The lines from the one starting with `first` to the one containing `last`, as the chapter indents them in a step. */
function section(output: string, first: string, last: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith(first));
  const end = lines.findIndex((line, index) => index >= start && line.includes(last));
  expect(start, `no line starting with "${first}"`).toBeGreaterThanOrEqual(0);
  expect(end, `no line containing "${last}"`).toBeGreaterThanOrEqual(start);
  return lines.slice(start, end + 1).map((line) => (line ? `   ${line}` : '')).join('\n');
}

describe('metrics.py, precision-recall curve and calibration', { timeout: 60_000 }, () => {
  // Four rows worked by hand. Thresholds from the top: 0.9 (P 1, R 0.5), 0.8 (P 0.5, R 0.5),
  // 0.7 (P 0.667, R 1), 0.1 (P 0.5, R 1): average precision 0.5 x 1 + 0.5 x 0.667 = 0.833.
  // Brier score: (0.1² + 0.8² + 0.3² + 0.1²) / 4 = 0.1875.
  const small = join(temp, 'small.csv');
  writeFileSync(small, 'score,label\n0.9,1\n0.8,0\n0.7,1\n0.1,0\n');
  const args = ['--csv', small, '--score-column', 'score', '--label-column', 'label'];

  it('computes average precision and the operating points as a step function over every distinct score', () => {
    const output = metrics(...args, '--curve');
    expect(output).toContain('Precision-recall curve: 4 points');
    expect(output).toMatch(/average precision {2}0\.833 /);
    expect(output).toMatch(/50% of fraud +0\.900 +100\.0% +50\.0% +1\n/);
    expect(output).toMatch(/100% of fraud +0\.700 +66\.7% +100\.0% +3\n/);
  });

  it('computes the Brier score and the estimate that reads scores as probabilities', () => {
    const output = metrics(...args, '--calibration');
    expect(output).toContain('Brier score 0.1875');
    // The scores add up to 2.5 expected positives; two are real.
    expect(output).toContain('the scores expect 2.5 frauds; there were 2.');
    expect(output).toMatch(/0\.9-1\.0 +1 +0\.900 +100\.0%/);
  });

  it('prints what the chapter shows for the shipped predictions', () => {
    const chapter = readFileSync(CHAPTER, 'utf8');
    expect(chapter).toContain(section(metrics(), 'Confusion matrix at threshold 0.50', 'ROC AUC'));
    expect(chapter).toContain(section(metrics('--curve'), 'Precision-recall curve', '100% of fraud'));
    expect(chapter).toContain(section(metrics('--calibration'), 'Calibration:', 'calibration of the scores it reads'));
  });
});
