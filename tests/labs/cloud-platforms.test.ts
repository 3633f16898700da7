/**
 * The cloud platforms lab's Cloud Run module (labs/cloud-platforms/cloud-run), checked without a
 * Google Cloud account: its Terraform is parsed with HashiCorp's HCL parser and held to what the
 * chapter says (deploy by digest, at most one instance, CPU only during requests, an identity with
 * no roles, a 5xx-ratio alert that e-mails someone), and the script that fires the alert runs
 * against the real sample service with the lab's MAX_TODOS, printing what the chapter shows.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { afterAll, describe, expect, it } from 'vitest';

const LAB = 'labs/cloud-platforms/cloud-run';
const CHAPTER = 'src/content/docs/devops/cloud-platforms.mdx';
const text = (path: string) => readFileSync(path, 'utf8');
const chapter = text(CHAPTER);

type Block = Record<string, unknown>;
const hcl = async (file: string) => (await parseHcl(file, text(join(LAB, file)))) as Record<string, any>;
const first = (blocks: unknown) => (blocks as Block[])[0]!;

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** The sample service from its TypeScript sources on a free port, with extra environment. */
async function startService(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['labs/service/src/server.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let logs = '';
  return new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      logs += chunk;
      const line = logs.split('\n').find((entry) => entry.includes('"listening"'));
      if (line) resolve(`http://127.0.0.1:${JSON.parse(line).port}`);
    });
    child.once('exit', (code) => reject(new Error(`service exited with ${code}:\n${logs}`)));
    setTimeout(() => reject(new Error(`service did not start:\n${logs}`)), 10_000);
  });
}

describe('MAX_TODOS, the lever the alert exercise pulls', () => {
  it('caps the store: the request after the last free slot answers 507', async () => {
    const base = await startService({ MAX_TODOS: '2' });
    const post = () => fetch(`${base}/todos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"x"}' });
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(201);
    const full = await post();
    expect(full.status).toBe(507);
    expect(await full.json()).toEqual({ error: 'the store is full (2 items)' });
  });

  it('refuses a value that is not a positive integer, at startup', () => {
    const result = spawnSync(process.execPath, ['labs/service/src/server.ts'], {
      env: { ...process.env, PORT: '0', MAX_TODOS: '0' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('"variable":"MAX_TODOS"');
  });
});

// 100 curl calls in a row, each a new process: seconds, not milliseconds.
describe('fill-store.sh', { timeout: 60_000 }, () => {
  it('passes shellcheck', () => {
    const shellcheck = spawnSync('shellcheck', [join(LAB, 'fill-store.sh')], { encoding: 'utf8' });
    if (shellcheck.error) throw new Error(`shellcheck is not installed: sudo apt-get install -y shellcheck\n${shellcheck.error.message}`);
    expect(shellcheck.stdout).toBe('');
    expect(shellcheck.status).toBe(0);
  });

  it('fills a fresh store with the lab\'s max_todos and counts the 507s, as the chapter shows', async () => {
    const variables = await hcl('variables.tf');
    const maxTodos = first(variables.variable.max_todos).default as number;
    const base = await startService({ MAX_TODOS: String(maxTodos) });
    const result = await new Promise<{ status: number | null; output: string }>((resolve) => {
      const run = spawn('bash', [join(LAB, 'fill-store.sh'), base, String(2 * maxTodos)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      run.stdout.on('data', (chunk) => (output += chunk));
      run.stderr.on('data', (chunk) => (output += chunk));
      run.on('close', (status) => resolve({ status, output }));
    });
    expect(result.status, result.output).toBe(0);
    const expected = [`${String(maxTodos).padStart(5)} x HTTP 201`, `${String(maxTodos).padStart(5)} x HTTP 507`];
    expect(result.output.trimEnd().split('\n')).toEqual(expected);
    for (const line of expected) expect(chapter).toContain(line);
  });

  it('refuses a count that is not a number', () => {
    const result = spawnSync('bash', [join(LAB, 'fill-store.sh'), 'http://127.0.0.1:9', 'lots'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('COUNT must be a positive number');
  });
});

describe('the Cloud Run module', async () => {
  const main = await hcl('main.tf');
  const alert = await hcl('alert.tf');
  const variables = await hcl('variables.tf');
  const service = first(main.resource.google_cloud_run_v2_service.todo_api);
  const template = first(service.template);
  const container = first(template.containers);

  it('is every .tf file of the folder, each valid HCL', () => {
    expect(readdirSync(LAB).filter((name) => name.endsWith('.tf')).sort()).toEqual(['alert.tf', 'main.tf', 'outputs.tf', 'variables.tf']);
  });

  it('pins Terraform and the Google provider', () => {
    const terraform = first(main.terraform);
    expect(terraform.required_version).toBe('>= 1.11.0, < 2.0.0');
    expect(first(terraform.required_providers).google).toEqual({ source: 'hashicorp/google', version: '>= 7.0, < 9.0' });
  });

  it('deploys the CI image by digest through the ghcr.io pull-through repository', () => {
    const repository = first(main.resource.google_artifact_registry_repository.ghcr);
    expect(repository.mode).toBe('REMOTE_REPOSITORY');
    expect(repository.format).toBe('DOCKER');
    expect(first(first(repository.remote_repository_config).common_repository)).toEqual({ uri: 'https://ghcr.io' });
    const image = first(main.locals).image as string;
    expect(image).toMatch(/\/\$\{var\.github_owner\}\/todo-api@\$\{var\.image_digest\}$/);
    expect(container.image).toBe('${local.image}');

    const condition = first(first(variables.variable.image_digest).validation).condition as string;
    const rule = /regex\("([^"]+)"/.exec(condition)![1]!;
    const digest = new RegExp(rule);
    expect(digest.test(`sha256:${'a'.repeat(64)}`)).toBe(true);
    for (const bad of ['latest', `sha256:${'A'.repeat(64)}`, `sha256:${'a'.repeat(63)}`, `ghcr.io/octo/todo-api:${'a'.repeat(40)}`]) {
      expect(digest.test(bad), bad).toBe(false);
    }
  });

  it('scales from zero to one instance, with CPU only during requests, and the service\'s probes', () => {
    expect(first(template.scaling)).toEqual({ min_instance_count: 0, max_instance_count: 1 });
    expect(first(container.resources).cpu_idle).toBe(true);
    expect(first(container.ports).container_port).toBe(8080);
    expect(first(first(container.startup_probe).http_get).path).toBe('/readyz');
    expect(first(first(container.liveness_probe).http_get).path).toBe('/healthz');
    const app = text('labs/service/src/app.ts');
    expect(app).toContain("route('GET', '/readyz'");
    expect(app).toContain("route('GET', '/healthz'");
    expect(container.env).toEqual([{ name: 'MAX_TODOS', value: '${tostring(var.max_todos)}' }]);
    expect(text('labs/service/src/server.ts')).toContain("intFromEnv('MAX_TODOS'");
  });

  it('runs as its own service account, which no binding grants anything', () => {
    expect(template.service_account).toBe('${google_service_account.todo_api.email}');
    const resourceTypes = [...Object.keys(main.resource), ...Object.keys(alert.resource)];
    expect(resourceTypes.filter((type) => type.includes('_iam_'))).toEqual([]);
    expect(service.deletion_protection).toBe(false);
  });

  it('creates as many resources as the chapter\'s apply output says', () => {
    const apis = (first(main.resource.google_project_service.apis).for_each as string).match(/"[a-z]+\.googleapis\.com"/g)!;
    const single = [main, alert].flatMap((file) => Object.entries(file.resource as Record<string, Record<string, Block[]>>))
      .flatMap(([, byName]) => Object.values(byName).map(first))
      .filter((resource) => !('for_each' in resource) && !('count' in resource));
    const total = apis.length + single.length;
    expect(chapter).toContain(`Apply complete! Resources: ${total} added, 0 changed, 0 destroyed.`);
  });

  it('alerts by e-mail on the share of 5xx responses, not on a raw count', () => {
    const policy = first(alert.resource.google_monitoring_alert_policy.server_errors);
    const threshold = first(first(policy.conditions).condition_threshold);
    const locals = first(alert.locals);
    expect(threshold.filter).toBe('${local.server_errors}');
    expect(threshold.denominator_filter).toBe('${local.requests}');
    expect(locals.server_errors).toBe('${local.requests} AND metric.labels.response_code_class = "5xx"');
    expect(locals.requests).toContain('run.googleapis.com/request_count');
    expect(locals.requests).toContain('google_cloud_run_v2_service.todo_api.name');
    expect(threshold.aggregations).toEqual(threshold.denominator_aggregations);
    expect(threshold.comparison).toBe('COMPARISON_GT');
    expect(threshold.threshold_value).toBe('${var.error_ratio_threshold}');
    expect(policy.notification_channels).toEqual(['${google_monitoring_notification_channel.email.name}']);
    expect(first(alert.resource.google_monitoring_notification_channel.email).type).toBe('email');
  });
});

describe('the chapter', () => {
  it('links the official page of each cloud\'s way to act on a budget', () => {
    for (const url of [
      'https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-controls.html',
      'https://cloud.google.com/billing/docs/how-to/disable-billing-with-notifications',
      'https://learn.microsoft.com/azure/cost-management-billing/manage/cost-management-budget-scenario',
    ]) {
      expect(chapter).toContain(url);
    }
  });

  it('shows every file of the Cloud Run module', () => {
    for (const name of readdirSync(LAB)) expect(chapter).toContain(`<LabFile path="${LAB}/${name}" />`);
  });
});
