/**
 * The Python ML labs run here as their chapters show: in a virtual environment made by the test run
 * from the labs' pinned requirements (tests/support/python-venv.ts), the dataset is generated, the
 * model trained and saved with its metadata, predictions made, a tampered model refused
 * (Python for ML); the data and model tests and the quality gate run on that model, and broken data
 * is caught (CI/CD for ML); the FastAPI app serves it, rejects bad input, exposes metrics, survives a
 * load test and stops cleanly (Serving models). A lab that calls a library function that does not
 * exist fails here, naming its file: tests/fixtures/broken-labs/python-missing-function proves it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../support/net';
import { createLabVenv, readPins, SUBSTITUTES, substituted } from '../support/python-venv';

const LABS = ['mlops-python', 'mlops-cicd', 'mlops-serving'];
// Training, pytest and the server run beside the builds in npm test: give them more than the unit default.
vi.setConfig({ testTimeout: 120_000 });
const work = mkdtempSync(join(tmpdir(), 'handbook-ml-labs-'));
const lab = (name: string) => join(work, 'labs', name);
let env: NodeJS.ProcessEnv = {};
const children: ChildProcess[] = [];

beforeAll(() => {
  // A copy, so data/, artifacts/ and __pycache__/ land in the temp folder, not in the repository.
  for (const name of LABS) cpSync(join('labs', name), lab(name), { recursive: true, filter: (path) => !/(^|\/)(\.venv|data|artifacts|__pycache__)$/.test(path) });
  const venv = createLabVenv(work, LABS.map((name) => join('labs', name, 'requirements.txt')));
  if (venv.substitutes.length) console.info(`ML labs venv: the exact pins are not installable here; installed ${venv.substitutes.join(', ')}`);
  // What `source .venv/bin/activate` does for the commands below. Python may write its bytecode cache
  // (the venv and the lab copies are temporary): pip installed without it, and the first import fills it.
  const { PYTHONDONTWRITEBYTECODE: _, ...inherited } = process.env;
  env = { ...inherited, PATH: `${venv.bin}:${process.env.PATH}`, VIRTUAL_ENV: join(work, 'venv') };
}, 600_000);

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function run(cwd: string, command: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...env, ...extra }, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the venv follows the labs’ pins', () => {
  it('reads every pin, through -r includes, and applies a substitute only to the version it names', () => {
    const pins = readPins('labs/mlops-cicd/requirements.txt');
    expect(pins.map((pin) => pin.name)).toEqual(expect.arrayContaining(['pandas', 'numpy', 'scikit-learn', 'pytest', 'pandera']));
    const numpy = pins.find((pin) => pin.name === 'numpy')!;
    expect(() => substituted([{ ...numpy, version: '9.9.9' }])).toThrow(/pins numpy==9\.9\.9, but SUBSTITUTES .* names 2\.5\.3/);
    // A substitute is an older release of the same major version, never a different library line.
    for (const [name, { pinned, here }] of Object.entries(SUBSTITUTES)) {
      expect(here.split('.')[0], name).toBe(pinned.split('.')[0]);
    }
  });
});

describe('Python for ML (labs/mlops-python)', () => {
  const cwd = () => lab('mlops-python');

  it('generates the data set, trains, and saves the model with its metadata', () => {
    const data = run(cwd(), 'python3', ['make_dataset.py']);
    expect(data.status, data.output).toBe(0);
    const dataHash = /sha256: ([0-9a-f]{64})/.exec(data.output)?.[1];
    const trained = run(cwd(), 'python', ['train.py']);
    expect(trained.status, trained.output).toBe(0);
    // The chapter: "Expect a cross-validation ROC AUC of roughly 0.77".
    expect(trained.output).toMatch(/5-fold cross-validation ROC AUC on the training rows: 0\.7\d/);
    expect(trained.output).toMatch(/Test set: roc_auc 0\.7\d+, accuracy/);
    const meta = JSON.parse(readFileSync(join(cwd(), 'artifacts', 'model.json'), 'utf8'));
    expect(meta.data.sha256).toBe(dataHash);
    expect(meta.versions['scikit-learn']).toBe('1.9.1'); // pinned exactly, and loading checks it
  });

  it('predicts, and refuses a model file that does not match its metadata', () => {
    const predicted = run(cwd(), 'python', ['predict.py']);
    expect(predicted.status, predicted.output).toBe(0);
    const milk = Number(/([\d.]+)%\s+on time\s+Buy milk/.exec(predicted.output)?.[1]);
    const budget = Number(/([\d.]+)%\s+at risk: nudge the user\s+Review the quarterly/.exec(predicted.output)?.[1]);
    expect(milk, predicted.output).toBeGreaterThan(80);
    expect(budget, predicted.output).toBeLessThan(20);
    // The chapter's step: printf 'x' >> artifacts/model.joblib
    const model = join(cwd(), 'artifacts', 'model.joblib');
    const saved = readFileSync(model);
    writeFileSync(model, Buffer.concat([saved, Buffer.from('x')]));
    const refused = run(cwd(), 'python', ['predict.py']);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/does not match model\.json; refusing to load/);
    writeFileSync(model, saved);
  });

  it('trains on a time split: the newest 20% held out', () => {
    const time = run(cwd(), 'python', ['train.py', '--split', 'time']);
    expect(time.status, time.output).toBe(0);
    expect(time.output).toContain('Split (time): 4,000 rows to train, 1,000 to test');
    expect(JSON.parse(readFileSync(join(cwd(), 'artifacts', 'model.json'), 'utf8')).split).toBe('time');
  });

  it('vectorize.py finds the seeded count of to-dos at risk the chapter shows', () => {
    const result = run(cwd(), 'python', ['vectorize.py']);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/^NumPy [\d.]+, 1,000,000 rows, 566,675 at risk$/m);
    expect(result.output).toMatch(/vectorized:\s+[\d.]+ ms/);
  });
});

describe('CI/CD for ML (labs/mlops-cicd)', () => {
  const cwd = () => lab('mlops-cicd');

  it('runs the pipeline’s steps: data tests, training, model tests, the gate', () => {
    const data = run(cwd(), 'python', ['-m', 'pytest', 'tests/test_data.py', '-q', '-p', 'no:cacheprovider']);
    expect(data.status, data.output).toBe(0);
    expect(data.output).toMatch(/\b8 passed\b/);
    const trained = run(cwd(), 'python', ['../mlops-python/train.py']);
    expect(trained.status, trained.output).toBe(0);
    const model = run(cwd(), 'python', ['-m', 'pytest', 'tests/test_model.py', '-q', '-p', 'no:cacheprovider']);
    expect(model.status, model.output).toBe(0);
    expect(model.output).toMatch(/\b11 passed\b/);
    const gate = run(cwd(), 'python', ['evaluate_gate.py', '../mlops-python/artifacts/model.json']);
    expect(gate.status, gate.output).toBe(0);
    expect(gate.output).toMatch(/^PASSED: \d+ checks$/m);
  });

  it('stops broken data before training: pandera names the column, the check and the value', () => {
    const broken = join(work, 'todos-broken.csv');
    writeFileSync(broken, readFileSync(join(lab('mlops-python'), 'data', 'todos.csv'), 'utf8').replaceAll(',high,', ',urgent,'));
    const result = run(cwd(), 'python', ['-m', 'pytest', 'tests/test_data.py', '-q', '-p', 'no:cacheprovider'], { TRAINING_DATA: broken });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/test_schema/);
    for (const word of ['priority', 'isin', 'urgent']) expect(result.output).toContain(word);
  });
});

describe('Serving models (labs/mlops-serving)', () => {
  const cwd = () => lab('mlops-serving');
  const serverEnv = { PYTHONPATH: '../mlops-python', MODEL_DIR: '../mlops-python/artifacts', MODEL_VERSION: '1' };

  async function start(extra: NodeJS.ProcessEnv = {}) {
    const port = await freePort();
    // The log goes to a file: a pipe would fill while spawnSync runs the load test, and block the server.
    const logFile = join(work, `uvicorn-${port}.log`);
    const out = openSync(logFile, 'w');
    const child = spawn('uvicorn', ['app.main:app', '--port', String(port)], { cwd: cwd(), env: { ...env, ...serverEnv, ...extra }, stdio: ['ignore', out, out] });
    closeSync(out);
    children.push(child);
    return { child, url: `http://127.0.0.1:${port}`, log: () => readFileSync(logFile, 'utf8') };
  }

  async function ready(url: string, child: ChildProcess) {
    for (let tries = 0; tries < 200 && child.exitCode === null; tries++) {
      const answer = await fetch(`${url}/readyz`).catch(() => undefined);
      if (answer?.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the API did not become ready');
  }

  const predict = (url: string, body: unknown) =>
    fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('serves the trained model: versioned predictions, 422 for bad input, metrics, load test, clean stop', async () => {
    const server = await start();
    await ready(server.url, server.child);
    // The two to-dos of the chapter's step 3.
    const answer = await predict(server.url, {
      instances: [
        { title: 'Buy milk', priority: 'high', list_name: 'shopping', client: 'ios', due_in_days: 1, has_reminder: true, open_todos: 4, account_age_days: 900 },
        { title: 'Review the quarterly infrastructure budget with finance', priority: 'low', list_name: 'work', client: 'api', open_todos: 55, account_age_days: 30, created_at: '2026-11-20T23:40:00Z' },
      ],
    });
    expect(answer.status, server.log()).toBe(200);
    expect(answer.headers.get('x-model-version')).toBe('1');
    const body = (await answer.json()) as { model_version: string; predictions: { probability_on_time: number; on_time: boolean }[] };
    expect(body.model_version).toBe('1');
    expect(body.predictions.map((p) => p.on_time)).toEqual([true, false]);
    expect(body.predictions[0]!.probability_on_time).toBeGreaterThan(0.8);
    expect(body.predictions[1]!.probability_on_time).toBeLessThan(0.2);

    const invalid = await predict(server.url, { instances: [{ title: 'Buy milk', priority: 'urgent', list_name: 'shopping', client: 'ios', open_todos: -1 }] });
    expect(invalid.status).toBe(422);
    const detail = ((await invalid.json()) as { detail: { type: string; loc: (string | number)[] }[] }).detail;
    expect(detail.map((error) => `${error.type} ${error.loc.join('.')}`)).toEqual(['literal_error body.instances.0.priority', 'greater_than_equal body.instances.0.open_todos']);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^model_\w+/m);

    const load = run(cwd(), 'python3', ['load_test.py', '--requests', '200', '--concurrency', '8', '--url', server.url]);
    expect(load.status, load.output).toBe(0);
    expect(load.output).toMatch(/200 requests in [\d.]+ s: [\d.]+ req\/s, 0 failed/);
    expect(load.output).toContain("model versions: {'1': 200}");

    server.child.kill('SIGTERM');
    // Uvicorn shuts down gracefully, then ends by the signal it received (exit status 128 + 15 in a shell).
    const [code, signal] = await once(server.child, 'exit');
    expect(code === 0 || signal === 'SIGTERM', server.log()).toBe(true);
    expect(server.log()).toContain('"msg": "shutdown complete"');
    expect(server.log()).toContain('Application shutdown complete.');
  });

  it('exits at start-up with the instructions when there is no model', async () => {
    const server = await start({ MODEL_DIR: '/nowhere' });
    const [code] = await once(server.child, 'exit');
    expect(code).not.toBe(0);
    expect(server.log()).toContain('ModelLoadError: no model.json in /nowhere');
    expect(server.log()).toContain('Application startup failed. Exiting.');
  });
});

describe('a lab calling a library function that does not exist', () => {
  it('fails, naming the file, the line and the missing name', () => {
    const script = 'tests/fixtures/broken-labs/python-missing-function/evaluate.py';
    const result = run('.', 'python', [script]);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/File ".*python-missing-function\/evaluate\.py", line \d+/);
    expect(result.output).toMatch(/ImportError: cannot import name 'roc_auc_scores' from 'sklearn\.metrics'/);
  });
});
