/**
 * Every lab file a chapter shows is checked here: data files parse, scripts are valid, and the
 * sample service starts and answers as the labs say it does.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { parseAllDocuments } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walk } from '../support/files';
import { parsePrometheusText } from '../support/prometheus-text';

const files = walk('labs');

describe('lab files', () => {
  it.each(files.filter((file) => /\.ya?ml$/.test(file)))('%s is valid YAML', (file) => {
    const documents = parseAllDocuments(readFileSync(file, 'utf8'));
    for (const document of documents) expect(document.errors.map(String)).toEqual([]);
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(files.filter((file) => file.endsWith('.toml')))('%s is valid TOML', (file) => {
    expect(() => parseToml(readFileSync(file, 'utf8'))).not.toThrow();
  });

  it('gitleaks: every allowlisted path pattern names a file that exists, so no exception outlives its reason', () => {
    const config = parseToml(readFileSync('labs/devsecops/gitleaks.toml', 'utf8')) as { allowlists?: { paths?: string[] }[] };
    const patterns = (config.allowlists ?? []).flatMap((allowlist) => allowlist.paths ?? []);
    expect(patterns.length).toBeGreaterThan(0);
    // Paths are matched from the repository root; the allowlisted files are lab files.
    for (const pattern of patterns) expect(files.some((file) => new RegExp(pattern).test(file)), pattern).toBe(true);
  });

  it.each(files.filter((file) => file.endsWith('.json')))('%s is valid JSON', (file) => {
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
  });

  it.each(files.filter((file) => /\.(tf|hcl|tfvars)$/.test(file)))('%s is valid HCL (HashiCorp\'s own parser)', async (file) => {
    await expect(parseHcl(file, readFileSync(file, 'utf8'))).resolves.toBeTypeOf('object');
  });

  const python = files.filter((file) => file.endsWith('.py'));
  it('has Python files to check', () => expect(python.length).toBeGreaterThan(0));
  // One python3 compiles them all (compile() is what py_compile does, without leaving __pycache__
  // behind) and reports each file's error, or null: one start instead of one per file.
  let compiled: Record<string, string | null> | undefined;
  const compileAll = () => {
    const script = [
      'import json, sys',
      'out = {}',
      'for path in sys.argv[1:]:',
      '    try:',
      '        compile(open(path, encoding="utf-8").read(), path, "exec"); out[path] = None',
      '    except SyntaxError as error:',
      '        out[path] = f"{path}:{error.lineno}: {error.msg}"',
      'print(json.dumps(out))',
    ].join('\n');
    const result = spawnSync('python3', ['-c', script, ...python], { encoding: 'utf8' });
    if (result.error) throw new Error(`python3 is not installed: sudo apt-get install -y python3\n${result.error.message}`);
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as Record<string, string | null>;
  };
  it.each(python)('%s compiles with python3', (file) => {
    compiled ??= compileAll();
    expect(compiled[file]).toBeNull();
  });

  it.each(files.filter((file) => /\.(mjs|js)$/.test(file)))('%s passes node --check', (file) => {
    const result = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  const scripts = files.filter((file) => file.endsWith('.sh'));
  it('has shell scripts to check', () => expect(scripts.length).toBeGreaterThan(0));
  it.each(scripts)('%s passes bash -n and shellcheck', (file) => {
    expect(spawnSync('bash', ['-n', file], { encoding: 'utf8' }).stderr).toBe('');
    const shellcheck = spawnSync('shellcheck', [file], { encoding: 'utf8' });
    // shellcheck is a test dependency like Chromium: missing, the test fails with how to get it.
    if (shellcheck.error) throw new Error(`shellcheck is not installed: sudo apt-get install -y shellcheck (or see https://www.shellcheck.net/)\n${shellcheck.error.message}`);
    expect(shellcheck.stdout).toBe('');
    expect(shellcheck.status).toBe(0);
  });
});

describe('sample service (labs/service)', () => {
  let service: ChildProcess;
  let base = '';
  let logs = '';

  beforeAll(async () => {
    service = spawn(process.execPath, ['labs/service/src/server.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', APP_VERSION: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stderr!.on('data', (chunk) => (logs += chunk));
    // The service logs one JSON line when it listens, with the port it got.
    base = await new Promise<string>((resolve, reject) => {
      service.stdout!.on('data', (chunk: Buffer) => {
        logs += chunk;
        const line = logs.split('\n').find((text) => text.includes('"listening"'));
        if (line) resolve(`http://127.0.0.1:${JSON.parse(line).port}`);
      });
      service.once('exit', (code) => reject(new Error(`service exited with ${code}:\n${logs}`)));
      setTimeout(() => reject(new Error(`service did not start:\n${logs}`)), 10_000);
    });
  });
  afterAll(() => {
    if (service.exitCode === null) service.kill('SIGKILL');
  });

  it('answers liveness and readiness', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('creates, reads and deletes to-dos, and refuses bad input with a 400', async () => {
    const created = await fetch(`${base}/todos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Write a Dockerfile' }) });
    expect(created.status).toBe(201);
    const todo = await created.json();
    expect(todo.title).toBe('Write a Dockerfile');
    expect((await fetch(`${base}/todos/${todo.id}`)).status).toBe(200);
    const bad = await fetch(`${base}/todos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ""}' });
    expect(bad.status).toBe(400);
    expect((await fetch(`${base}/todos/${todo.id}`, { method: 'DELETE' })).status).toBeLessThan(300);
    expect((await fetch(`${base}/todos/${todo.id}`)).status).toBe(404);
  });

  it('exposes metrics that parse as Prometheus text and count requests by route template', async () => {
    await fetch(`${base}/todos/12345`);
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const { types, samples } = parsePrometheusText(await response.text());
    expect(types.get('http_requests_total')).toBe('counter');
    expect(types.get('http_request_duration_seconds')).toBe('histogram');
    const routes = new Set(samples.filter((s) => s.name === 'http_requests_total').map((s) => s.labels.route));
    expect(routes).toContain('/todos/:id');
    expect([...routes].some((route) => route?.includes('12345'))).toBe(false);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    service.kill('SIGTERM');
    const [code] = await once(service, 'exit');
    expect(code).toBe(0);
  });
});
