/**
 * The pipelines lab's light path (labs/mlops-pipelines/run_local.py). The KFP SDK cannot be installed
 * on these machines, so the script runs against a small stand-in for the parts of `kfp` it touches:
 * the test checks what the script asks of KFP's local runner (checked against the SDK's source:
 * kfp.local.init(runner, pipeline_root, enable_caching) and SubprocessRunner(use_venv) in 2.17) and
 * what it does with parameters and failures. The chapter's pinned SDK must be new enough for both.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const LAB = resolve('labs/mlops-pipelines');
const temp = mkdtempSync(join(tmpdir(), 'handbook-kfp-stub-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const stub = join(temp, 'site');
mkdirSync(join(stub, 'kfp'), { recursive: true });
writeFileSync(join(stub, 'kfp', '__init__.py'), 'class Client:\n    pass\n');
writeFileSync(join(stub, 'kfp', 'compiler.py'), 'class Compiler:\n    def compile(self, pipeline_func, package_path):\n        pass\n');
writeFileSync(
  join(stub, 'kfp', 'local.py'),
  [
    'CONFIG = None',
    'class SubprocessRunner:',
    '    def __init__(self, use_venv=True):',
    '        self.use_venv = use_venv',
    'def init(runner, pipeline_root="./local_outputs", workspace_root=None, raise_on_error=True, enable_caching=False, cache_root=None):',
    '    global CONFIG',
    '    CONFIG = {"runner": type(runner).__name__, "use_venv": runner.use_venv, "pipeline_root": pipeline_root,',
    '              "raise_on_error": raise_on_error, "enable_caching": enable_caching}',
    '',
  ].join('\n'),
);
writeFileSync(
  join(stub, 'kfp', 'dsl.py'),
  [
    'import json, os',
    'Dataset = Input = Metrics = Model = Output = object',
    'def component(*args, **kwargs):',
    '    return lambda function: function',
    'def pipeline(*args, **kwargs):',
    '    def wrap(function):',
    '        def run(**arguments):',
    '            from kfp import local',
    '            if local.CONFIG is None:',
    '                raise RuntimeError("Local environment not initialized")',
    '            with open(os.environ["KFP_STUB_RECORD"], "w") as handle:',
    '                json.dump({"name": kwargs.get("name"), "init": local.CONFIG, "arguments": arguments}, handle)',
    '            if os.environ.get("KFP_STUB_FAIL"):',
    '                raise RuntimeError("Pipeline \'bot-detector-training\' finished with status FAILURE.")',
    '        return run',
    '    return wrap',
    'class _Block:',
    '    def __init__(self, *args, **kwargs): pass',
    '    def __enter__(self): return self',
    '    def __exit__(self, *args): return False',
    'If = Else = _Block',
    '',
  ].join('\n'),
);

function runLocal(args: string[], extraEnv: Record<string, string> = {}) {
  const record = join(temp, `record-${Math.random().toString(36).slice(2)}.json`);
  const result = spawnSync('python3', ['run_local.py', ...args], {
    cwd: LAB,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PYTHONPATH: stub, PYTHONDONTWRITEBYTECODE: '1', KFP_STUB_RECORD: record, ...extraEnv },
  });
  if (result.error) throw new Error(`python3 is needed for the lab checks: sudo apt-get install -y python3\n${result.error.message}`);
  let recorded: { name: string; init: Record<string, unknown>; arguments: Record<string, unknown> } | undefined;
  try {
    recorded = JSON.parse(readFileSync(record, 'utf8'));
  } catch {
    recorded = undefined;
  }
  return { ...result, recorded };
}

describe('run_local.py, the pipeline without a cluster', { timeout: 60_000 }, () => {
  it('runs the training pipeline once with the subprocess runner in the current environment, without caching', () => {
    const { status, stdout, stderr, recorded } = runLocal([]);
    expect(status, stderr).toBe(0);
    expect(recorded?.name).toBe('bot-detector-training');
    expect(recorded?.init).toEqual({ runner: 'SubprocessRunner', use_venv: false, pipeline_root: 'local_outputs', raise_on_error: true, enable_caching: false });
    expect(recorded?.arguments).toEqual({});
    expect(stdout).toContain('local run finished; artifacts are under local_outputs/');
  });

  it('passes typed parameters and turns on the local cache on request', () => {
    const { status, stderr, recorded } = runLocal(['--param', 'min_f1=0.99', '--param', 'n_estimators=50', '--param', 'model_name=bots', '--cache', '--output', 'out']);
    expect(status, stderr).toBe(0);
    expect(recorded?.arguments).toEqual({ min_f1: 0.99, n_estimators: 50, model_name: 'bots' });
    expect(recorded?.init).toMatchObject({ pipeline_root: 'out', enable_caching: true });
  });

  it('refuses a malformed parameter, and exits 1 with the reason when a step fails', () => {
    const malformed = runLocal(['--param', 'min_f1']);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('--param expects NAME=VALUE');
    const failed = runLocal([], { KFP_STUB_FAIL: '1' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("local run failed: Pipeline 'bot-detector-training' finished with status FAILURE.");
  });

  it('pins a KFP SDK that runs dsl.If locally (2.16) and has the local cache (2.17), the version the chapter names', () => {
    const pin = readFileSync(join(LAB, 'requirements.txt'), 'utf8').match(/^kfp==(\d+)\.(\d+)\.(\d+)$/m);
    expect(pin).not.toBeNull();
    const [major, minor] = [Number(pin![1]), Number(pin![2])];
    expect(major === 2 && minor >= 17).toBe(true);
    const chapter = readFileSync('src/content/docs/mlops/pipelines.mdx', 'utf8');
    expect(chapter).toContain(`KFP SDK: "${pin![1]}.${pin![2]}.${pin![3]}"`);
    expect(chapter).not.toMatch(/kfp visualize/);
  });
});
