import { describe, expect, it } from 'vitest';
import {
  chapterRunLine,
  expandLabs,
  manualCommands,
  mergeRecord,
  needsInWords,
  parseManifest,
  parseRecord,
  planLab,
  uncoveredCommands,
  type LabRun,
} from '../../src/lib/manual-labs';

const context = { labFolders: ['containers', 'iac'], chapters: ['devops/containers', 'devops/infrastructure-as-code'] };
const manifest = `labs:
  containers:
    chapter: devops/containers
    needs: [docker, kind, kubectl]
    steps:
      - run: kubectl -n handbook port-forward svc/todo-api 8080:80
        background: true
      - run: curl localhost:8080/
      - stop: kubectl -n handbook port-forward svc/todo-api 8080:80
      - run: terraform apply -var project_id=<your project>
        needs: [gcp-account]
      - run: gcloud auth login
        needs: [gcloud]
    cleanup:
      - run: kind delete cluster --name handbook
`;
const problems = (text: string) => {
  try {
    parseManifest(text, context);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('parseManifest', () => {
  it('reads labs, their needs and steps in order', () => {
    const [lab] = parseManifest(manifest, context);
    expect(lab!.name).toBe('containers');
    expect(lab!.steps.map((step) => step.run ?? 'stop')).toHaveLength(5);
    expect(lab!.cleanup[0]!.run).toBe('kind delete cluster --name handbook');
  });

  it('names the lab and the field of every problem', () => {
    const message = problems(`labs:
  nosuchlab:
    chapter: devops/nowhere
    needs: [docker, teleport]
    steps:
      - run: docker ps
        backgroud: true
      - stop: never started
  iac:
    needs: []
    steps: []
`);
    expect(message).toContain('labs.nosuchlab: unknown lab, there is no folder labs/nosuchlab');
    expect(message).toContain('labs.nosuchlab.chapter: no chapter "devops/nowhere"');
    expect(message).toContain('labs.nosuchlab.needs: unknown need "teleport"');
    expect(message).toContain('labs.nosuchlab.steps[0]: unknown field "backgroud"');
    expect(message).toContain('labs.nosuchlab.steps[1].stop: no earlier background step runs "never started"');
    expect(message).toContain('labs.iac.chapter: missing');
    expect(message).toContain('labs.iac.needs: missing');
    expect(message).toContain('labs.iac.steps: missing');
  });

  it('refuses steps with both or neither of run and stop, and a ready check on a foreground step', () => {
    const message = problems('labs:\n  iac:\n    chapter: devops/infrastructure-as-code\n    needs: [terraform]\n    steps:\n      - note: nothing\n      - run: terraform init\n        ready: curl localhost\n');
    expect(message).toContain('labs.iac.steps[0]: needs exactly one of "run" and "stop"');
    expect(message).toContain('labs.iac.steps[1].ready: only a background step has a ready check');
  });

  it('refuses a file without labs, and YAML that does not parse', () => {
    expect(problems('other: 1')).toContain('must have a `labs` map');
    expect(problems('labs: [')).toContain('not valid YAML');
  });
});

describe('expandLabs', () => {
  it('expands every command, and the stop that names a background step the same way', () => {
    const [lab] = expandLabs(parseManifest(manifest, context), (text) => text.replace('8080:80', '9090:90'));
    expect(lab!.steps[0]!.run).toBe('kubectl -n handbook port-forward svc/todo-api 9090:90');
    expect(lab!.steps[2]!.stop).toBe(lab!.steps[0]!.run);
  });
});

describe('planLab', () => {
  const [lab] = parseManifest(manifest, context);

  it('does not run a lab whose tools are missing, and says which', () => {
    const plan = planLab(lab!, new Set(['kubectl']), false);
    expect(plan.notRun).toBe('needs docker (a running engine), kind');
  });

  it('skips account steps unless accounts are allowed, missing step tools, and steps with placeholders', () => {
    const without = planLab(lab!, new Set(['docker', 'kind', 'kubectl']), false);
    expect(without.notRun).toBeUndefined();
    expect(without.steps.map((step) => step.skip)).toEqual([
      undefined,
      undefined,
      undefined,
      'needs a Google Cloud project (costs money) (pass --accounts)',
      'needs gcloud',
      undefined,
    ]);
    const withAccounts = planLab(lab!, new Set(['docker', 'kind', 'kubectl', 'gcloud']), true);
    expect(withAccounts.steps[3]!.skip).toBe('fill in <your project> first');
    expect(withAccounts.steps[4]!.skip).toBeUndefined();
  });
});

describe('the run record', () => {
  const passed: LabRun = { date: '2026-12-01', outcome: 'passed', tools: { docker: 'Docker version 29.1.3, build f52814d', kind: 'kind v0.31.0 go1.25.5 linux/amd64' } };

  it('keeps the last real run when a later attempt could not run', () => {
    const old = new Map([['containers', passed]]);
    const merged = mergeRecord(old, new Map<string, LabRun>([
      ['containers', { date: '2026-12-05', outcome: 'not run', detail: 'needs kind', tools: {} }],
      ['iac', { date: '2026-12-05', outcome: 'failed', failedAt: 'step 3', tools: {} }],
    ]));
    expect(merged.get('containers')).toBe(passed);
    expect(merged.get('iac')!.outcome).toBe('failed');
  });

  it('reads an empty record, and names the lab of a bad entry', () => {
    expect(parseRecord(undefined).size).toBe(0);
    expect(parseRecord('{"labs": {}}').size).toBe(0);
    expect(() => parseRecord('{"labs": {"iac": {"outcome": "passed"}}}')).toThrow('labs.iac needs a date');
    // An own __proto__ key stays data.
    expect(parseRecord('{"labs": {"__proto__": {"date": "2026-01-01", "outcome": "passed", "tools": {}}}}').has('__proto__')).toBe(true);
  });
});

describe('chapterRunLine', () => {
  const [lab] = parseManifest(manifest, context);

  it('says plainly when no run has been recorded, and nothing for a chapter without manual steps', () => {
    expect(chapterRunLine([lab!], new Map())).toBe('Lab steps needing Docker and a cluster: not yet run end to end (scripts/run-manual-labs.mjs)');
    expect(chapterRunLine([], new Map())).toBeUndefined();
  });

  it('shows the date and the tool versions of the last run, or where it failed', () => {
    const record = new Map<string, LabRun>([['containers', { date: '2026-12-01', outcome: 'passed', skipped: 2, tools: { docker: 'Docker version 29.1.3, build f52814d', kind: 'kind v0.31.0 go1.25.5 linux/amd64' } }]]);
    expect(chapterRunLine([lab!], record)).toBe('Lab steps needing Docker and a cluster: ran end to end on 1 December 2026 with docker 29.1.3, kind 0.31.0, 2 steps skipped (scripts/run-manual-labs.mjs)');
    record.set('containers', { date: '2026-12-02', outcome: 'failed', failedAt: 'step 12', tools: {} });
    expect(chapterRunLine([lab!], record)).toContain('last run on 2 December 2026 failed at step 12');
  });

  it('puts what makes a lab manual into words', () => {
    expect(needsInWords(['python3.12'])).toBe('Python 3.12+');
    expect(needsInWords(['docker', 'terraform', 'aws-account'])).toBe('Docker, Terraform and a cloud or GitHub account');
  });
});

describe('chapter commands and the manifest', () => {
  const chapter = [
    '1. **Build.**',
    '',
    '   ```sh',
    '   cd labs/containers',
    '   docker build --build-arg APP_VERSION=0.1.0 \\',
    '     -t todo-api:0.1.0 .',
    '   kind create cluster --config kind-config.yaml',
    '   ```',
    '',
    '```yaml',
    'kubectl: not a command in a yaml block',
    '```',
  ].join('\n');

  it('finds the commands of sh blocks, continuation lines joined', () => {
    expect(manualCommands(chapter)).toEqual(['docker build --build-arg APP_VERSION=0.1.0 -t todo-api:0.1.0 .', 'kind create cluster --config kind-config.yaml']);
  });

  it('reports a command no step runs', () => {
    const [lab] = parseManifest(manifest, context);
    expect(uncoveredCommands(manualCommands(chapter), [lab!])).toEqual(manualCommands(chapter));
    const withBuild = { ...lab!, steps: [...lab!.steps, { run: 'docker build --build-arg APP_VERSION=0.1.0 -t todo-api:0.1.0 .' }] };
    expect(uncoveredCommands(manualCommands(chapter), [withBuild])).toEqual(['kind create cluster --config kind-config.yaml']);
  });
});
