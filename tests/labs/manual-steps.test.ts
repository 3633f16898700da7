/**
 * labs/manual-steps.yaml, the lab steps the suite cannot run (issue 14, "What stays manual"): the
 * manifest is valid, it covers every chapter command that needs Docker, a cluster or a cloud, and
 * scripts/run-manual-labs.mjs runs it as promised, here with stand-in docker, kind and kubectl.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandLabs, manualCommands, parseManifest, uncoveredCommands, type ManualLab } from '../../src/lib/manual-labs';
import { expandTokens } from '../../src/lib/versions';
import { loadVersions } from '../../src/lib/versions-file';
import { walk } from '../support/files';

const chapterFiles = walk('src/content/docs').filter((file) => file.endsWith('.mdx'));
const chapterId = (file: string) => file.replace(/^src\/content\/docs\//, '').replace(/\.mdx$/, '');
const labFolders = readdirSync('labs', { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
const versions = loadVersions();
// Chapters and steps may both write versions as tokens (%%kind.release%%): compare what the reader sees.
const expand = (text: string, file: string) => expandTokens(text, versions, file);
const labs: ManualLab[] = expandLabs(
  parseManifest(readFileSync('labs/manual-steps.yaml', 'utf8'), { labFolders, chapters: chapterFiles.map(chapterId) }),
  (text) => expand(text, 'labs/manual-steps.yaml'),
);
const commandsOf = (file: string) => manualCommands(expand(readFileSync(file, 'utf8'), file));

/** Commands outside any lab that the manifest leaves out on purpose, each with the reason. */
const NOT_IN_MANIFEST: Record<string, { command: string; why: string }[]> = {
  'reference/self-hosting': [
    {
      command: 'aws cloudfront create-response-headers-policy --response-headers-policy-config file://.cache/headers-policy.json',
      why: 'the CloudFront hosting option, outside the lab: needs an AWS account and a distribution of your own',
    },
  ],
};

describe('labs/manual-steps.yaml', () => {
  it('is valid: known labs, chapters, needs and step fields', () => {
    expect(labs.length).toBeGreaterThanOrEqual(20);
    expect(labs.flatMap((lab) => lab.steps).length).toBeGreaterThan(500);
  });

  it.each(chapterFiles)('%s: every docker, kind, kubectl, helm, terraform, tofu, aws, gcloud, az and kfp command is a step', (file) => {
    const chapter = chapterId(file);
    const exceptions = (NOT_IN_MANIFEST[chapter] ?? []).map((entry) => entry.command);
    const commands = commandsOf(file).filter((command) => !exceptions.includes(command));
    expect(uncoveredCommands(commands, labs.filter((lab) => lab.chapter === chapter))).toEqual([]);
    // An exception that no longer matches a command is stale.
    for (const command of exceptions) expect(commandsOf(file)).toContain(command);
  });

  it('has an entry for every lab folder whose README shows such commands', () => {
    const withCommands = labFolders.filter((folder) => {
      const readme = walk(join('labs', folder)).find((file) => file.endsWith('/README.md'));
      return readme !== undefined && manualCommands(readFileSync(readme, 'utf8')).length > 0;
    });
    expect(withCommands.length).toBeGreaterThan(5);
    expect(withCommands.filter((folder) => !labs.some((lab) => lab.name === folder))).toEqual([]);
  });

  it('lists steps that cost money or need an account as such, so the script skips them unless asked', () => {
    const cloudPlatforms = labs.find((lab) => lab.name === 'cloud-platforms')!;
    const budget = cloudPlatforms.steps.find((step) => step.run?.startsWith('terraform apply -var \'account_id='));
    expect(budget?.needs).toContain('aws-account');
    expect(labs.find((lab) => lab.name === 'transition-plan')!.needs).toContain('aws-account');
  });
});

describe('scripts/run-manual-labs.mjs with stand-in docker, kind and kubectl', { timeout: 60_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'handbook-manual-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const bin = join(work, 'bin');
  const log = join(work, 'calls.log');
  spawnSync('mkdir', [bin]);
  // Only bash and the stand-ins on PATH: terraform, present on some machines, is missing here.
  symlinkSync(spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim(), join(bin, 'bash'));
  for (const tool of ['docker', 'kind', 'kubectl']) {
    const path = join(bin, tool);
    writeFileSync(
      path,
      `#!/bin/bash\ncase "$1" in --version|version) echo "${tool} version 9.8.7 (stand-in)"; exit 0;; info) exit 0;; esac\n` +
        `echo "${tool} $* (in \${PWD##*/})" >> "${log}"\n[ "$1" = fail ] && { echo "boom from ${tool}"; exit 3; }\nexit 0\n`,
    );
    chmodSync(path, 0o755);
  }
  const manifest = join(work, 'manual-steps.yaml');
  writeFileSync(
    manifest,
    `labs:
  containers:
    chapter: devops/containers
    needs: [docker, kind, kubectl]
    steps:
      - run: cd labs/containers
      - run: docker build -t todo-api:0.1.0 ../service
      - run: export TAG=0.2.0
      - run: kind load docker-image "todo-api:$TAG" --name handbook
      - run: kubectl apply -f k8s/
        needs: [aws-account]
      - run: docker fail on purpose
        expect: failure
      - run: kubectl fail now
      - run: kubectl never
    cleanup:
      - run: kind delete cluster --name handbook
        cwd: labs
  iac:
    chapter: devops/infrastructure-as-code
    needs: [docker, terraform]
    steps:
      - run: terraform init
`,
  );
  const record = join(work, 'manual-runs.json');
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, ['scripts/run-manual-labs.mjs', '--manifest', manifest, '--record', record, ...args], {
      encoding: 'utf8',
      env: { ...process.env, PATH: bin },
      timeout: 50_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  it('--list prints the plan and runs nothing', () => {
    const { status, output } = run('--list');
    expect(status, output).toBe(0);
    expect(output).toContain('containers (devops/containers): needs docker, kind, kubectl; would run');
    expect(output).toMatch(/step 6 +docker fail on purpose +\[expected to fail\]/);
    expect(output).toMatch(/step 7 +kubectl fail now/);
    expect(output).toMatch(/step 5 +kubectl apply -f k8s\/ +\[skipped: needs an AWS account \(costs money\) \(pass --accounts\)\]/);
    expect(output).toContain('iac (devops/infrastructure-as-code): needs docker, terraform; not run: needs terraform');
    expect(() => readFileSync(log)).toThrow();
  });

  it('runs the steps in order, stops at the failing one naming it, runs cleanup and writes the record', () => {
    writeFileSync(record, JSON.stringify({ labs: { iac: { date: '2026-01-02', outcome: 'passed', tools: { terraform: 'Terraform v1.15.0' } } } }));
    const { status, output } = run();
    expect(status, output).toBe(1);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'docker build -t todo-api:0.1.0 ../service (in containers)',
      'kind load docker-image todo-api:0.2.0 --name handbook (in containers)',
      'docker fail on purpose (in containers)',
      'kubectl fail now (in containers)',
      'kind delete cluster --name handbook (in labs)',
    ]);
    expect(output).toContain('containers: step 7 failed (exit code 3)');
    expect(output).toContain('command: kubectl fail now');
    expect(output).toContain('| boom from kubectl');
    expect(output).toMatch(/iac: not run: needs terraform/);
    const saved = JSON.parse(readFileSync(record, 'utf8')).labs;
    expect(saved.containers).toMatchObject({ outcome: 'failed', failedAt: 'step 7', skipped: 1 });
    expect(saved.containers.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(saved.containers.tools).toEqual({ docker: 'docker version 9.8.7 (stand-in)', kind: 'kind version 9.8.7 (stand-in)', kubectl: 'kubectl version 9.8.7 (stand-in)' });
    // A lab that could not run here keeps its last real run.
    expect(saved.iac).toEqual({ date: '2026-01-02', outcome: 'passed', tools: { terraform: 'Terraform v1.15.0' } });
  });

  it('runs one lab with --lab, and refuses an unknown one', () => {
    writeFileSync(log, '');
    const { status, output } = run('--lab', 'iac');
    expect(status, output).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('');
    const unknown = run('--lab', 'nosuchlab');
    expect(unknown.status).toBe(2);
    expect(unknown.output).toContain('unknown lab: nosuchlab');
  });

  it('refuses a broken manifest, naming the lab and the field', () => {
    const broken = join(work, 'broken.yaml');
    writeFileSync(broken, 'labs:\n  nosuchlab:\n    chapter: devops/containers\n    needs: [docker]\n    steps: [{run: docker ps}]\n  containers:\n    needs: [docker]\n    steps: [{run: docker ps}]\n');
    const result = spawnSync(process.execPath, ['scripts/run-manual-labs.mjs', '--manifest', broken, '--list'], { encoding: 'utf8', env: { ...process.env, PATH: bin } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('labs.nosuchlab: unknown lab, there is no folder labs/nosuchlab');
    expect(result.stderr).toContain('labs.containers.chapter: missing');
  });
});
