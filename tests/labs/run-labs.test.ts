/**
 * The lab scripts that need nothing beyond Python's standard library, Bash and Node run here, as a
 * reader runs them, and give the results their chapters show. The labs that need pandas, scikit-learn
 * or FastAPI run in python-ml-labs.test.ts, in a virtual environment; those whose libraries this
 * machine's package index lacks (MLflow, Feast, Evidently, KFP) only compile, in labs.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandAndOutput, readChapter } from '../support/chapter-file';

const work = mkdtempSync(join(tmpdir(), 'handbook-labs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
// The scripts that start the sample service need Node 24 first on the PATH, as the reader has it.
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: '' };

function run(command: string, args: string[], cwd = 'labs') {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env, timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('lab scripts run as the chapters show', () => {
  it('culture: DORA metrics from the shipped CSVs', () => {
    const { status, output } = run('python3', ['culture/dora_metrics.py']);
    expect(status, output).toBe(0);
    expect(output).toMatch(/Deployment frequency\s+4\.3 per week/);
  });

  it('mlops-intro: a model decays under drift', () => {
    const { status, output } = run('python3', ['mlops-intro/model_life.py']);
    expect(status, output).toBe(0);
    expect(output).toContain('Deployed v1; never retrained.');
  });

  it('mlops-fundamentals: confusion matrix and metrics from the shipped predictions', () => {
    const { status, output } = run('python3', ['mlops-fundamentals/metrics.py']);
    expect(status, output).toBe(0);
    expect(output).toContain('1000 transactions, 50 fraudulent (5.0%)');
  });

  it('mlops-python: the dataset generator is deterministic', () => {
    const first = run('python3', ['mlops-python/make_dataset.py', '--out', join(work, 'a.csv')]);
    const second = run('python3', ['mlops-python/make_dataset.py', '--out', join(work, 'b.csv')]);
    expect(first.status, first.output).toBe(0);
    const hash = (output: string) => output.match(/sha256: ([0-9a-f]{64})/)?.[1];
    expect(hash(first.output)).toBeDefined();
    expect(hash(second.output)).toBe(hash(first.output));
  });

  it('mlops-monitoring: drift is found in the drifted batch only, with the exit code a pipeline needs', () => {
    const batches = join(work, 'batches');
    expect(run('python3', ['mlops-monitoring/make_batches.py', '--out', batches]).status).toBe(0);
    expect(run('python3', ['mlops-monitoring/drift.py', join(batches, 'reference.csv'), join(batches, 'current-stable.csv')]).status).toBe(0);
    const drifted = run('python3', ['mlops-monitoring/drift.py', join(batches, 'reference.csv'), join(batches, 'current-drifted.csv')]);
    expect(drifted.status).toBe(1);
    expect(drifted.output).toMatch(/DRIFT: \d+ of \d+ columns at or above PSI 0\.25/);
  });

  it('mlops-cicd: the evaluation gate passes a good candidate and stops a weak one', () => {
    const good = run('python3', ['mlops-cicd/evaluate_gate.py', 'mlops-cicd/examples/candidate.json']);
    expect(good.status, good.output).toBe(0);
    expect(good.output).toContain('PASSED');
    const weak = run('python3', ['mlops-cicd/evaluate_gate.py', 'mlops-cicd/examples/candidate-weak.json']);
    expect(weak.status).not.toBe(0);
    expect(weak.output).toMatch(/FAILED: f1 [\d.]+ is not >= 0\.68/);
  });

  it('mlops-roadmap: the progress report reads a handbook export', () => {
    const { status, output } = run('python3', ['mlops-roadmap/progress_report.py', 'mlops-roadmap/sample-progress.json']);
    expect(status, output).toBe(0);
    expect(output).toMatch(/Phase 1\s+Foundations/);
  });

  it('scripting: the Bash and Python smoke tests start the sample service, check it and stop it', () => {
    const bash = run('bash', ['smoke-test.sh'], 'labs/scripting');
    expect(bash.status, bash.output).toBe(0);
    const python = run('python3', ['smoke_test.py'], 'labs/scripting');
    expect(python.status, python.output).toBe(0);
  });
});

describe('scripting: the Makefile, as the chapter and the lab README use it', () => {
  // A copy of the lab and the service it starts: `make lint` and `make smoke-py` leave __pycache__ behind.
  const copy = join(work, 'make');
  const make = (...args: string[]) => run('make', ['--no-print-directory', ...args], join(copy, 'scripting'));

  it('lists its targets, runs the smoke test and the lint, and cleans up', () => {
    for (const lab of ['scripting', 'service']) cpSync(join('labs', lab), join(copy, lab), { recursive: true });
    const help = make();
    expect(help.status, help.output).toBe(0);
    for (const target of ['help', 'run', 'smoke', 'smoke-py', 'smoke-ps', 'lint', 'clean']) expect(help.output).toMatch(new RegExp(`^  ${target} +\\S`, 'm'));
    const smoke = make('smoke');
    expect(smoke.status, smoke.output).toBe(0);
    const lint = make('lint');
    expect(lint.status, lint.output).toBe(0);
    expect(lint.output).toContain('lint: ok');
    expect(existsSync(join(copy, 'scripting', '__pycache__'))).toBe(true);
    expect(make('clean').status).toBe(0);
    expect(existsSync(join(copy, 'scripting', '__pycache__'))).toBe(false);
  });

  it('.ONESHELL without -e runs on past a failing line, printing what the chapter shows', () => {
    const example = commandAndOutput(readChapter('src/content/docs/devops/scripting.mdx').body, 'make', '.ONESHELL:');
    expect(example, 'the chapter’s .ONESHELL example and its output').toBeDefined();
    writeFileSync(join(work, 'oneshell.mk'), example!.code);
    const result = run('make', ['--no-print-directory', '-f', join(work, 'oneshell.mk'), 'build'], work);
    expect(result.status).toBe(0);
    expect(result.output).toBe(example!.output);
  });
});

