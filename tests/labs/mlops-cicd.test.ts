/**
 * The CI/CD for ML lab's deploy job (labs/mlops-cicd/ml-pipeline.yml): it runs only on main after the
 * quality gate, pins every action by commit SHA, creates its kind cluster from the handbook's node
 * image, applies manifests that exist in the serving lab with the names they really have, and its
 * smoke test checks the model version header the serving app really sets. The smoke test script runs
 * here against a stand-in for the model API on 127.0.0.1: it must pass on the gated model's version
 * and fail on another version, a missing header and an API that never becomes ready.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chapterText, headingAnchors, readChapter } from '../support/chapter-file';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { handbookFields } from '../../src/lib/chapter-schema';
import { freePort } from '../support/net';

const LAB = 'labs/mlops-cicd';
const SERVING = 'labs/mlops-serving';
const CHAPTER = 'src/content/docs/mlops/ci-cd-for-ml.mdx';
const SCRIPT = `${LAB}/smoke_test_deployment.sh`;
// The node image every kind lab of the handbook uses: kind v0.33.0's image for Kubernetes 1.35.
const NODE_IMAGE = 'kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0';

// The smoke test's tools are test dependencies like shellcheck: missing, the file fails with how to get them.
for (const [tool, install] of [
  ['curl', 'sudo apt-get install -y curl'],
  ['python3', 'sudo apt-get install -y python3'],
  ['shellcheck', 'sudo apt-get install -y shellcheck'],
] as const) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`the CI/CD for ML lab's tests need ${tool}: ${install}`);
}

const work = mkdtempSync(join(tmpdir(), 'handbook-mlops-cicd-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Step {
  name: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | boolean>;
}
interface Job {
  outputs?: Record<string, string>;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}

const text = (path: string) => readFileSync(path, 'utf8');
const source = text(`${LAB}/ml-pipeline.yml`);
const workflow = parse(source) as { jobs: Record<string, Job> };
const deploy = workflow.jobs.deploy!;
const runs = deploy.steps.filter((step) => step.run).map((step) => step.run!).join('\n');
const step = (name: RegExp) => {
  const found = deploy.steps.find((candidate) => name.test(candidate.name));
  if (!found) throw new Error(`the deploy job has no step named like ${name}`);
  return found;
};

describe('ml-pipeline.yml: the deploy job', () => {
  it('runs after the job that holds the quality gate and after the image job, on main only', () => {
    const gateJob = Object.entries(workflow.jobs).find(([, job]) => job.steps.some((s) => s.name === 'Quality gate'))?.[0];
    expect(gateJob).toBe('train');
    const needs = [deploy.needs ?? []].flat();
    expect(needs).toContain(gateJob);
    expect(needs).toContain('image');
    // One condition, no alternative that could let another branch or a pull request through.
    expect(deploy.if).toBe("github.ref == 'refs/heads/main'");
    expect(deploy.permissions).toEqual({ contents: 'read', packages: 'read' });
  });

  it('pins every action of the workflow to a full commit SHA with its release, the same SHA wherever an action repeats', () => {
    const uses = [...source.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(10);
    const shaOf = new Map<string, string>();
    for (const [, ref, comment] of uses) {
      const [action, sha] = ref!.split('@');
      expect(sha, ref).toMatch(/^[0-9a-f]{40}$/);
      expect(comment, ref).toMatch(/^\s*# v\d+\.\d+\.\d+$/);
      expect(shaOf.get(action!) ?? sha, `${action} is pinned to two SHAs`).toBe(sha);
      shaOf.set(action!, sha!);
    }
    expect(deploy.steps.some((s) => s.uses?.startsWith('helm/kind-action@'))).toBe(true);
  });

  it('creates its kind cluster from the handbook\'s pinned node image, with a pinned kind and kubectl', () => {
    const kind = deploy.steps.find((s) => s.uses?.startsWith('helm/kind-action@'))!;
    expect(kind.with!.node_image).toBe(NODE_IMAGE);
    // The same image as the other kind labs, so one node image serves the whole handbook.
    expect(text('labs/continuous-delivery/kind-config.yaml')).toContain(`image: ${NODE_IMAGE}`);
    expect(kind.with!.version).toBe('v0.33.0');
    expect(kind.with!.kubectl_version).toBe('v1.35.8');
    expect(runs).toContain(`kind load docker-image "$IMAGE" --name ${kind.with!.cluster_name}`);
  });

  it('deploys the image the image job pushed, pulled by its digest', () => {
    expect(deploy.env).toEqual({ IMAGE: '${{ needs.image.outputs.image }}', DIGEST: '${{ needs.image.outputs.digest }}' });
    // The digest of the push itself: the bytes that passed the container smoke test.
    expect(workflow.jobs.image!.outputs).toEqual({ image: '${{ steps.meta.outputs.tags }}', digest: '${{ steps.push.outputs.digest }}' });
    expect(workflow.jobs.image!.steps.find((s) => s.id === 'push')?.with?.push).toBe(true);
    const pull = step(/^Pull the pushed image by digest$/).run!;
    expect(pull).toContain('docker pull "${IMAGE%:*}@${DIGEST}"');
    expect(pull).toContain('docker tag "${IMAGE%:*}@${DIGEST}" "$IMAGE"');
  });

  it('applies manifests that exist in the serving lab, under the names and ports they declare', () => {
    const paths = [...runs.matchAll(/labs\/mlops-serving\/k8s\/[\w.-]+\.yaml/g)].map(([path]) => path);
    expect(paths.length).toBeGreaterThanOrEqual(2);
    for (const path of paths) expect(existsSync(path), path).toBe(true);

    const [deployment] = parseAllDocuments(text(`${SERVING}/k8s/deployment.yaml`)).map((doc) => doc.toJS());
    const [service] = parseAllDocuments(text(`${SERVING}/k8s/service.yaml`)).map((doc) => doc.toJS());
    const namespace = deployment.metadata.namespace as string;
    expect(service.metadata.namespace).toBe(namespace);
    expect(runs).toContain(`kubectl create namespace ${namespace}`);
    expect(runs).toContain(`kubectl label namespace ${namespace} pod-security.kubernetes.io/enforce=restricted`);

    // kubectl set image names the container; the rollout and the port-forward name the objects.
    const container = deployment.spec.template.spec.containers[0].name as string;
    expect(runs).toContain(`kubectl set image -f ${SERVING}/k8s/deployment.yaml "${container}=\${IMAGE}" --local -o yaml`);
    expect(runs).toMatch(new RegExp(`kubectl -n ${namespace} rollout status deployment/${deployment.metadata.name} --timeout=\\d+s`));
    const port = service.spec.ports[0].port as number;
    expect(runs).toContain(`kubectl -n ${namespace} port-forward service/${service.metadata.name} 18080:${port}`);
  });

  it('smoke-tests the deployment against the model artifact that passed the gate, and shows logs and events on failure', () => {
    const download = deploy.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    expect(download.with).toEqual({ name: 'model', path: 'labs/mlops-python/artifacts' });
    expect(step(/^Smoke-test the deployment/).run).toMatch(
      /bash labs\/mlops-cicd\/smoke_test_deployment\.sh http:\/\/127\.0\.0\.1:18080 \\\s+labs\/mlops-python\/artifacts\/model\.json/,
    );
    const onFailure = step(/^On failure/);
    expect(onFailure.if).toBe('failure()');
    expect(onFailure.run).toMatch(/kubectl -n handbook logs -l app\.kubernetes\.io\/name=todo-completion-api/);
    expect(onFailure.run).toContain('kubectl -n handbook events');
  });

  it('has run steps that pass shellcheck', () => {
    for (const s of deploy.steps.filter((candidate) => candidate.run)) {
      const result = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: s.run, encoding: 'utf8' });
      expect(result.stdout, s.name).toBe('');
      expect(result.status, s.name).toBe(0);
    }
  });
});

describe('the version header the smoke test checks', () => {
  it('is the header the serving app sets, with the value app/model.py derives from the model hash', () => {
    const header = /response\.headers\["([^"]+)"\] = model\.version/.exec(text(`${SERVING}/app/main.py`))?.[1];
    expect(header).toBe('X-Model-Version');
    const script = text(SCRIPT);
    expect(script).toContain(`grep -i '^${header!.toLowerCase()}:'`);
    // app/model.py: an explicit MODEL_VERSION wins, else "sha256-" and the first 12 hex digits.
    expect(text(`${SERVING}/app/model.py`)).toContain('version=version or f"sha256-{digest[:12]}"');
    expect(script).toContain('expected="${MODEL_VERSION:-sha256-${model_sha:0:12}}"');
  });
});

describe('smoke_test_deployment.sh against a stand-in model API', () => {
  const MODEL_SHA = '0123456789abcdef'.repeat(4);
  const modelJson = join(work, 'model.json');
  writeFileSync(modelJson, JSON.stringify({ model: 'todo-completion', model_sha256: MODEL_SHA }));

  // No proxy for 127.0.0.1.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(https?|all|no)_proxy$/i.test(name)));

  /** A stand-in for the model API: /readyz and /v1/predict, with the given header value (or none). */
  async function standIn(options: { version?: string; ready?: boolean }): Promise<{ server: Server; base: string }> {
    const server = createServer((request, response) => {
      if (request.method === 'GET' && request.url === '/readyz') {
        response.writeHead(options.ready === false ? 503 : 200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ status: options.ready === false ? 'loading model' : 'ready' }));
        return;
      }
      if (request.method === 'POST' && request.url === '/v1/predict') {
        request.resume();
        request.on('end', () => {
          const headers: Record<string, string> = { 'Content-Type': 'application/json' };
          if (options.version) headers['x-model-version'] = options.version;
          response.writeHead(200, headers);
          response.end(JSON.stringify({ model_name: 'todo-completion', model_version: options.version, predictions: [{ probability_on_time: 0.71, on_time: true }] }));
        });
        return;
      }
      response.writeHead(404).end();
    });
    const port = await freePort();
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return { server, base: `http://127.0.0.1:${port}` };
  }

  /** Runs the script without blocking the event loop, so the stand-in in this process can answer. */
  async function smokeTest(base: string, extraEnv: Record<string, string> = {}) {
    const child = spawn('bash', [SCRIPT, base, modelJson], { env: { ...env, ...extraEnv } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const [status] = (await once(child, 'close')) as [number];
    return { status, output };
  }

  it('passes when the API serves the gated model', async () => {
    const { server, base } = await standIn({ version: `sha256-${MODEL_SHA.slice(0, 12)}` });
    try {
      const { status, output } = await smokeTest(base);
      expect(status, output).toBe(0);
      expect(output).toContain('ok   X-Model-Version is sha256-0123456789ab, the model that passed the gate');
    } finally {
      server.close();
    }
  });

  it('fails when the API serves another model', async () => {
    const { server, base } = await standIn({ version: 'sha256-ffffffffffff' });
    try {
      const { status, output } = await smokeTest(base);
      expect(status).toBe(1);
      expect(output).toContain('FAIL: X-Model-Version is sha256-ffffffffffff, expected sha256-0123456789ab');
    } finally {
      server.close();
    }
  });

  it('takes an explicit MODEL_VERSION, the registry version a pipeline can bake into the image', async () => {
    const { server, base } = await standIn({ version: '7' });
    try {
      expect((await smokeTest(base, { MODEL_VERSION: '7' })).status).toBe(0);
      expect((await smokeTest(base)).status).toBe(1);
    } finally {
      server.close();
    }
  });

  it('fails when the answer has no version header', async () => {
    const { server, base } = await standIn({});
    try {
      const { status, output } = await smokeTest(base);
      expect(status).toBe(1);
      expect(output).toContain('FAIL: the answer has no X-Model-Version header');
    } finally {
      server.close();
    }
  });

  it('fails, after its retries, when the API never becomes ready', async () => {
    const { server, base } = await standIn({ version: `sha256-${MODEL_SHA.slice(0, 12)}`, ready: false });
    try {
      const { status, output } = await smokeTest(base, { RETRIES: '1' });
      expect(status).toBe(1);
      expect(output).toContain('FAIL: /readyz did not answer 200 after 1 retries');
    } finally {
      server.close();
    }
  });

  it('passes shellcheck', () => {
    const result = spawnSync('shellcheck', [SCRIPT], { encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('the chapter', () => {
  const chapter = chapterText(CHAPTER);
  const { frontmatter, body } = readChapter(CHAPTER);
  const anchorsOf = headingAnchors;

  it('has frontmatter that the handbook schema accepts, with checklist links to its own headings', () => {
    const result = handbookFields(new Date('2026-12-07T12:00:00Z')).safeParse(frontmatter);
    expect(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([]);
    const anchors = anchorsOf(body!);
    const links = frontmatter.checklist.map((item: { link: string }) => item.link) as string[];
    expect(links).toContain('#a-deployment-test-on-kind');
    expect(links.filter((link) => !anchors.has(link.slice(1)))).toEqual([]);
  });

  it('shows the deployment smoke test and links the rollout and continuous delivery chapters at headings they have', () => {
    expect(chapter).toContain('<LabFile path="labs/mlops-cicd/smoke_test_deployment.sh" />');
    const links = [...body!.matchAll(/\]\((\/(?:mlops|devops)\/[^)#]+\/)(?:#([^)]+))?\)/g)];
    for (const target of ['/mlops/model-rollout/', '/devops/continuous-delivery/']) {
      expect(links.some(([, path]) => path === target), target).toBe(true);
    }
    for (const [, path, anchor] of links) {
      const file = `src/content/docs${path!.replace(/\/$/, '')}.mdx`;
      expect(existsSync(file), path).toBe(true);
      if (anchor) expect(anchorsOf(text(file)).has(anchor), `${path}#${anchor}`).toBe(true);
    }
  });

  it('runs the same kind node image in its lab step as the workflow', () => {
    expect(body).toContain(`kind create cluster --name ml-ci --image ${NODE_IMAGE}`);
  });
});
