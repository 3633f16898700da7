/**
 * The production Kubernetes lab (labs/kubernetes-production) run as the chapter runs it, without a
 * cluster: size_requests.py on the shipped week of samples, checked against percentiles computed
 * here; drain-drill.sh's argument checks, and its whole flow against a stand-in kubectl that
 * records every call and plays back a client's results; and the cross-references between the
 * manifests that a typo would silently break (selectors, names, ports, the sized requests).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';

const LAB = 'labs/kubernetes-production';
const CHAPTER = 'src/content/docs/devops/kubernetes-production.mdx';
const CONTAINERS = 'labs/containers/k8s';
const MIB = 1024 * 1024;

// The lab's tools are test dependencies like shellcheck: missing, the file fails with how to get them.
const missing = ['python3', 'bash', 'awk', 'sort', 'uniq', 'mktemp'].filter(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status !== 0,
);
if (missing.length) throw new Error(`the production Kubernetes lab needs ${missing.join(', ')}: sudo apt-get install -y python3 bash gawk coreutils`);

const work = mkdtempSync(join(tmpdir(), 'handbook-kubernetes-production-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, cwd: options.cwd, env: options.env ?? process.env });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}

type Doc = Record<string, any>;
const yamlFile = (path: string): Doc => parse(readFileSync(path, 'utf8')) as Doc;
const yamlDocs = (path: string): Doc[] => parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => doc.toJS() as Doc);

/** True when every key/value of matchLabels is among the labels: the selector selects those pods. */
const selects = (matchLabels: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(matchLabels).every(([key, value]) => labels[key] === value);

// ---------------------------------------------------------------------------------------------
// size_requests.py
// ---------------------------------------------------------------------------------------------

interface Matrix {
  status: string;
  data: { resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] };
}
const readMatrix = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Matrix;
const pooled = (matrix: Matrix) =>
  matrix.data.result
    .flatMap((series) => series.values.map(([, value]) => Number(value)))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
/** Nearest rank, computed here independently of the script: the ceil(p/100*n)-th smallest value. */
const nearestRank = (sorted: number[], p: number) => sorted[Math.max(Math.ceil((p / 100) * sorted.length), 1) - 1]!;

const cpuSamples = pooled(readMatrix(`${LAB}/samples/cpu.json`));
const memorySamples = pooled(readMatrix(`${LAB}/samples/memory.json`));
const expectedCpuRequest = (p: number) => Math.ceil((nearestRank(cpuSamples, p) * 1000) / 5 - 1e-9) * 5;
const expectedMemoryRequest = (p = 99, headroom = 15) => Math.ceil((nearestRank(memorySamples, p) * (1 + headroom / 100)) / MIB - 1e-9);

/** The `resources:` block the script prints last, parsed as YAML. */
function printedResources(stdout: string) {
  const block = stdout.slice(stdout.indexOf('\nresources:\n') + 1);
  return (parse(block) as Doc).resources as Doc;
}

const sizing = run('python3', ['size_requests.py', 'samples/cpu.json', 'samples/memory.json'], { cwd: LAB });

describe('size_requests.py on the shipped week of samples', { timeout: 60_000 }, () => {
  it('reads both files and exits 0', () => {
    expect(sizing.status, sizing.output).toBe(0);
    expect(sizing.stderr).toBe('');
  });

  it('covers a full week of three pods replaced by a rollout, as the chapter says', () => {
    const cpu = readMatrix(`${LAB}/samples/cpu.json`);
    const times = cpu.data.result.flatMap((series) => series.values.map(([time]) => time));
    expect(cpu.data.result).toHaveLength(6);
    expect(Math.max(...times) - Math.min(...times)).toBe(7 * 86400);
    expect(sizing.stdout).toContain(`CPU     ${cpuSamples.length} samples from 6 pods over 7.0 days`);
    expect(sizing.stdout).toContain(`Memory  ${memorySamples.length} samples from 6 pods over 7.0 days`);
    expect(sizing.stdout).not.toContain('warning:');
  });

  it('prints the percentiles computed here', () => {
    const cores = (p: number) => nearestRank(cpuSamples, p).toFixed(3);
    const mib = (p: number) => (nearestRank(memorySamples, p) / MIB).toFixed(1);
    expect(sizing.stdout).toContain(`p50 ${cores(50)}  p90 ${cores(90)}  p99 ${cores(99)}  max ${cpuSamples.at(-1)!.toFixed(3)} cores`);
    expect(sizing.stdout).toContain(`p50 ${mib(50)}  p90 ${mib(90)}  p99 ${mib(99)}  max ${(memorySamples.at(-1)! / MIB).toFixed(1)} MiB`);
  });

  it('recommends CPU request = p90 rounded up to 5m, no CPU limit, memory request = limit = p99 + 15%', () => {
    const cpu = expectedCpuRequest(90);
    const memory = expectedMemoryRequest();
    expect(cpu).toBe(60);
    expect(memory).toBe(97);
    expect(printedResources(sizing.stdout)).toEqual({
      requests: { cpu: `${cpu}m`, memory: `${memory}Mi` },
      limits: { memory: `${memory}Mi` },
    });
    expect(sizing.stdout).toMatch(/^ {2}limits\.cpu {7}none /m);
  });

  it('follows --cpu-percentile and --memory-headroom', () => {
    const { status, stdout, output } = run('python3', [`${LAB}/size_requests.py`, '--cpu-percentile', '99', '--memory-headroom', '40', `${LAB}/samples/cpu.json`, `${LAB}/samples/memory.json`]);
    expect(status, output).toBe(0);
    expect(printedResources(stdout)).toEqual({
      requests: { cpu: `${expectedCpuRequest(99)}m`, memory: `${expectedMemoryRequest(99, 40)}Mi` },
      limits: { memory: `${expectedMemoryRequest(99, 40)}Mi` },
    });
  });

  it('warns when the samples cover less than a week, and when a sample is above the memory limit', () => {
    const cpu = readMatrix(`${LAB}/samples/cpu.json`);
    const twoDays = (matrix: Matrix): Matrix => {
      const start = Math.min(...matrix.data.result.flatMap((series) => series.values.map(([time]) => time)));
      return { ...matrix, data: { ...matrix.data, result: matrix.data.result.map((s) => ({ ...s, values: s.values.filter(([t]) => t <= start + 2 * 86400) })) } };
    };
    const memory = readMatrix(`${LAB}/samples/memory.json`);
    const spiked: Matrix = structuredClone(memory);
    spiked.data.result[0]!.values.push([spiked.data.result[0]!.values.at(-1)![0] + 60, String(400 * MIB)]);
    writeFileSync(join(work, 'cpu-2d.json'), JSON.stringify(twoDays(cpu)));
    writeFileSync(join(work, 'memory-spike.json'), JSON.stringify(spiked));

    const short = run('python3', [`${LAB}/size_requests.py`, join(work, 'cpu-2d.json'), `${LAB}/samples/memory.json`]);
    expect(short.status, short.output).toBe(0);
    expect(short.stdout).toContain('warning: the samples cover less than 7 days; size from a week that includes your busiest day');

    const spike = run('python3', [`${LAB}/size_requests.py`, `${LAB}/samples/cpu.json`, join(work, 'memory-spike.json')]);
    expect(spike.status, spike.output).toBe(0);
    expect(spike.stdout).toContain('warning: the highest memory sample, 400.0 MiB, is above the limit: that pod would have been OOMKilled');
  });

  it('skips NaN samples, which Prometheus writes for gaps', () => {
    const memory = readMatrix(`${LAB}/samples/memory.json`);
    memory.data.result[1]!.values.push([1, 'NaN']);
    writeFileSync(join(work, 'memory-nan.json'), JSON.stringify(memory));
    const { status, stdout } = run('python3', [`${LAB}/size_requests.py`, `${LAB}/samples/cpu.json`, join(work, 'memory-nan.json')]);
    expect(status).toBe(0);
    expect(stdout).toContain(`Memory  ${memorySamples.length} samples`);
  });

  it('refuses an instant query, a missing file and nonsense options', () => {
    writeFileSync(join(work, 'vector.json'), JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    const vector = run('python3', [`${LAB}/size_requests.py`, join(work, 'vector.json'), `${LAB}/samples/memory.json`]);
    expect(vector.status).toBe(1);
    expect(vector.stderr).toContain('expected "resultType": "matrix", the answer of /api/v1/query_range');

    const absent = run('python3', [`${LAB}/size_requests.py`, join(work, 'nope.json'), `${LAB}/samples/memory.json`]);
    expect(absent.status).toBe(1);
    expect(absent.stderr).toMatch(/^error: .*nope\.json: cannot read it/);

    const percent = run('python3', [`${LAB}/size_requests.py`, '--cpu-percentile', '150', 'a', 'b']);
    expect(percent.status).toBe(2);
    expect(percent.stderr).toContain('--cpu-percentile must be above 0 and at most 100');

    const help = run('python3', [`${LAB}/size_requests.py`, '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: size_requests\.py /);
  });
});

// ---------------------------------------------------------------------------------------------
// drain-drill.sh
// ---------------------------------------------------------------------------------------------

const DRILL = resolve(`${LAB}/drain-drill.sh`);
const fakeBin = join(work, 'bin');
const kubectlLog = join(work, 'kubectl.log');
{
  // A stand-in kubectl: logs each call, plays back the client's loop output, and drains with the
  // exit code the test asks for. Everything else succeeds quietly, as on a healthy cluster.
  const script = `#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG"
case " $* " in
  *" exec "*" sh -c "*) cat "$FAKE_RESULTS" ;;
  *" get pod drill-client "*) printf '%s' "\${FAKE_CLIENT_NODE:-handbook-control-plane}" ;;
  *" get pods "*) echo "NAME                       READY   STATUS    NODE" ;;
  *" drain "*) echo "evicting pod handbook/todo-api-5d9c7b8f6-abcde"; exit "\${FAKE_DRAIN_RC:-0}" ;;
esac
exit 0
`;
  spawnSync('mkdir', ['-p', fakeBin]);
  writeFileSync(join(fakeBin, 'kubectl'), script);
  chmodSync(join(fakeBin, 'kubectl'), 0o755);
}

/** Every drill: line the script printed in these tests, for the comparison with the chapter. */
const printedDrill: string[] = [];

function drill(args: string[], results: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const resultsFile = join(work, 'results.txt');
  writeFileSync(resultsFile, results);
  writeFileSync(kubectlLog, '');
  const env = { ...process.env, PATH: `${fakeBin}:${process.env.PATH}`, FAKE_LOG: kubectlLog, FAKE_RESULTS: resultsFile, ...extraEnv };
  const result = run('bash', [DRILL, ...args], { env });
  printedDrill.push(...result.stdout.split('\n').filter((line) => line.startsWith('drill: ')));
  return { ...result, calls: readFileSync(kubectlLog, 'utf8').trim().split('\n') };
}

/** Results as the client pod writes them: one "HH:MM:SS CODE" line per request. */
function results(codes: string[]) {
  return codes.map((code, index) => `14:03:${String(10 + Math.floor(index / 8)).padStart(2, '0')} ${code}`).join('\n') + '\n';
}

describe('drain-drill.sh', { timeout: 60_000 }, () => {
  it('explains itself with --help and exits 0', () => {
    const { status, stdout } = run('bash', [DRILL, '--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: drain-drill\.sh \[--namespace NS\]/);
    for (const option of ['--namespace', '--selector', '--url', '--settle', '--timeout', '--keep-cordoned']) expect(stdout).toContain(option);
  });

  it('refuses wrong usage with exit code 2, the reason and the usage line', () => {
    const cases: [string[], RegExp][] = [
      [[], /name at least one node/],
      [['--settle', 'soon', 'handbook-worker'], /--settle: "soon" is not a number of seconds/],
      [['--timeout', '0', 'handbook-worker'], /--timeout: "0" is not a number of seconds above 0/],
      [['--url', 'ftp://todo-api/', 'handbook-worker'], /--url: "ftp:\/\/todo-api\/" is not an http/],
      [['--namespace', 'Hand_Book', 'handbook-worker'], /--namespace: "Hand_Book" is not a namespace name/],
      [['Worker_1'], /"Worker_1" is not a node name/],
      [['--force', 'handbook-worker'], /unknown option --force/],
      [['--url'], /--url needs a value/],
    ];
    for (const [args, reason] of cases) {
      const { status, stderr } = run('bash', [DRILL, ...args], { env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH}`, FAKE_LOG: kubectlLog } });
      expect(status, args.join(' ')).toBe(2);
      expect(stderr).toMatch(reason);
      expect(stderr).toMatch(/^Usage: drain-drill\.sh /m);
    }
  });

  it('says how to get kubectl when it is missing, with exit code 3', () => {
    // A PATH with the few programs the script needs before it looks for kubectl, and no kubectl.
    const bare = join(work, 'bare');
    spawnSync('mkdir', ['-p', bare]);
    for (const tool of ['dirname', 'bash']) {
      const path = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      try {
        symlinkSync(path, join(bare, tool));
      } catch {
        // already linked by an earlier run of this test in the same folder
      }
    }
    const bash = join(bare, 'bash');
    const { status, stderr } = run(bash, [DRILL, 'handbook-worker'], { env: { PATH: bare } });
    expect(status).toBe(3);
    expect(stderr).toContain('kubectl not found: install it (https://kubernetes.io/docs/tasks/tools/)');
  });

  it('drains with eviction, counts the failed requests the client saw, uncordons and exits 1', () => {
    const codes = [...Array(40).fill('200'), ...Array(9).fill('000'), '503', '503', ...Array(30).fill('200')];
    const { status, stdout, calls, output } = drill(['--settle', '0', 'handbook-worker'], results(codes) + 'a line that is not a result\n');
    expect(status, output).toBe(1);
    const failed = codes.filter((code) => code !== '200').length;
    expect(stdout).toContain(`drill: ${codes.length} requests, ${failed} failed, from 14:03:15 to 14:03:16`);
    expect(stdout).toContain('drill:   9 x 000 (no connection, or no answer within 2 s)');
    expect(stdout).toContain('drill:   2 x HTTP 503');

    expect(calls[0]).toBe(`-n handbook apply -f ${resolve(LAB)}/drill-client.yaml`);
    expect(calls[1]).toBe('-n handbook wait --for=condition=Ready pod/drill-client --timeout=120s');
    const loop = calls.find((call) => call.includes(' sh -c '))!;
    expect(loop).toMatch(/^-n handbook exec drill-client -- sh -c while \[ ! -e \/tmp\/stop \]; do curl .*--max-time 2 .* sh http:\/\/todo-api\.handbook\.svc\.cluster\.local\/$/);
    const drain = calls.findIndex((call) => call.startsWith('drain '));
    expect(calls[drain]).toBe('drain handbook-worker --ignore-daemonsets --delete-emptydir-data --timeout=180s');
    expect(calls.indexOf('-n handbook exec drill-client -- touch /tmp/stop')).toBeGreaterThan(drain);
    expect(calls.at(-1)).toBe('uncordon handbook-worker');
  });

  it('reports zero failed requests with exit code 0 when every request got a 200', () => {
    const { status, stdout, output } = drill(['--settle', '0', '--timeout', '300', 'handbook-worker', 'handbook-worker2'], results(Array(97).fill('200')));
    expect(status, output).toBe(0);
    expect(stdout).toContain('drill: 97 requests, 0 failed');
    expect(stdout).toContain('drill: draining handbook-worker handbook-worker2');
  });

  it('fails when the drain does not finish, and leaves nodes cordoned only when asked', () => {
    const { status, stdout, calls } = drill(['--settle', '0', '--keep-cordoned', '--namespace', 'shop', 'handbook-worker3'], results(Array(20).fill('200')), { FAKE_DRAIN_RC: '1' });
    expect(status).toBe(1);
    expect(stdout).toContain('drill: 20 requests, 0 failed');
    expect(stdout).toContain('drill: the drain did not finish: kubectl drain exited with 1');
    expect(calls.some((call) => call.startsWith('uncordon'))).toBe(false);
    expect(calls.find((call) => call.includes(' sh -c '))).toMatch(/ sh http:\/\/todo-api\.shop\.svc\.cluster\.local\/$/);
  });

  it('refuses to drain the node its client runs on', () => {
    const { status, stderr, calls } = drill(['handbook-worker'], results(['200']), { FAKE_CLIENT_NODE: 'handbook-worker' });
    expect(status).toBe(2);
    expect(stderr).toContain('the client pod runs on handbook-worker');
    expect(calls.some((call) => call.startsWith('drain'))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// The manifests: names, labels, selectors and ports that must agree
// ---------------------------------------------------------------------------------------------

const kindConfig = yamlFile(`${LAB}/kind-config.yaml`);
const deployment = yamlFile(`${LAB}/k8s/30-deployment.yaml`);
const pdb = yamlFile(`${LAB}/k8s/50-pdb.yaml`);
const hpa = yamlFile(`${LAB}/k8s/60-hpa.yaml`);
const policies = yamlDocs(`${LAB}/k8s/70-networkpolicies.yaml`);
const gatewayDocs = yamlDocs(`${LAB}/k8s/80-gateway.yaml`);
const client = yamlFile(`${LAB}/drill-client.yaml`);
const service = yamlFile(`${CONTAINERS}/40-service.yaml`);
const oldDeployment = yamlFile(`${CONTAINERS}/30-deployment.yaml`);
const configMap = yamlFile(`${CONTAINERS}/10-configmap.yaml`);
const secret = yamlFile(`${CONTAINERS}/20-secret.yaml`);
const namespace = yamlFile(`${CONTAINERS}/00-namespace.yaml`);

const podSpec = deployment.spec.template.spec as Doc;
const podLabels = deployment.spec.template.metadata.labels as Record<string, string>;
const container = podSpec.containers[0] as Doc;
const clientLabels = client.metadata.labels as Record<string, string>;
const workers = (kindConfig.nodes as Doc[]).filter((node) => node.role === 'worker');

describe('kind-config.yaml', () => {
  it('has one control plane and three workers, each worker in its own zone', () => {
    expect(kindConfig.name).toBe(yamlFile('labs/containers/kind-config.yaml').name);
    expect((kindConfig.nodes as Doc[]).map((node) => node.role)).toEqual(['control-plane', 'worker', 'worker', 'worker']);
    const zones = workers.map((node) => node.labels['topology.kubernetes.io/zone']);
    expect(new Set(zones).size).toBe(3);
  });

  it('pins one node image by digest on every node', () => {
    const images = new Set((kindConfig.nodes as Doc[]).map((node) => node.image));
    expect(images.size).toBe(1);
    expect([...images][0]).toMatch(/^kindest\/node:v1\.35\.\d+@sha256:[0-9a-f]{64}$/);
  });
});

describe('the Deployment', () => {
  it('replaces the containers chapter’s Deployment: same name, namespace, labels and Service', () => {
    expect(deployment.metadata.name).toBe(oldDeployment.metadata.name);
    expect(deployment.metadata.namespace).toBe(namespace.metadata.name);
    expect(podLabels).toEqual(oldDeployment.spec.template.metadata.labels);
    expect(selects(deployment.spec.selector.matchLabels, podLabels)).toBe(true);
    expect(selects(service.spec.selector, podLabels)).toBe(true);
    expect(container.envFrom[0].configMapRef.name).toBe(configMap.metadata.name);
    const token = (container.env as Doc[]).find((variable) => variable.name === 'API_TOKEN')!;
    expect(token.valueFrom.secretKeyRef.name).toBe(secret.metadata.name);
    expect(Object.keys(secret.data)).toContain(token.valueFrom.secretKeyRef.key);
  });

  it('leaves the replica count to the autoscaler', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
  });

  it('requests exactly what size_requests.py prints for the shipped samples, with no CPU limit', () => {
    expect(container.resources).toEqual(printedResources(sizing.stdout));
    expect(container.resources.limits).not.toHaveProperty('cpu');
    expect(container.resources.limits.memory).toBe(container.resources.requests.memory);
  });

  it('spreads over zones (hard, ignoring cordoned nodes) and nodes (soft), selecting its own pods', () => {
    const constraints = podSpec.topologySpreadConstraints as Doc[];
    expect(constraints.map((c) => [c.topologyKey, c.whenUnsatisfiable])).toEqual([
      ['topology.kubernetes.io/zone', 'DoNotSchedule'],
      ['kubernetes.io/hostname', 'ScheduleAnyway'],
    ]);
    for (const constraint of constraints) {
      expect(constraint.maxSkew).toBe(1);
      expect(selects(constraint.labelSelector.matchLabels, podLabels)).toBe(true);
      expect(Object.keys(constraint.labelSelector.matchLabels).length).toBeGreaterThan(0);
      expect(constraint.matchLabelKeys).toEqual(['pod-template-hash']);
    }
    expect(constraints[0]!.nodeTaintsPolicy).toBe('Honor');
    // the zone key must be a label the cluster's nodes really have
    for (const node of workers) expect(node.labels).toHaveProperty(constraints[0]!.topologyKey);
  });

  it('pauses before SIGTERM and fits the pause and the drain of requests in the grace period', () => {
    const pause = container.lifecycle.preStop.sleep.seconds as number;
    const inFlight = Number(configMap.data.SHUTDOWN_TIMEOUT_MS) / 1000;
    expect(pause).toBeGreaterThan(0);
    expect(pause + inFlight).toBeLessThan(podSpec.terminationGracePeriodSeconds);
    expect((container.env as Doc[]).find((variable) => variable.name === 'SHUTDOWN_DELAY_MS')).toEqual({ name: 'SHUTDOWN_DELAY_MS', value: '0' });
  });

  it('keeps the probes on separate endpoints and the pod within the restricted profile', () => {
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    for (const pod of [podSpec, client.spec]) {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault');
      for (const c of pod.containers as Doc[]) {
        expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
        expect(c.securityContext.capabilities.drop).toEqual(['ALL']);
      }
    }
  });
});

describe('PodDisruptionBudget and HorizontalPodAutoscaler', () => {
  it('the PDB selects the Deployment’s pods and allows one of them down', () => {
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.metadata.namespace).toBe(deployment.metadata.namespace);
    expect(selects(pdb.spec.selector.matchLabels, podLabels)).toBe(true);
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec).not.toHaveProperty('minAvailable');
    expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
  });

  it('the HPA targets the Deployment by name and keeps at least one pod per zone', () => {
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata.namespace).toBe(deployment.metadata.namespace);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: deployment.apiVersion, kind: deployment.kind, name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(workers.length);
    expect(hpa.spec.minReplicas).toBeGreaterThan(pdb.spec.maxUnavailable);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics[0].resource).toEqual({ name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } });
  });
});

describe('Gateway API objects', () => {
  const [gatewayClass, gateway, route] = gatewayDocs as [Doc, Doc, Doc];

  it('are GatewayClass, Gateway and HTTPRoute of gateway.networking.k8s.io/v1, for Envoy Gateway', () => {
    expect(gatewayDocs.map((doc) => `${doc.apiVersion} ${doc.kind}`)).toEqual([
      'gateway.networking.k8s.io/v1 GatewayClass',
      'gateway.networking.k8s.io/v1 Gateway',
      'gateway.networking.k8s.io/v1 HTTPRoute',
    ]);
    expect(gatewayClass.spec.controllerName).toBe('gateway.envoyproxy.io/gatewayclass-controller');
    expect(gateway.spec.gatewayClassName).toBe(gatewayClass.metadata.name);
  });

  it('the HTTPRoute attaches to the Gateway’s listener and sends traffic to the Service’s port', () => {
    const [parent] = route.spec.parentRefs as Doc[];
    expect(parent!.name).toBe(gateway.metadata.name);
    expect((gateway.spec.listeners as Doc[]).map((listener) => listener.name)).toContain(parent!.sectionName);
    expect(route.metadata.namespace).toBe(gateway.metadata.namespace);
    const [backend] = route.spec.rules[0].backendRefs as Doc[];
    expect(backend!.name).toBe(service.metadata.name);
    expect((service.spec.ports as Doc[]).map((port) => port.port)).toContain(backend!.port);
  });
});

describe('NetworkPolicies', () => {
  const byName = new Map(policies.map((policy) => [policy.metadata.name as string, policy]));
  const appPort = (container.ports as Doc[])[0]!.containerPort as number;

  it('start with a default deny of everything in the namespace', () => {
    const deny = byName.get('default-deny')!;
    expect(deny.spec.podSelector).toEqual({});
    expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(deny.spec).not.toHaveProperty('ingress');
    expect(deny.spec).not.toHaveProperty('egress');
    for (const policy of policies) expect(policy.metadata.namespace).toBe(namespace.metadata.name);
  });

  it('select only pods that exist: the API’s, the client’s, or all', () => {
    for (const policy of policies) {
      const labels = policy.spec.podSelector.matchLabels as Record<string, string> | undefined;
      if (!labels) continue;
      expect(selects(labels, podLabels) || selects(labels, clientLabels), policy.metadata.name).toBe(true);
    }
  });

  it('let the gateway’s Envoy pods and the drill client reach the API on its pod port, not the Service port', () => {
    const ingress = byName.get('todo-api-ingress')!;
    expect(selects(ingress.spec.podSelector.matchLabels, podLabels)).toBe(true);
    const [rule] = ingress.spec.ingress as Doc[];
    expect(rule!.ports).toEqual([{ protocol: 'TCP', port: appPort }]);
    expect(appPort).not.toBe(service.spec.ports[0].port);
    const [envoy, drillClient] = rule!.from as Doc[];
    // Envoy Gateway puts its proxies in its own namespace and labels them app.kubernetes.io/name=envoy
    expect(envoy!.namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'envoy-gateway-system' });
    expect(envoy!.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'envoy' });
    expect(selects(drillClient!.podSelector.matchLabels, clientLabels)).toBe(true);
  });

  it('let the client reach the API and every pod reach the cluster DNS, and nothing more', () => {
    const egress = byName.get('drill-client-egress')!;
    expect(selects(egress.spec.podSelector.matchLabels, clientLabels)).toBe(true);
    expect(egress.spec.egress).toHaveLength(1);
    expect(selects(egress.spec.egress[0].to[0].podSelector.matchLabels, podLabels)).toBe(true);
    expect(egress.spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: appPort }]);

    const dns = byName.get('allow-dns')!;
    const [peer] = dns.spec.egress[0].to as Doc[];
    expect(peer!.namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'kube-system' });
    expect(peer!.podSelector.matchLabels).toEqual({ 'k8s-app': 'kube-dns' });
    expect((dns.spec.egress[0].ports as Doc[]).map((port) => `${port.protocol}/${port.port}`).sort()).toEqual(['TCP/53', 'UDP/53']);
    expect([...byName.keys()].sort()).toEqual(['allow-dns', 'default-deny', 'drill-client-egress', 'todo-api-ingress']);
  });
});

describe('the chapter', () => {
  const chapter = readFileSync(CHAPTER, 'utf8');

  it('shows every lab file, from the file itself', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    const shown = files(LAB).filter((file) => !file.includes('/samples/') && !file.endsWith('README.md'));
    for (const file of shown) expect(chapter, file).toContain(`<LabFile path="${file}"`);
  });

  it('shows what size_requests.py prints, line for line', () => {
    for (const line of sizing.stdout.trimEnd().split('\n').filter((text) => text.trim() !== '')) {
      expect(chapter, line).toContain(line);
    }
  });

  it('shows only drill: lines of a shape the script prints', () => {
    const normalize = (line: string) => line.replace(/\d+(\.\d+)?/g, 'N').replace(/handbook-[a-z0-9-]+/g, 'NODE').replace(/ +/g, ' ').trim();
    const shown = chapter
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('drill: '));
    expect(shown.some((line) => / 0 failed$/.test(line)), 'a drill that passed').toBe(true);
    expect(shown.some((line) => /, [1-9]\d* failed, from /.test(line)), 'a drill that failed').toBe(true);
    const real = new Set(printedDrill.map(normalize));
    expect(shown.filter((line) => !real.has(normalize(line)))).toEqual([]);
  });
});
