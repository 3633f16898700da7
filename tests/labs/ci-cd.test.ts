/**
 * The CI/CD lab (labs/ci-cd) and the sample service's own checks, as the chapter runs them: the
 * service's tests pass with `node --test`, and the chapter's "break the service" change makes them
 * fail with the output the chapter shows. The workflow is parsed and held to the chapter's rules:
 * every action pinned by SHA, the checks in order, one image build, a publish job that only pushes
 * what the image job built and attests its digest, least privilege per job.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';

const SERVICE = 'labs/service';
const WORKFLOW = 'labs/ci-cd/ci.yml';
const CHAPTER = 'src/content/docs/devops/ci-cd.mdx';

const text = (path: string) => readFileSync(path, 'utf8');
const chapter = text(CHAPTER);
const work = mkdtempSync(join(tmpdir(), 'handbook-ci-cd-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `npm test` without npm: the script's own command, run with this Node (24, as the reader has). */
function nodeTest(cwd: string) {
  const script: string = JSON.parse(text(join(SERVICE, 'package.json'))).scripts.test;
  const match = /^node --test "([^"]+)"$/.exec(script);
  if (!match) throw new Error(`labs/service's test script is not node --test "<glob>": ${script}`);
  const result = spawnSync(process.execPath, ['--test', match[1]!], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The service in a temporary folder, with the lab's sed edit (step 6) applied when asked. */
function serviceCopy(name: string, breakHealthz = false) {
  const dir = join(work, name);
  for (const part of ['package.json', 'src', 'test']) cpSync(join(SERVICE, part), join(dir, part), { recursive: true });
  if (breakHealthz) {
    const sed = /sed -i\.bak "s\/([^/]+)\/([^/]+)\/" labs\/service\/src\/app\.ts/.exec(chapter);
    if (!sed) throw new Error('the chapter no longer breaks /healthz with sed in labs/service/src/app.ts');
    const app = join(dir, 'src/app.ts');
    const before = text(app);
    const after = before.replace(sed[1]!, sed[2]!);
    expect(after, 'the chapter\'s sed must change app.ts').not.toBe(before);
    writeFileSync(app, after);
  }
  return dir;
}

describe('the sample service\'s tests (npm test)', () => {
  const passing = nodeTest(serviceCopy('intact'));

  it('pass on the service as shipped, with the summary the chapter quotes', () => {
    expect(passing.status, passing.output).toBe(0);
    const pass = /ℹ pass (\d+)/.exec(passing.output)?.[1];
    expect(pass).toBeDefined();
    expect(Number(pass)).toBeGreaterThanOrEqual(20);
    expect(passing.output).toContain('ℹ fail 0');
    expect(chapter).toContain(`\`ℹ pass ${pass}\``);
  });

  it('fail on the chapter\'s broken /healthz, naming the test and the difference the chapter shows', () => {
    const broken = nodeTest(serviceCopy('broken', true));
    expect(broken.status).not.toBe(0);
    expect(broken.output).toContain('ℹ fail 1');
    const block = /```text\n(\s*✖ failing tests:[\s\S]*?)```/.exec(chapter)?.[1];
    expect(block, 'the chapter shows the failing test output').toBeDefined();
    const lines = block!
      .split('\n')
      .map((line) => line.trim().replace(/ \([\d.]+ms\)$/, ''))
      .filter(Boolean);
    const output = broken.output.split('\n').map((line) => line.trim().replace(/ \([\d.]+ms\)$/, ''));
    for (const line of lines) expect(output, `the test output has the chapter's line "${line}"`).toContain(line);
  });

  it('cover every source file of the service', () => {
    const tests = ['todos', 'metrics', 'app'].map((name) => text(join(SERVICE, `test/${name}.test.ts`)));
    for (const source of ['todos', 'metrics', 'app']) {
      expect(tests.some((test) => test.includes(`from '../src/${source}.ts'`)), source).toBe(true);
    }
  });
});

describe('the service\'s scripts and type-check configuration', () => {
  const pkg = JSON.parse(text(join(SERVICE, 'package.json')));
  const testConfig = JSON.parse(text(join(SERVICE, 'test/tsconfig.json')));
  const config = JSON.parse(text(join(SERVICE, 'tsconfig.json')));

  it('type-checks sources and tests together, emitting nothing, with the lint-grade checks on', () => {
    expect(pkg.scripts.typecheck).toBe('tsc -p test');
    expect(testConfig.extends).toBe('../tsconfig.json');
    expect(testConfig.compilerOptions.noEmit).toBe(true);
    expect(testConfig.include).toEqual(['../src', '.']);
    for (const option of ['noUnusedLocals', 'noUnusedParameters', 'noImplicitReturns', 'noFallthroughCasesInSwitch', 'strict']) {
      expect(config.compilerOptions[option], option).toBe(true);
    }
  });

  it('adds no dependency for testing: node:test and node:assert only', () => {
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(['@types/node', 'typescript']);
    expect(pkg.dependencies).toBeUndefined();
    for (const name of ['todos', 'metrics', 'app']) {
      const imports = [...text(join(SERVICE, `test/${name}.test.ts`)).matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const from of imports) expect(from, `${name}.test.ts imports ${from}`).toMatch(/^(node:|\.\.\/src\/)/);
    }
  });

  it('keeps the tests out of the image build context', () => {
    expect(text(join(SERVICE, '.dockerignore')).split('\n')).toContain('test');
  });
});

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; id?: string; if?: string };
type Job = { needs?: string; if?: string; permissions?: Record<string, string>; environment?: string; outputs?: Record<string, string>; steps: Step[] };

describe('ci.yml', () => {
  const source = text(WORKFLOW);
  const workflow = parse(source) as { permissions: Record<string, string>; jobs: Record<string, Job> };
  const { test, image, publish } = workflow.jobs as Record<'test' | 'image' | 'publish', Job>;
  const allSteps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it('pins every action to a full commit SHA, with the release in a comment', () => {
    const lines = source.split('\n').filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('never pastes an expression into a script', () => {
    for (const step of allSteps.filter((s) => s.run)) expect(step.run, step.name).not.toContain('${{');
  });

  it('runs the type check, the tests, the build and the smoke test, cheapest first', () => {
    const runs = test.steps.map((step) => step.run ?? '');
    const order = ['npm ci', 'npm run typecheck', 'npm test', 'npm run build', 'bash ../ci-cd/smoke-test.sh'].map((command) => runs.indexOf(command));
    expect(order.every((index) => index >= 0), `steps: ${runs.join(' | ')}`).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('builds the image exactly once, in the image job, into a file instead of a registry', () => {
    const builds = allSteps.filter((step) => step.uses?.startsWith('docker/build-push-action@'));
    expect(builds).toHaveLength(1);
    expect(image.steps).toContain(builds[0]);
    expect(builds[0]!.with!.push).toBeUndefined();
    expect(builds[0]!.with!.outputs).toBe('type=docker,dest=${{ runner.temp }}/todo-api.tar');
    for (const step of publish.steps) {
      expect(step.run ?? '').not.toMatch(/docker (buildx )?build\b/);
      expect(step.uses ?? '').not.toMatch(/^actions\/checkout@/);
    }
  });

  it('keeps the image name and :<commit SHA> tag the continuous delivery chapter pulls', () => {
    const meta = image.steps.find((step) => step.id === 'meta')!;
    expect(meta.with).toEqual({ images: 'ghcr.io/${{ github.repository_owner }}/todo-api', tags: 'type=sha,format=long,prefix=' });
    expect(text('src/content/docs/devops/continuous-delivery.mdx')).toContain('docker buildx imagetools inspect "ghcr.io/$OWNER/todo-api:$SHA"');
  });

  it('hands the built file to publish, which loads and pushes it and outputs the registry\'s digest', () => {
    const upload = image.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    const download = publish.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))!;
    expect(upload.with!.name).toBe(download.with!.name);
    expect(upload.with!.path).toBe('${{ runner.temp }}/todo-api.tar');
    expect(upload.if).toBe(publish.if);
    expect(image.outputs).toEqual({ tag: '${{ steps.meta.outputs.tags }}' });

    const push = publish.steps.find((step) => step.id === 'push')!;
    expect(push.env).toEqual({ TAG: '${{ needs.image.outputs.tag }}' });
    expect(push.run).toContain('docker load --input "$RUNNER_TEMP/todo-api.tar"');
    expect(push.run).toContain('docker push "$TAG"');
    expect(push.run).toContain('echo "digest=$digest"');
    expect(publish.outputs).toEqual({ digest: '${{ steps.push.outputs.digest }}' });
    expect(publish.needs).toBe('image');
    expect(image.needs).toBe('test');
  });

  it('attests the pushed digest, after the push', () => {
    const attestIndex = publish.steps.findIndex((step) => step.uses?.startsWith('actions/attest@'));
    const pushIndex = publish.steps.findIndex((step) => step.id === 'push');
    expect(attestIndex).toBeGreaterThan(pushIndex);
    expect(publish.steps[attestIndex]!.with).toEqual({
      'subject-name': '${{ steps.push.outputs.name }}',
      'subject-digest': '${{ steps.push.outputs.digest }}',
    });
  });

  it('reads by default and lets only the gated publish job write packages and sign', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(test.permissions).toBeUndefined();
    expect(image.permissions).toBeUndefined();
    expect(publish.permissions).toEqual({ contents: 'read', packages: 'write', 'id-token': 'write', attestations: 'write' });
    expect(publish.environment).toBe('release');
    expect(publish.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
  });

  it('matches the verify command the chapter gives', () => {
    expect(chapter).toContain('gh attestation verify "oci://ghcr.io/$OWNER/todo-api:$SHA" --repo "$OWNER/todo-api-ci"');
    expect(source).toContain('gh attestation verify oci://${TAG} --repo ${GITHUB_REPOSITORY}');
  });
});
