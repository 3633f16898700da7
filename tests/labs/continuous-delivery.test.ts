/**
 * The continuous delivery lab (labs/continuous-delivery) as the chapter uses it: promote.py runs on
 * a temporary copy of the overlays, in a Git repository, and must move digests only, refusing tags,
 * malformed digests and digests staging does not run; with --kube-context it asks a stand-in
 * kubectl about staging's Rollout. The manifests are parsed and their cross-references checked:
 * Argo CD paths and namespaces, the Rollout's analysis template and arguments, Service and
 * selectors, Prometheus relabeling, and the canary query against the monitoring chapter's SLI.
 * The load generator runs against the real sample service on 127.0.0.1, for a bounded number of rounds.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chapterText } from '../support/chapter-file';
import { freePort } from '../support/net';
import { parsePrometheusText } from '../support/prometheus-text';

const LAB = 'labs/continuous-delivery';
const CHAPTER = 'src/content/docs/devops/continuous-delivery.mdx';
const PROMOTE = `${LAB}/promote.py`;

// The lab's tools are test dependencies like shellcheck: missing, the file fails with how to get them.
for (const [tool, install] of [
  ['python3', 'sudo apt-get install -y python3'],
  ['git', 'sudo apt-get install -y git'],
] as const) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`the continuous delivery lab needs ${tool}: ${install}`);
}

const work = mkdtempSync(join(tmpdir(), 'handbook-continuous-delivery-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

const text = (path: string) => readFileSync(path, 'utf8');
const yamlFile = (path: string) => parse(text(path));
const yamlDocs = (path: string) => parseAllDocuments(text(path)).map((doc) => doc.toJS());

const digestOf = (char: string) => `sha256:${char.repeat(64)}`;
const GOOD = digestOf('a');
const NEWER = digestOf('b');
const NEVER = digestOf('c');
const IMAGE = 'ghcr.io/your-github-user/todo-api';

/** Every line promote.py printed in this file, for the comparison with the chapter at the end. */
const printed: string[] = [];

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000, ...options, env: { ...process.env, ...options.env } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}

const git = (cwd: string, ...args: string[]) => {
  const result = run('git', ['-c', 'user.name=Handbook Test', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${result.output}`);
  return result.stdout;
};

/** A fresh Git repository holding a copy of the lab's deploy/ folder, as a reader's repository does. */
function repository(name: string) {
  const root = join(work, name);
  cpSync(join(LAB, 'deploy'), join(root, 'deploy'), { recursive: true });
  git(root, 'init', '--quiet');
  git(root, 'add', '.');
  git(root, 'commit', '--quiet', '-m', 'Lab files');
  const overlay = (env: string) => join(root, 'deploy', 'overlays', env, 'kustomization.yaml');
  const promote = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = run('python3', [PROMOTE, '--deploy-dir', join(root, 'deploy'), ...args], { env });
    printed.push(...result.output.split('\n'));
    return result;
  };
  const pinned = (env: string) => yamlFile(overlay(env)).images[0].digest as string;
  return { root, overlay, promote, pinned };
}

// Each run starts a Python interpreter; some tests run ten of them.
describe('promote.py', { timeout: 60_000 }, () => {
  it('has a --help that names both environments and the refusals', () => {
    const { status, stdout } = run('python3', [PROMOTE, '--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^usage: promote\.py .*\{staging,production\}/s);
    expect(stdout).toContain('Refuses tags, malformed digests and digests');
  });

  it('refuses to promote the placeholder the handbook ships', () => {
    const repo = repository('placeholder');
    const before = text(repo.overlay('production'));
    const { status, stderr } = repo.promote(['production']);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^promote: refused: sha256:000000000000… is the lab's placeholder/);
    expect(text(repo.overlay('production'))).toBe(before);
  });

  describe('a digest from CI into staging, then into production', () => {
    const repo = repository('promotion');
    const outputs = join(work, 'github-output');

    it('writes the digest into staging and changes nothing else in the file', () => {
      const before = text(repo.overlay('staging'));
      const { status, stdout, output } = repo.promote(['staging', '--digest', GOOD, '--github-output', outputs]);
      expect(status, output).toBe(0);
      expect(stdout).toContain(`promote: CI published ${IMAGE}@${GOOD}`);
      expect(stdout).toContain('promote: staging: sha256:000000000000… -> sha256:aaaaaaaaaaaa…');
      expect(repo.pinned('staging')).toBe(GOOD);
      const after = text(repo.overlay('staging'));
      const changed = after.split('\n').filter((line, index) => line !== before.split('\n')[index]);
      expect(changed).toEqual([`    digest: ${GOOD}`]);
      // The git commands a reader (or the workflow) runs next.
      expect(stdout).toMatch(/^ {2}git switch -c promote\/staging-a{12}$/m);
      expect(stdout).toMatch(/^ {2}git commit -m "Promote todo-api sha256:a{12} to staging" -- \S+deploy\/overlays\/staging\/kustomization\.yaml$/m);
      expect(stdout).toMatch(/^ {2}git push -u origin promote\/staging-a{12}$/m);
      expect(stdout).toMatch(/^ {2}gh pr create --base main --fill$/m);
      const values = Object.fromEntries(text(outputs).trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
      expect(values).toMatchObject({ changed: 'true', branch: 'promote/staging-aaaaaaaaaaaa', digest: GOOD, previous: digestOf('0') });
      expect(values.title).toBe('Promote todo-api sha256:aaaaaaaaaaaa to staging');
      git(repo.root, 'commit', '--quiet', '-am', 'Promote to staging');
    });

    it('copies exactly the digest staging runs into production', () => {
      const { status, stdout, output } = repo.promote(['production']);
      expect(status, output).toBe(0);
      expect(stdout).toContain(`promote: staging runs ${IMAGE}@${GOOD}`);
      expect(repo.pinned('production')).toBe(GOOD);
      expect(yamlFile(repo.overlay('production')).images[0].newName).toBe(IMAGE);
      git(repo.root, 'commit', '--quiet', '-am', 'Promote to production');
    });

    it('reports nothing to do when production already runs it', () => {
      rmSync(outputs, { force: true });
      const { status, stdout } = repo.promote(['production', '--digest', GOOD, '--github-output', outputs]);
      expect(status).toBe(0);
      expect(stdout).toContain('promote: production already runs sha256:aaaaaaaaaaaa…: nothing to do');
      expect(stdout).not.toContain('git switch');
      expect(text(outputs)).toMatch(/^changed=false$/m);
    });

    it('refuses a tag, for staging and for production, and writes nothing', () => {
      const staging = text(repo.overlay('staging'));
      const production = text(repo.overlay('production'));
      for (const tag of ['v1.2.3', 'latest', `${IMAGE}:3f9c2e1b7d4a`]) {
        for (const env of ['staging', 'production']) {
          const { status, stderr } = repo.promote([env, '--digest', tag]);
          expect(status, `${env} ${tag}`).toBe(1);
          expect(stderr).toContain(`promote: refused: '${tag}' is a tag or a name, not a digest`);
        }
      }
      expect(text(repo.overlay('staging'))).toBe(staging);
      expect(text(repo.overlay('production'))).toBe(production);
    });

    it('refuses malformed digests', () => {
      const cases = [
        ['sha256:abc', 'got 3 characters after sha256:'],
        [`sha256:${'A'.repeat(64)}`, 'expected sha256: and 64 lowercase hex characters'],
        [`sha256:${'a'.repeat(63)}`, 'got 63 characters after sha256:'],
        [`sha256:${'g'.repeat(64)}`, 'is not a well-formed digest'],
        [`sha256:${'a'.repeat(65)}`, 'got 65 characters after sha256:'],
      ];
      for (const [digest, reason] of cases) {
        const { status, stderr } = repo.promote(['staging', '--digest', digest!]);
        expect(status, digest).toBe(1);
        expect(stderr).toContain(reason);
      }
      expect(repo.pinned('staging')).toBe(GOOD);
    });

    it('refuses an image other than the one the overlays run', () => {
      const { status, stderr } = repo.promote(['staging', '--digest', `ghcr.io/someone-else/todo-api@${NEWER}`]);
      expect(status).toBe(1);
      expect(stderr).toContain("names the image 'ghcr.io/someone-else/todo-api'");
    });

    it('refuses a digest staging never ran, and one it ran before but does not run now', () => {
      const never = repo.promote(['production', '--digest', NEVER]);
      expect(never.status).toBe(1);
      expect(never.stderr).toContain('promote: refused: staging has never run sha256:cccccccccccc…: promote it to staging first');

      // Staging moves on to a newer digest; the older one is in its history, production is not on it.
      expect(repo.promote(['staging', '--digest', NEWER]).status).toBe(0);
      git(repo.root, 'commit', '--quiet', '-am', 'Promote newer to staging');
      const before = text(repo.overlay('production'));
      const old = repo.promote(['production', '--digest', GOOD]);
      expect(old.status).toBe(1);
      expect(old.stderr).toMatch(/promote: refused: staging ran sha256:a{12}… before \(commits [0-9a-f]{7,} \d{4}-\d\d-\d\d/);
      expect(old.stderr).toContain('but runs sha256:bbbbbbbbbbbb… now: promote what staging runs today');
      expect(text(repo.overlay('production'))).toBe(before);

      // With the digest staging runs now, it goes through.
      const current = repo.promote(['production', '--digest', `${IMAGE}@${NEWER}`]);
      expect(current.status, current.output).toBe(0);
      expect(repo.pinned('production')).toBe(NEWER);
    });

    it('changes nothing with --dry-run', () => {
      const staging = text(repo.overlay('staging'));
      const { status, stdout } = repo.promote(['staging', '--digest', NEVER, '--dry-run']);
      expect(status).toBe(0);
      expect(stdout).toContain('(dry run, nothing written)');
      expect(text(repo.overlay('staging'))).toBe(staging);
    });

    it('is a usage error to promote to staging without a digest', () => {
      const { status, stderr } = repo.promote(['staging']);
      expect(status).toBe(2);
      expect(stderr).toContain('staging takes its digest from CI: pass --digest sha256:...');
    });
  });

  describe('--kube-context asks the cluster about staging', () => {
    const repo = repository('cluster');
    const bin = join(work, 'fake-kubectl');
    const state = join(work, 'rollout.json');
    const calls = join(work, 'kubectl-calls');
    // A stand-in kubectl: records its arguments and prints the Rollout the test wrote.
    beforeAll(() => {
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\necho "$*" >> "${calls}"\ncat "${state}"\n`);
      chmodSync(join(bin, 'kubectl'), 0o755);
      expect(repo.promote(['staging', '--digest', GOOD]).status).toBe(0);
      git(repo.root, 'commit', '--quiet', '-am', 'Promote to staging');
    });
    const env = () => ({ PATH: `${bin}${delimiter}${process.env.PATH}` });
    const rollout = (status: object, image = `${IMAGE}@${GOOD}`) =>
      writeFileSync(state, JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'todo-api', image }] } } }, status }));

    it('promotes when staging is Healthy and fully on the digest, asking for the right object', () => {
      rollout({ phase: 'Healthy', stableRS: '7d9f8c6b5', currentPodHash: '7d9f8c6b5' });
      const before = text(repo.overlay('production'));
      const dry = repo.promote(['production', '--kube-context', 'kind-handbook-cd', '--dry-run'], env());
      expect(dry.status, dry.output).toBe(0);
      expect(dry.stdout).toContain('promote: production: sha256:000000000000… -> sha256:aaaaaaaaaaaa… (dry run, nothing written)');
      expect(text(repo.overlay('production'))).toBe(before);
      const { status, stdout, output } = repo.promote(['production', '--kube-context', 'kind-handbook-cd'], env());
      expect(status, output).toBe(0);
      expect(stdout).toContain('promote: rollout/todo-api in todo-api-staging is Healthy and fully on sha256:aaaaaaaaaaaa…');
      expect(text(calls).trim().split('\n').at(-1)).toBe('--context kind-handbook-cd --namespace todo-api-staging get rollout todo-api --output json');
      git(repo.root, 'checkout', '--quiet', '--', '.');
    });

    it('refuses when staging aborted its canary', () => {
      // The message Argo Rollouts 1.9 writes when a background analysis fails.
      const message = 'RolloutAborted: Rollout aborted update to revision 2: Background analysis phase error/failed: Metric "error-ratio" assessed Failed due to failed (2) > failureLimit (1)';
      rollout({ phase: 'Degraded', abort: true, message, stableRS: '5c4b3a291', currentPodHash: '7d9f8c6b5' });
      const { status, stderr } = repo.promote(['production', '--kube-context', 'kind-handbook-cd'], env());
      expect(status).toBe(1);
      expect(stderr).toContain(`promote: refused: rollout/todo-api in todo-api-staging is Degraded (${message}): staging did not run sha256:aaaaaaaaaaaa… successfully`);
      expect(repo.pinned('production')).toBe(digestOf('0'));
    });

    it('refuses while the canary is still in progress, or before Argo CD has synced', () => {
      rollout({ phase: 'Healthy', stableRS: '5c4b3a291', currentPodHash: '7d9f8c6b5' });
      const progressing = repo.promote(['production', '--kube-context', 'kind-handbook-cd'], env());
      expect(progressing.status).toBe(1);
      expect(progressing.stderr).toContain('is still rolling out sha256:aaaaaaaaaaaa…');
      rollout({ phase: 'Healthy', stableRS: '5c4b3a291', currentPodHash: '5c4b3a291' }, `${IMAGE}@${NEVER}`);
      const unsynced = repo.promote(['production', '--kube-context', 'kind-handbook-cd'], env());
      expect(unsynced.status).toBe(1);
      expect(unsynced.stderr).toContain('is not on sha256:aaaaaaaaaaaa… yet');
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The manifests and how they refer to each other
// ---------------------------------------------------------------------------------------------
const ENVIRONMENTS = ['staging', 'production'];
const base = yamlFile(`${LAB}/deploy/base/kustomization.yaml`);
const baseDocs = (base.resources as string[]).flatMap((file) => yamlDocs(`${LAB}/deploy/base/${file}`));
const byKind = (kind: string) => baseDocs.filter((doc) => doc.kind === kind);
const rolloutDoc = byKind('Rollout')[0];
const template = byKind('AnalysisTemplate')[0];
const service = byKind('Service')[0];
const loadgen = byKind('Deployment')[0];
const overlays = Object.fromEntries(ENVIRONMENTS.map((env) => [env, yamlFile(`${LAB}/deploy/overlays/${env}/kustomization.yaml`)]));
const applications = ENVIRONMENTS.map((env) => yamlFile(`${LAB}/argocd/todo-api-${env}.yaml`));
const prometheusDocs = yamlDocs(`${LAB}/platform/prometheus.yaml`);

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('kustomize layout', () => {
  it('lists only files that exist, and one of each kind the chapter describes', () => {
    for (const file of base.resources) expect(existsSync(`${LAB}/deploy/base/${file}`), file).toBe(true);
    for (const generator of base.configMapGenerator) for (const file of generator.files) expect(existsSync(`${LAB}/deploy/base/${file}`)).toBe(true);
    expect(baseDocs.map((doc) => doc.kind).sort()).toEqual(['AnalysisTemplate', 'ConfigMap', 'Deployment', 'Rollout', 'Service']);
    expect(byKind('Deployment').map((doc) => doc.metadata.name)).toEqual(['todo-api-loadgen']);
  });

  it.each(ENVIRONMENTS)('the %s overlay pins the image by digest, never by tag', (env) => {
    const overlay = overlays[env];
    expect(overlay.images).toHaveLength(1);
    const [image] = overlay.images;
    expect(image.name).toBe(rolloutDoc.spec.template.spec.containers[0].image);
    expect(image.newName).toBe(IMAGE);
    expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(image.newTag).toBeUndefined();
    expect(overlay.resources).toEqual(['namespace.yaml', '../../base']);
    const namespace = yamlFile(`${LAB}/deploy/overlays/${env}/namespace.yaml`);
    expect(namespace.metadata.name).toBe(overlay.namespace);
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('gives each environment its own namespace, with the same image name', () => {
    expect(new Set(ENVIRONMENTS.map((env) => overlays[env].namespace)).size).toBe(ENVIRONMENTS.length);
    expect(new Set(ENVIRONMENTS.map((env) => overlays[env].images[0].newName)).size).toBe(1);
  });
});

describe('Argo CD Applications', () => {
  it.each(applications.map((app, index) => [ENVIRONMENTS[index]!, app] as const))('%s: points at its overlay, syncs automatically, prunes and self-heals', (env, app) => {
    expect(app.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(app.kind).toBe('Application');
    expect(app.metadata.name).toBe(`todo-api-${env}`);
    expect(app.metadata.namespace).toBe('argocd');
    expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    // The reader's repository holds labs/continuous-delivery at the same path as the handbook.
    expect(app.spec.source.path).toBe(`${LAB}/deploy/overlays/${env}`);
    expect(existsSync(join(app.spec.source.path, 'kustomization.yaml'))).toBe(true);
    expect(app.spec.source.repoURL).toBe('https://github.com/your-github-user/todo-api-ci.git');
    expect(app.spec.source.targetRevision).toBe('main');
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: overlays[env].namespace });
    expect(app.spec.syncPolicy.automated).toEqual({ enabled: true, prune: true, selfHeal: true });
  });
});

describe('Rollout, analysis, Service and load generator', () => {
  const pod = rolloutDoc.spec.template;
  const container = pod.spec.containers[0];

  it('runs the canary with the analysis template that exists, passing exactly the arguments it declares', () => {
    expect(rolloutDoc.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(template.apiVersion).toBe('argoproj.io/v1alpha1');
    const analysis = rolloutDoc.spec.strategy.canary.analysis;
    expect(analysis.templates.map((t: { templateName: string }) => t.templateName)).toEqual([template.metadata.name]);
    const passed = analysis.args.map((arg: { name: string }) => arg.name).sort();
    const declared = template.spec.args.filter((arg: { value?: string }) => arg.value === undefined).map((arg: { name: string }) => arg.name).sort();
    expect(passed).toEqual(declared);
    const args = Object.fromEntries(analysis.args.map((arg: { name: string; valueFrom: object }) => [arg.name, arg.valueFrom]));
    expect(args['canary-hash']).toEqual({ podTemplateHashValue: 'Latest' });
    expect(args['namespace']).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
    for (const name of declared) expect(template.spec.metrics[0].provider.prometheus.query).toContain(`{{args.${name}}}`);
  });

  it('has canary steps that land on whole pods and pause between them', () => {
    const steps = rolloutDoc.spec.strategy.canary.steps as Array<{ setWeight?: number; pause?: { duration: string } }>;
    const weights = steps.filter((step) => step.setWeight !== undefined).map((step) => step.setWeight!);
    expect(weights).toEqual([25, 50, 75]);
    for (const weight of weights) expect((weight * rolloutDoc.spec.replicas) % 100).toBe(0);
    expect(steps.filter((step) => step.pause).length).toBe(weights.length);
  });

  it('selects its own pods, and the Service reaches them on a port the container names', () => {
    expect(matches(rolloutDoc.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
    expect(matches(service.spec.selector, pod.metadata.labels)).toBe(true);
    const portNames = container.ports.map((port: { name: string }) => port.name);
    expect(portNames).toContain(service.spec.ports[0].targetPort);
    expect(portNames).toContain(container.readinessProbe.httpGet.port);
  });

  it('keeps the load generator out of the Service and points it at the Service', () => {
    expect(matches(service.spec.selector, loadgen.spec.template.metadata.labels)).toBe(false);
    expect(matches(loadgen.spec.selector.matchLabels, loadgen.spec.template.metadata.labels)).toBe(true);
    const env = Object.fromEntries(loadgen.spec.template.spec.containers[0].env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    expect(env.TARGET).toBe(`http://${service.metadata.name}`);
    expect(loadgen.spec.template.spec.volumes[0].configMap.name).toBe(base.configMapGenerator[0].name);
    expect(loadgen.spec.template.spec.containers[0].command).toEqual(['node', `/loadgen/${base.configMapGenerator[0].files[0]}`]);
  });

  it('reads its configuration from the ConfigMap in the base and its token from a Secret that is not in Git', () => {
    const configMap = byKind('ConfigMap')[0];
    expect(container.envFrom[0].configMapRef.name).toBe(configMap.metadata.name);
    expect(configMap.data.PORT).toBe(String(container.ports[0].containerPort));
    const secret = container.env.find((e: { name: string }) => e.name === 'API_TOKEN').valueFrom.secretKeyRef;
    expect(secret).toEqual({ name: 'todo-api-secret', key: 'API_TOKEN' });
    // The Secret is not in Git: no manifest of the lab defines one, and the chapter creates it.
    expect(baseDocs.some((doc) => doc.kind === 'Secret')).toBe(false);
    expect(text(CHAPTER)).toMatch(/create secret generic todo-api-secret --from-literal=API_TOKEN=/);
  });
});

describe('Prometheus feeds the analysis', () => {
  const config = parse(prometheusDocs.find((doc) => doc.kind === 'ConfigMap').data['prometheus.yml']);
  const job = config.scrape_configs[0];
  const relabel = job.relabel_configs as Array<{ source_labels: string[]; regex?: string; action?: string; target_label?: string }>;
  const promService = prometheusDocs.find((doc) => doc.kind === 'Service');
  const query = template.spec.metrics[0].provider.prometheus.query as string;

  it('scrapes the API pods of both environments, on the container port the Rollout names', () => {
    expect(job.kubernetes_sd_configs[0].role).toBe('pod');
    expect(job.kubernetes_sd_configs[0].namespaces.names.sort()).toEqual(ENVIRONMENTS.map((env) => overlays[env].namespace).sort());
    const keep = (label: string) => relabel.find((r) => r.action === 'keep' && r.source_labels[0] === label)!;
    const podLabel = keep('__meta_kubernetes_pod_label_app_kubernetes_io_name');
    expect(new RegExp(`^(?:${podLabel.regex})$`).test(rolloutDoc.spec.template.metadata.labels['app.kubernetes.io/name'])).toBe(true);
    expect(new RegExp(`^(?:${podLabel.regex})$`).test(loadgen.spec.template.metadata.labels['app.kubernetes.io/name'])).toBe(false);
    expect(keep('__meta_kubernetes_pod_container_port_name').regex).toBe(rolloutDoc.spec.template.spec.containers[0].ports[0].name);
  });

  it('adds every label the canary query filters on', () => {
    const targets = new Set(relabel.map((r) => r.target_label).filter(Boolean));
    const filtered = [...query.matchAll(/(\w+)="\{\{args\.[\w-]+\}\}"/g)].map((m) => m[1]);
    expect(filtered.length).toBeGreaterThan(0);
    for (const label of filtered) expect(targets, label).toContain(label);
    const hash = relabel.find((r) => r.target_label === 'rollouts_pod_template_hash')!;
    // Argo Rollouts' pod label rollouts-pod-template-hash, with - turned into _ by Prometheus.
    expect(hash.source_labels).toEqual(['__meta_kubernetes_pod_label_rollouts_pod_template_hash']);
    expect(job.job_name).toBe('todo-api');
  });

  it('is the address the AnalysisTemplate asks', () => {
    const namespace = prometheusDocs.find((doc) => doc.kind === 'Namespace').metadata.name;
    const address = `http://${promService.metadata.name}.${namespace}.svc.cluster.local:${promService.spec.ports[0].port}`;
    expect(template.spec.metrics[0].provider.prometheus.address).toBe(address);
    const deployment = prometheusDocs.find((doc) => doc.kind === 'Deployment');
    expect(deployment.spec.template.spec.serviceAccountName).toBe(prometheusDocs.find((doc) => doc.kind === 'ServiceAccount').metadata.name);
    expect(matches(promService.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
  });

  it('aborts on the availability SLI of the monitoring lab, restricted to the canary, at the SLO budget', () => {
    const rules = yamlFile('labs/monitoring/prometheus/rules/todo-api.yml');
    const sli = rules.groups
      .flatMap((group: { rules: Array<{ record?: string; expr: string }> }) => group.rules)
      .find((rule: { record?: string }) => rule.record === 'job:slo_errors_per_request:ratio_rate5m').expr as string;
    const normalize = (promql: string) => promql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
    const general = query
      .replaceAll(', namespace="{{args.namespace}}"', '')
      .replaceAll(', rollouts_pod_template_hash="{{args.canary-hash}}"', '')
      .replaceAll('[1m]', '[5m]');
    expect(normalize(general)).toBe(normalize(sli));
    // Every selector of the canary query is scoped to the canary (three selectors, three filters).
    expect(query.match(/rollouts_pod_template_hash="\{\{args\.canary-hash\}\}"/g)).toHaveLength(3);
    expect(query.match(/namespace="\{\{args\.namespace\}\}"/g)).toHaveLength(3);
    // The threshold is the error budget the monitoring rules use (1 - 0.995).
    const budget = Number(/\(14\.4 \* ([\d.]+)\)/.exec(text('labs/monitoring/prometheus/rules/todo-api.yml'))![1]);
    expect(budget).toBeCloseTo(0.005, 10);
    expect(template.spec.metrics[0].successCondition).toBe(`len(result) == 1 && result[0] <= ${budget}`);
    expect(template.spec.metrics[0].failureLimit).toBe(1);
  });
});

describe('everything is pinned', () => {
  const manifests = [
    ...baseDocs,
    ...prometheusDocs,
    yamlFile(`${LAB}/kind-config.yaml`),
  ];
  const images = manifests.flatMap((doc) => JSON.stringify(doc).match(/"image":"[^"]+"/g) ?? []).map((m) => m.slice(9, -1));

  it('uses exact image tags or digests, never latest or a bare name (except the one overlays replace)', () => {
    expect(images.length).toBeGreaterThan(3);
    for (const image of images) {
      if (image === 'todo-api') continue;
      expect(image, image).toMatch(/:(v?\d+\.\d+\.\d+[\w.-]*)(@sha256:[0-9a-f]{64})?$/);
      expect(image).not.toMatch(/:latest\b/);
    }
    expect(images).toContain('kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0');
    // The same releases as the neighbouring labs: the service's Node.js, the monitoring lab's Prometheus.
    expect(images).toContain(/^FROM (\S+) AS runtime$/m.exec(text('labs/service/Dockerfile'))![1]);
    expect(images).toContain(/image: (prom\/prometheus:\S+)/.exec(text('labs/monitoring/compose.yaml'))![1]);
  });

  it('installs the controllers from versioned URLs, in the chapter and in the README', () => {
    for (const file of [CHAPTER, `${LAB}/README.md`]) {
      const body = file === CHAPTER ? chapterText(file) : text(file);
      const urls = body.match(/https:\/\/\S+\/install\.yaml/g) ?? [];
      expect(urls, file).toEqual(
        expect.arrayContaining([
          'https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.2/manifests/install.yaml',
          'https://github.com/argoproj/argo-rollouts/releases/download/v1.9.1/install.yaml',
        ]),
      );
      for (const url of urls) expect(url, file).toMatch(/\/v\d+\.\d+\.\d+\//);
    }
  });
});

describe('promote.yml', () => {
  const workflow = yamlFile(`${LAB}/promote.yml`);
  const ci = text('labs/ci-cd/ci.yml');
  const job = workflow.jobs.promote;
  const steps = job.steps as Array<{ uses?: string; run?: string; env?: Record<string, string>; id?: string; if?: string }>;

  it('runs on manual dispatch, for exactly the environments promote.py knows', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
    expect(workflow.on.workflow_dispatch.inputs.environment.options).toEqual(ENVIRONMENTS);
    expect(text(PROMOTE)).toContain(`ENVIRONMENTS = ("${ENVIRONMENTS.join('", "')}")`);
  });

  it('pins every action to a full commit SHA, the same ones as ci.yml', () => {
    const uses = steps.filter((step) => step.uses).map((step) => step.uses!);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      expect(use).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(ci).toContain(use);
    }
  });

  it('reads by default and writes only where it pushes a branch and opens a pull request', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(job['timeout-minutes']).toBeLessThanOrEqual(10);
  });

  it('runs promote.py with the inputs through env, and opens the pull request only when something changed', () => {
    for (const step of steps.filter((s) => s.run)) expect(step.run, 'no ${{ }} inside a script').not.toContain('${{');
    const promoteStep = steps.find((step) => step.run?.includes('promote.py'))!;
    expect(promoteStep.run).toContain(`python3 ${PROMOTE} `);
    expect(promoteStep.run).toContain('--github-output "$GITHUB_OUTPUT"');
    expect(promoteStep.env).toEqual({ ENVIRONMENT: '${{ inputs.environment }}', DIGEST: '${{ inputs.digest }}' });
    const pr = steps.find((step) => step.run?.includes('gh pr create'))!;
    expect(pr.if).toBe(`steps.${promoteStep.id}.outputs.changed == 'true'`);
    // Every output the step reads is one promote.py writes.
    const written = /out\.write\(f"branch=\{branch\}\\ntitle=\{title\}\\nfile=\{file\}\\ndigest=\{digest\}\\nprevious=\{previous\}\\n"\)/.test(text(PROMOTE));
    expect(written).toBe(true);
    for (const value of Object.values(pr.env!).filter((v) => v.includes('outputs.'))) {
      expect(['branch', 'title', 'file', 'digest', 'previous']).toContain(/outputs\.(\w+)/.exec(value)![1]);
    }
  });
});

describe('the load generator against the sample service', { timeout: 30_000 }, () => {
  let service: ChildProcess;
  let base = '';

  beforeAll(async () => {
    service = spawn(process.execPath, ['labs/service/src/server.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', API_TOKEN: 'lab-test-token' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(service);
    let logs = '';
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the service did not start:\n${logs}`)), 15_000);
      service.stdout!.on('data', (chunk: Buffer) => {
        logs += chunk;
        const line = logs.split('\n').find((l) => l.includes('"listening"'));
        if (line) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${JSON.parse(line).port}`);
        }
      });
      service.once('exit', (code) => reject(new Error(`the service exited with ${code}:\n${logs}`)));
    });
  });
  afterAll(() => {
    if (service.exitCode === null) service.kill('SIGTERM');
  });

  const loadgen = (env: NodeJS.ProcessEnv) =>
    run(process.execPath, [`${LAB}/deploy/base/loadgen.mjs`], { env: { INTERVAL_MS: '5', REPORT_MS: '60000', ...env } });

  it('reads the list and the version every round, all answered 2xx, and reports the counts', () => {
    const { status, stdout, output } = loadgen({ TARGET: base, MAX_ROUNDS: '25' });
    expect(status, output).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ msg: 'loadgen started', target: base, maxRounds: 25 });
    expect(lines.at(-1)).toEqual({ window_s: 60, requests: 50, '2xx': 50 });
  });

  it('sends traffic the SLI counts: real routes, no probes, no 5xx, one connection per request', async () => {
    const { samples } = parsePrometheusText(await (await fetch(`${base}/metrics`)).text());
    const requests = samples.filter((s) => s.name === 'http_requests_total');
    expect([...new Set(requests.map((s) => s.labels.route))].sort()).toEqual(['/', '/todos']);
    expect(requests.filter((s) => s.labels.status!.startsWith('5'))).toEqual([]);
    expect(requests.reduce((sum, s) => sum + s.value, 0)).toBe(50);
    // A kept-alive connection would send every request to one pod behind a Service.
    expect(text(`${LAB}/deploy/base/loadgen.mjs`)).toContain('agent: false');
  });

  it('counts requests nobody answers, and still stops after MAX_ROUNDS', async () => {
    const closed = await freePort();
    const { status, stdout } = loadgen({ TARGET: `http://127.0.0.1:${closed}`, MAX_ROUNDS: '3' });
    expect(status).toBe(0);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ window_s: 60, requests: 6, no_answer: 6 });
  });
});

describe('the chapter', () => {
  // Read inside the tests, so a missing chapter fails them instead of the whole file's collection.
  const chapterBody = () => text(CHAPTER).split('\n---\n').slice(1).join('\n---\n');

  it('shows every lab file it names, and they exist', () => {
    const shown = [...chapterBody().matchAll(/<LabFile path="([^"]+)"/g)].map((m) => m[1]!);
    expect(shown.length).toBeGreaterThan(5);
    for (const path of shown) expect(existsSync(path), path).toBe(true);
    for (const file of ['promote.py', 'promote.yml', 'kind-config.yaml', 'platform/prometheus.yaml', 'deploy/base/rollout.yaml', 'deploy/base/analysis-template.yaml', 'argocd/todo-api-staging.yaml']) {
      expect(shown).toContain(`${LAB}/${file}`);
    }
  });

  it('shows only promote.py lines the script printed in these tests', () => {
    // Digests, hashes, commits, dates and paths differ from run to run; the words must be identical.
    const normalize = (line: string) =>
      line
        .replace(/sha256:[0-9a-f]+/g, 'DIGEST')
        .replace(/ghcr\.io\/[\w-]+\/todo-api/g, 'IMAGE')
        .replace(/:[0-9a-f]{7,40}\b/g, ':SHA')
        .replace(/promote\/(staging|production)-[0-9a-f]+/g, 'promote/$1-HASH')
        .replace(/\b[0-9a-f]{7,10} \d{4}-\d\d-\d\d\b/g, 'COMMIT')
        .replace(/\S*deploy\/overlays\//g, 'deploy/overlays/')
        .replace(/revision \d+/g, 'revision N')
        .replace(/ +/g, ' ')
        .trim();
    const shown = chapterBody()
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('promote: '));
    expect(shown.length).toBeGreaterThan(5);
    const real = new Set(printed.map(normalize));
    expect(shown.filter((line) => !real.has(normalize(line)))).toEqual([]);
  });
});
