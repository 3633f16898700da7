/**
 * Every lab configuration file validated by the tool that consumes it, or by its published schema
 * (issue 14): GitHub Actions workflows with GitHub's own parser, Kubernetes manifests with the
 * Kubernetes OpenAPI schema (and the CRDs' schemas) plus removed API versions and unknown fields,
 * Compose files with the Compose Specification's schema, Dockerfiles with the Docker language
 * server's parser and the handbook's rule for base images, Terraform modules cross-checked with
 * HashiCorp's HCL parser (references, module arguments and outputs). One test per file, so a failure names the
 * file; each problem reads `file:line: what is wrong`. The validators live in
 * tests/support/lab-validators.ts; the fixtures under tests/fixtures/broken-labs/ prove each one
 * reports what it is for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  kubernetesDocuments,
  labConfigFiles,
  validateAction,
  validateCompose,
  validateDockerfile,
  validateKubernetesFile,
  validateAlertmanagerConfig,
  validatePrometheusConfig,
  validateTerraformFormat,
  validateTerraformModule,
  validateWorkflow,
  walk,
} from '../support/lab-validators';

const files = labConfigFiles();
const read = (file: string) => readFileSync(file, 'utf8');

describe('GitHub Actions workflows (@actions/workflow-parser)', () => {
  it('finds every lab workflow and the Pages workflow in deploy/', () => {
    expect(files.workflows.length).toBeGreaterThanOrEqual(7);
    expect(files.workflows).toContain('deploy/github-pages.yml');
    expect(files.workflows).toContain('labs/ci-cd/ci.yml');
    // A Dependabot file is YAML in a .github-style folder, but not a workflow.
    expect(files.workflows).not.toContain('labs/devsecops/dependabot.yml');
  });

  it.each(files.workflows)('%s is a valid workflow', async (file) => {
    expect(await validateWorkflow(file, read(file))).toEqual([]);
  });

  // No lab ships an action.yml today; one added later is checked against the action schema.
  it.each(files.actions)('%s is a valid action', (file) => {
    expect(validateAction(file, read(file))).toEqual([]);
  });
});

describe('Kubernetes manifests (kubernetes-models: Kubernetes 1.36 OpenAPI, Argo Rollouts, Argo CD, Gateway API)', () => {
  it('finds the manifests, and leaves out only what never reaches an API server', () => {
    expect(files.kubernetes.length).toBeGreaterThanOrEqual(30);
    const left = [...walk('labs'), ...walk('deploy')]
      .filter((file) => /\.ya?ml$/.test(file))
      .flatMap((file) => {
        const all = kubernetesDocuments(file, read(file), { includeNonCluster: true });
        const kept = new Set(kubernetesDocuments(file, read(file)).map((doc) => doc.line));
        return all.filter((doc) => !kept.has(doc.line)).map((doc) => `${doc.apiVersion} ${doc.kind}`);
      });
    // kind's cluster configs and kustomize's build files: read by a CLI, never applied to a cluster.
    expect(new Set(left)).toEqual(new Set(['kind.x-k8s.io/v1alpha4 Cluster', 'kustomize.config.k8s.io/v1beta1 Kustomization']));
  });

  it.each(files.kubernetes)('%s: every object is valid and served by Kubernetes 1.34+', async (file) => {
    expect(await validateKubernetesFile(file, read(file))).toEqual([]);
  });
});

describe('Compose files (Compose Specification schema)', () => {
  it('finds the labs’ Compose files', () => {
    expect(files.compose.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files.compose)('%s follows the Compose Specification', (file) => {
    expect(validateCompose(file, read(file))).toEqual([]);
  });
});

describe('Dockerfiles (dockerfile-ast)', () => {
  it('finds the Dockerfiles', () => {
    expect(files.dockerfiles).toEqual(expect.arrayContaining(['labs/service/Dockerfile', 'labs/mlops-serving/Dockerfile', 'deploy/Dockerfile']));
  });

  it.each(files.dockerfiles)('%s pins every base image to a version tag', (file) => {
    expect(validateDockerfile(file, read(file))).toEqual([]);
  });

  it('accepts earlier stages, scratch, ARG defaults and digests, and reports what is not pinned', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const good = [
      'ARG NODE_TAG=24.21.0-trixie-slim',
      'FROM node:${NODE_TAG} AS build',
      'FROM build AS test',
      `FROM --platform=linux/amd64 node:24.21.0-trixie-slim@${digest} AS runtime`,
      'FROM localhost:5000/team/base:1.2.0',
      'FROM scratch',
    ].join('\n');
    expect(validateDockerfile('good', good)).toEqual([]);
    const bad = ['ARG TAG', 'FROM node:${TAG}', 'FROM node:alpine', 'FROM node:24@sha256:abc'].join('\n');
    expect(validateDockerfile('bad', bad)).toEqual([
      'bad:2: FROM node:${TAG}: $TAG has no default (give the ARG before the first FROM a pinned value)',
      'bad:3: FROM node:alpine: the tag "alpine" names no version; pin one (e.g. 1.30-alpine)',
      'bad:4: FROM node:24@sha256:abc: "@sha256:abc" is not a sha256 digest (@sha256: and 64 hex digits)',
    ]);
  });
});

// Every folder of .tf files is a module: the labs' roots and the modules they call.
const terraformModules = [...new Set(walk('labs').filter((file) => file.endsWith('.tf')).map((file) => file.slice(0, file.lastIndexOf('/'))))].sort();

describe('Terraform modules (HashiCorp HCL parser, cross-checked as terraform validate would)', () => {
  it('finds the labs’ modules and the modules they call', () => {
    expect(terraformModules).toEqual(expect.arrayContaining(['labs/iac', 'labs/iac/modules/app-bucket', 'labs/cloud-platforms']));
  });

  it.each(terraformModules)('%s: every reference is declared, every module call matches its module, every variable is used', async (dir) => {
    expect(await validateTerraformModule(dir)).toEqual([]);
  });

  it('formats every .tf and .tfvars file as terraform fmt does', async () => {
    const files = walk('labs').filter((file) => /\.(tf|tfvars)$/.test(file));
    expect(files.length).toBeGreaterThanOrEqual(20);
    const problems = await Promise.all(files.map((file) => validateTerraformFormat(file, readFileSync(file, 'utf8'))));
    expect(problems.flat()).toEqual([]);
  });
});

// A Prometheus configuration file: scrape_configs at the top (not a Kubernetes object or a Grafana data source).
const prometheusConfigs = walk('labs')
  .filter((file) => /\.ya?ml$/.test(file))
  .filter((file) => {
    // Multi-document files are Kubernetes manifests, never a Prometheus configuration.
    const documents = parseAllDocuments(read(file));
    const data = documents.length === 1 ? documents[0]!.toJS() : null;
    return data !== null && typeof data === 'object' && 'scrape_configs' in data && !('apiVersion' in data);
  })
  .sort();

describe('Prometheus configuration (promtool check config, with the rule files it names)', () => {
  it('finds the labs’ Prometheus configurations', () => {
    expect(prometheusConfigs).toEqual(expect.arrayContaining(['labs/monitoring/prometheus/prometheus.yml', 'labs/mlops-monitoring/prometheus/prometheus.yml']));
  });

  it.each(prometheusConfigs)('%s and its rule files pass promtool check config', (file) => {
    expect(validatePrometheusConfig(file)).toEqual([]);
  });
});

// An Alertmanager configuration: a top-level route and receivers.
const alertmanagerConfigs = walk('labs')
  .filter((file) => /\.ya?ml$/.test(file))
  .filter((file) => {
    const documents = parseAllDocuments(read(file));
    const data = documents.length === 1 ? documents[0]!.toJS() : null;
    return data !== null && typeof data === 'object' && 'route' in data && 'receivers' in data;
  })
  .sort();

describe('Alertmanager configuration (amtool check-config)', () => {
  it('finds the labs’ Alertmanager configuration', () => {
    expect(alertmanagerConfigs).toEqual(['labs/monitoring/alertmanager/alertmanager.yml']);
  });

  it.each(alertmanagerConfigs)('%s passes amtool check-config', (file) => {
    expect(validateAlertmanagerConfig(file)).toEqual([]);
  });
});

describe('broken lab files are reported with the file and the problem (tests/fixtures/broken-labs)', () => {
  const fixture = (name: string) => {
    const file = join('tests/fixtures/broken-labs', name);
    return { file, text: read(file) };
  };
  /** Every expected message is in the report, on a line that starts with the file's name. */
  const expectReported = (problems: string[], file: string, expected: (string | RegExp)[]) => {
    expect(problems.length, `the validator reported nothing for ${file}`).toBeGreaterThan(0);
    for (const problem of problems) expect(problem.startsWith(file)).toBe(true);
    for (const message of expected) {
      expect(problems.some((problem) => (typeof message === 'string' ? problem.includes(message) : message.test(problem))), `${file}: no problem matching ${message} in\n${problems.join('\n')}`).toBe(true);
    }
  };

  it('a workflow job with misspelt keys (runs_on, stepz)', async () => {
    const { file, text } = fixture('workflow-unknown-key.yml');
    expectReported(await validateWorkflow(file, text), file, ["(Line: 5, Col: 5): Unexpected value 'runs_on'", "(Line: 6, Col: 5): Unexpected value 'stepz'"]);
  });

  it('a workflow with an expression that does not parse', async () => {
    const { file, text } = fixture('workflow-broken-expression.yml');
    expectReported(await validateWorkflow(file, text), file, ["(Line: 7, Col: 14): Unexpected symbol: 'EOF'"]);
  });

  it('an action.yml with a misspelt key', () => {
    const { file, text } = fixture('action-unknown-key/action.yml');
    expectReported(validateAction(file, text), file, ["Unexpected value 'step'"]);
  });

  it('a Deployment at an API version Kubernetes removed', async () => {
    const { file, text } = fixture('deployment-removed-api.yaml');
    expectReported(await validateKubernetesFile(file, text), file, [`${file}:1: extensions/v1beta1 Deployment "todo-api": extensions/v1beta1 Deployment was removed in Kubernetes 1.16`, 'use apps/v1']);
  });

  it('a Deployment with a misspelt field and a field under the wrong parent', async () => {
    const { file, text } = fixture('deployment-unknown-field.yaml');
    expectReported(await validateKubernetesFile(file, text), file, [
      `${file}:6: apps/v1 Deployment "todo-api": unknown field spec.replica (not in the apps/v1 Deployment schema); did you mean replicas?`,
      `${file}:18: apps/v1 Deployment "todo-api": unknown field spec.template.spec.containers[0].containerPort`,
    ]);
  });

  it('a Deployment with values of the wrong type', async () => {
    const { file, text } = fixture('deployment-wrong-type.yaml');
    expectReported(await validateKubernetesFile(file, text), file, [`${file}:6: apps/v1 Deployment "todo-api": spec.replicas must be integer`, 'spec.template.spec.containers[0].ports[0].containerPort must be integer']);
  });

  it('unknown fields in the custom resources too (Rollout, HTTPRoute, Application)', async () => {
    const rollout = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  selector: {matchLabels: {app: r}}\n  template: {metadata: {labels: {app: r}}, spec: {containers: [{name: a, image: "a:1"}]}}\n  strategy:\n    canary:\n      stepz: []\n';
    expectReported(await validateKubernetesFile('rollout.yaml', rollout), 'rollout.yaml', ['rollout.yaml:9: argoproj.io/v1alpha1 Rollout "r": unknown field spec.strategy.canary.stepz', 'did you mean steps?']);
    const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  parentRefs: [{name: g}]\n  rule: []\n';
    expectReported(await validateKubernetesFile('route.yaml', route), 'route.yaml', ['unknown field spec.rule', 'did you mean rules?']);
    const application = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec:\n  project: default\n  destination: {server: "https://kubernetes.default.svc"}\n  source: {repoURL: "https://example.org/r.git", path: p, targetRevsion: main}\n';
    expectReported(await validateKubernetesFile('app.yaml', application), 'app.yaml', ['unknown field spec.source.targetRevsion', 'did you mean targetRevision?']);
  });

  it('a Compose service with port: instead of ports:', () => {
    const { file, text } = fixture('compose-unknown-key.yaml');
    expectReported(validateCompose(file, text), file, [`${file}:3: services.api: unknown key "port" (not in the Compose Specification)`]);
  });

  it('a Dockerfile whose base images are not pinned (FROM node, FROM python:latest)', () => {
    const { file, text } = fixture('Dockerfile.untagged');
    expectReported(validateDockerfile(file, text), file, [`${file}:1: FROM node: no tag`, `${file}:4: FROM python:latest: "latest" is a moving tag`]);
  });

  it('a Terraform module with a misspelt variable, an undefined local, and a module call that does not match its module', async () => {
    const dir = 'tests/fixtures/broken-labs/terraform-module';
    const problems = await validateTerraformModule(dir);
    expect(problems.sort()).toEqual(
      [
        `${dir}/main.tf: module "exports" passes "nmae", which ./modules/bucket does not declare`,
        `${dir}/main.tf: module "exports" does not pass "name", which ./modules/bucket requires (no default)`,
        `${dir}/main.tf:7: local.tags is not defined in a locals block of ${dir}`,
        `${dir}/main.tf:11: var.regoin is not declared in ${dir}`,
        `${dir}/main.tf:13: module.exports.bucket_id: the module has no output "bucket_id"`,
        `${dir}/variables.tf: variable "region" is declared but never used`,
      ].sort(),
    );
  });

  it('a Terraform file terraform fmt would rewrite: misaligned =, wrong indent, "${var.x}", type = "string"', async () => {
    const { file, text } = fixture('terraform-unformatted.tf');
    expectReported(await validateTerraformFormat(file, text), file, [
      `${file}:2: not formatted as terraform fmt writes it: "type = "string"" should read "type    = "string"" (run terraform fmt)`,
      `${file}:2: quoted type constraint "type = "string"": write the type without quotes`,
      `${file}:8: interpolation-only expression "bucket = "\${var.name}"": write the expression without "\${ }"`,
    ]);
  });

  it('an Alertmanager route to a receiver that does not exist', () => {
    const file = 'tests/fixtures/broken-labs/alertmanager-undefined-receiver.yml';
    expect(validateAlertmanagerConfig(file)).toEqual([`${file}: undefined receiver "tickets" used in route`]);
  });

  it('an alert rule whose PromQL does not parse, found through the configuration that loads it', () => {
    const dir = 'tests/fixtures/broken-labs/prometheus-bad-promql';
    const problems = validatePrometheusConfig(`${dir}/prometheus.yml`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${dir}/rules\\.yml: 6:15: group "todo-api", rule 1, "TodoApiErrors": could not parse expression: .*parse error`));
  });
});
