/**
 * The lab steps this project's machines cannot run (Docker, kind, Terraform against LocalStack, cloud
 * accounts, the exact-pin Python 3.12+ runs) live in labs/manual-steps.yaml; a maintainer runs them on
 * a machine with Docker with scripts/run-manual-labs.mjs, which records the outcome in
 * labs/manual-runs.json, and each chapter shows that record next to its review date. This module is
 * the pure part: manifest validation, planning, record merging and the chapter's line.
 */
import { parse } from 'yaml';
import { formatDate } from './display';

/** How each need is checked and its version read: `check` must exit 0 (Docker: the engine answers). */
export const TOOLS: Record<string, { version?: string[]; check?: string[]; label?: string }> = {
  docker: { version: ['docker', '--version'], check: ['docker', 'info', '--format', '{{.ServerVersion}}'], label: 'docker (a running engine)' },
  kind: { version: ['kind', 'version'] },
  kubectl: { version: ['kubectl', 'version', '--client'] },
  'kubectl-argo-rollouts': { version: ['kubectl-argo-rollouts', 'version', '--short'] },
  terraform: { version: ['terraform', 'version'] },
  aws: { version: ['aws', '--version'] },
  gcloud: { version: ['gcloud', '--version'] },
  gh: { version: ['gh', '--version'] },
  git: { version: ['git', '--version'] },
  jq: { version: ['jq', '--version'] },
  curl: { version: ['curl', '--version'] },
  openssl: { version: ['openssl', 'version'] },
  node: { version: ['node', '--version'] },
  npm: { version: ['npm', '--version'] },
  nginx: { version: ['nginx', '-v'] },
  shellcheck: { version: ['shellcheck', '--version'] },
  pwsh: { version: ['pwsh', '--version'] },
  make: { version: ['make', '--version'] },
  'ssh-keygen': {},
  python3: { version: ['python3', '--version'] },
  // The labs pin library versions that need Python 3.12 or later.
  'python3.12': { label: 'python3 at 3.12 or later', version: ['python3', '--version'], check: ['python3', '-c', 'import sys; sys.exit(sys.version_info < (3, 12))'] },
};

/** Needs that are accounts, not programs: skipped unless the maintainer passes --accounts. */
export const ACCOUNTS: Record<string, string> = {
  'github-account': 'a GitHub account',
  'aws-account': 'an AWS account (costs money)',
  'gcp-account': 'a Google Cloud project (costs money)',
};

export interface ManualStep {
  run?: string;
  /** Stands for the reader's Ctrl-C: stops the earlier background step whose `run` is this text. */
  stop?: string;
  cwd?: string;
  background?: boolean;
  ready?: string;
  watch?: number;
  expect?: 'failure';
  skip?: string;
  needs?: string[];
  input?: string;
  answer?: { to: string; text: string; after: number };
  timeout?: number;
  note?: string;
  from?: string;
}

export interface ManualLab {
  name: string;
  chapter: string;
  needs: string[];
  note?: string;
  setup: ManualStep[];
  steps: ManualStep[];
  cleanup: ManualStep[];
}

const LAB_KEYS = new Set(['chapter', 'needs', 'note', 'setup', 'steps', 'cleanup']);
const STEP_KEYS = new Set(['run', 'stop', 'cwd', 'background', 'ready', 'watch', 'expect', 'skip', 'needs', 'input', 'answer', 'timeout', 'note', 'from']);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNeed = (need: unknown) => typeof need === 'string' && (Object.hasOwn(TOOLS, need) || Object.hasOwn(ACCOUNTS, need));

export interface ManifestContext {
  /** Folders under labs/: a lab's name must be one. */
  labFolders?: string[];
  /** Chapter ids (`devops/containers`): `chapter` and `from` must be one. */
  chapters?: string[];
}

/** Parses and checks the manifest; throws one error listing every problem as `labs.<lab>.<field>: ...`. */
export function parseManifest(text: string, context: ManifestContext = {}): ManualLab[] {
  const problems: string[] = [];
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new Error(`manual-steps: not valid YAML: ${(error as Error).message}`);
  }
  if (!isRecord(data) || !isRecord(data.labs)) throw new Error('manual-steps: the file must have a `labs` map');
  const labs: ManualLab[] = [];
  for (const [name, value] of Object.entries(data.labs)) {
    const at = `labs.${name}`;
    if (!isRecord(value)) {
      problems.push(`${at}: must be a map`);
      continue;
    }
    if (context.labFolders && !context.labFolders.includes(name)) problems.push(`${at}: unknown lab, there is no folder labs/${name}`);
    for (const key of Object.keys(value)) if (!LAB_KEYS.has(key)) problems.push(`${at}: unknown field "${key}"`);
    const chapter = value.chapter;
    if (typeof chapter !== 'string' || !chapter) problems.push(`${at}.chapter: missing`);
    else if (context.chapters && !context.chapters.includes(chapter)) problems.push(`${at}.chapter: no chapter "${chapter}"`);
    const needs = value.needs;
    if (!Array.isArray(needs) || !needs.length) problems.push(`${at}.needs: missing (a list such as [docker, kind])`);
    else for (const need of needs) if (!isNeed(need)) problems.push(`${at}.needs: unknown need "${need}"`);
    if (value.note !== undefined && typeof value.note !== 'string') problems.push(`${at}.note: must be text`);
    const phases = { setup: value.setup ?? [], steps: value.steps, cleanup: value.cleanup ?? [] };
    if (!Array.isArray(phases.steps) || !phases.steps.length) problems.push(`${at}.steps: missing`);
    const backgrounds: string[] = [];
    for (const [phase, list] of Object.entries(phases)) {
      if (!Array.isArray(list)) {
        if (phase !== 'steps') problems.push(`${at}.${phase}: must be a list`);
        continue;
      }
      list.forEach((step, index) => problems.push(...stepProblems(step, `${at}.${phase}[${index}]`, backgrounds, context)));
    }
    labs.push({
      name,
      chapter: String(chapter),
      needs: Array.isArray(needs) ? needs.map(String) : [],
      ...(typeof value.note === 'string' ? { note: value.note } : {}),
      setup: Array.isArray(phases.setup) ? (phases.setup as ManualStep[]) : [],
      steps: Array.isArray(phases.steps) ? (phases.steps as ManualStep[]) : [],
      cleanup: Array.isArray(phases.cleanup) ? (phases.cleanup as ManualStep[]) : [],
    });
  }
  if (problems.length) throw new Error(`manual-steps: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return labs;
}

function stepProblems(step: unknown, at: string, backgrounds: string[], context: ManifestContext): string[] {
  if (!isRecord(step)) return [`${at}: must be a map with "run"`];
  const problems = Object.keys(step).filter((key) => !STEP_KEYS.has(key)).map((key) => `${at}: unknown field "${key}"`);
  const text = (key: string) => step[key] === undefined || (typeof step[key] === 'string' && step[key] !== '');
  for (const key of ['run', 'stop', 'cwd', 'ready', 'skip', 'input', 'note', 'from']) if (!text(key)) problems.push(`${at}.${key}: must be text`);
  if ((step.run === undefined) === (step.stop === undefined)) problems.push(`${at}: needs exactly one of "run" and "stop"`);
  if (typeof step.cwd === 'string' && (step.cwd.startsWith('/') || step.cwd.split('/').includes('..'))) problems.push(`${at}.cwd: must be a folder of the repository, written from its root`);
  if (step.background !== undefined && typeof step.background !== 'boolean') problems.push(`${at}.background: must be true or false`);
  for (const key of ['watch', 'timeout']) if (step[key] !== undefined && !(typeof step[key] === 'number' && step[key] > 0)) problems.push(`${at}.${key}: must be a number of seconds`);
  if (step.background && step.watch) problems.push(`${at}: a step is either background or watch, not both`);
  if (step.ready !== undefined && !step.background) problems.push(`${at}.ready: only a background step has a ready check`);
  if (step.expect !== undefined && step.expect !== 'failure') problems.push(`${at}.expect: the only value is "failure"`);
  if (step.needs !== undefined && (!Array.isArray(step.needs) || !step.needs.every(isNeed))) problems.push(`${at}.needs: a list of known needs (${Object.keys(TOOLS).concat(Object.keys(ACCOUNTS)).join(', ')})`);
  if (typeof step.from === 'string' && context.chapters && !context.chapters.includes(step.from)) problems.push(`${at}.from: no chapter "${step.from}"`);
  if (typeof step.stop === 'string' && !backgrounds.includes(step.stop)) problems.push(`${at}.stop: no earlier background step runs "${step.stop}"`);
  if (step.answer !== undefined) {
    const answer = step.answer;
    if (!isRecord(answer) || typeof answer.to !== 'string' || typeof answer.text !== 'string' || typeof answer.after !== 'number') problems.push(`${at}.answer: needs to, text and after (seconds)`);
    else if (!backgrounds.includes(answer.to)) problems.push(`${at}.answer.to: no earlier background step runs "${answer.to}"`);
  }
  if (step.background && typeof step.run === 'string') backgrounds.push(step.run);
  return problems;
}

/** The labs with `expand` applied to every command: steps may use the chapters' version tokens (`%%kind.release%%`). */
export function expandLabs(labs: ManualLab[], expand: (text: string) => string): ManualLab[] {
  const step = (s: ManualStep): ManualStep => ({
    ...s,
    ...(s.run ? { run: expand(s.run) } : {}),
    ...(s.stop ? { stop: expand(s.stop) } : {}),
    ...(s.ready ? { ready: expand(s.ready) } : {}),
    ...(s.answer ? { answer: { ...s.answer, to: expand(s.answer.to) } } : {}),
  });
  return labs.map((lab) => ({ ...lab, setup: lab.setup.map(step), steps: lab.steps.map(step), cleanup: lab.cleanup.map(step) }));
}

export type Phase = 'setup' | 'step' | 'cleanup';
export interface PlannedStep {
  phase: Phase;
  /** 1-based within its phase, as the report names it. */
  number: number;
  step: ManualStep;
  skip?: string;
}
export interface LabPlan {
  lab: ManualLab;
  /** Why the lab cannot run here, e.g. "needs kind, a GitHub account (pass --accounts)"; absent when it can. */
  notRun?: string;
  steps: PlannedStep[];
}

const describeNeed = (need: string, accounts: boolean) =>
  Object.hasOwn(ACCOUNTS, need) ? `${ACCOUNTS[need]}${accounts ? '' : ' (pass --accounts)'}` : (TOOLS[need]?.label ?? need);

/** A placeholder the reader fills in, like `<your project>`: such a step cannot run as written. */
export const placeholder = (command: string) => command.match(/<[A-Za-z][^<>\n]*>/)?.[0];

/** What would run: the lab is not run when a lab-level need is missing; a step is skipped for its own needs. */
export function planLab(lab: ManualLab, available: Set<string>, accounts: boolean): LabPlan {
  const has = (need: string) => (Object.hasOwn(ACCOUNTS, need) ? accounts : available.has(need));
  const missing = lab.needs.filter((need) => !has(need));
  const phases: [Phase, ManualStep[]][] = [['setup', lab.setup], ['step', lab.steps], ['cleanup', lab.cleanup]];
  const steps = phases.flatMap(([phase, list]) =>
    list.map((step, index): PlannedStep => {
      const lacking = (step.needs ?? []).filter((need) => !has(need));
      const hole = step.run ? placeholder(step.run) : undefined;
      const skip = step.skip ?? (lacking.length ? `needs ${lacking.map((need) => describeNeed(need, accounts)).join(', ')}` : hole ? `fill in ${hole} first` : undefined);
      return { phase, number: index + 1, step, ...(skip ? { skip } : {}) };
    }),
  );
  return { lab, steps, ...(missing.length ? { notRun: `needs ${missing.map((need) => describeNeed(need, accounts)).join(', ')}` } : {}) };
}

const stepLabel = (planned: PlannedStep) => (planned.phase === 'step' ? `step ${planned.number}` : `${planned.phase} ${planned.number}`);

/** The dry run's text for one lab. */
export function formatPlan(plan: LabPlan): string {
  const head = `${plan.lab.name} (${plan.lab.chapter}): needs ${plan.lab.needs.join(', ')}; ${plan.notRun ? `not run: ${plan.notRun}` : 'would run'}`;
  const lines = plan.steps.map((planned) => {
    const { step } = planned;
    const flags = [
      step.cwd !== undefined && `in ${step.cwd}`,
      step.background && 'background',
      step.watch && `watch ${step.watch}s`,
      step.expect && 'expected to fail',
      planned.skip && `skipped: ${planned.skip}`,
    ].filter(Boolean);
    const command = step.run ?? `(stop: ${step.stop})`;
    return `  ${stepLabel(planned).padEnd(10)} ${command.split('\n').join('\n             ')}${flags.length ? `  [${flags.join('; ')}]` : ''}`;
  });
  return [head, ...(plan.lab.note ? [`  note: ${plan.lab.note}`] : []), ...lines].join('\n');
}

export type Outcome = 'passed' | 'failed' | 'not run';
export interface LabRun {
  date: string;
  outcome: Outcome;
  /** Why a lab was not run, or the failing step's command. */
  detail?: string;
  failedAt?: string;
  /** Steps skipped for an account or an alternative. */
  skipped?: number;
  /** Each tool's version line, as the tool printed it. */
  tools: Record<string, string>;
}
export type RunRecord = Map<string, LabRun>;

/** Reads labs/manual-runs.json; an empty or missing record is an empty map. Throws naming the lab on a bad entry. */
export function parseRecord(text: string | undefined): RunRecord {
  const record: RunRecord = new Map();
  if (!text?.trim()) return record;
  const data: unknown = JSON.parse(text);
  const labs = isRecord(data) && isRecord(data.labs) ? data.labs : undefined;
  if (!labs) throw new Error('manual-runs: the file must have a `labs` object');
  for (const [name, run] of Object.entries(labs)) {
    if (!isRecord(run) || typeof run.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(run.date) || !['passed', 'failed', 'not run'].includes(run.outcome as string)) {
      throw new Error(`manual-runs: labs.${name} needs a date (YYYY-MM-DD) and an outcome (passed, failed, not run)`);
    }
    const tools = Object.create(null) as Record<string, string>;
    if (isRecord(run.tools)) for (const [tool, version] of Object.entries(run.tools)) if (typeof version === 'string') tools[tool] = version;
    record.set(name, { ...(run as unknown as LabRun), tools });
  }
  return record;
}

/** New results over the old record; a lab that was not run keeps the result of its last real run. */
export function mergeRecord(old: RunRecord, results: Map<string, LabRun>): RunRecord {
  const merged: RunRecord = new Map(old);
  for (const [name, run] of results) {
    const previous = old.get(name);
    if (run.outcome === 'not run' && previous && previous.outcome !== 'not run') continue;
    merged.set(name, run);
  }
  return merged;
}

export function recordJson(record: RunRecord): string {
  const labs = Object.fromEntries([...record].sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ labs }, null, 2)}\n`;
}

const NEED_WORDS: [RegExp, string][] = [
  [/^docker$/, 'Docker'],
  [/^(kind|kubectl)/, 'a cluster'],
  [/^terraform$/, 'Terraform'],
  [/-account$/, 'a cloud or GitHub account'],
  [/^python3\.12$/, 'Python 3.12+'],
  [/^pwsh$/, 'PowerShell 7'],
];

/** "Docker, a cluster and Python 3.12+": what makes these labs manual, in words. */
export function needsInWords(needs: string[]): string {
  const words = [...new Set(NEED_WORDS.filter(([pattern]) => needs.some((need) => pattern.test(need))).map(([, word]) => word))];
  return words.length < 2 ? (words[0] ?? 'tools') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The version number in a tool's version line ("Docker version 29.1.3, build f52814d" -> "29.1.3"). */
export const versionNumber = (line: string) => line.match(/\d+\.\d+(\.\d+)?/)?.[0] ?? line;

/**
 * The chapter's line next to its review date, for the labs of that chapter; undefined when the chapter
 * has none. Says plainly when no end-to-end run has been recorded.
 */
export function chapterRunLine(labs: ManualLab[], record: RunRecord): string | undefined {
  if (!labs.length) return undefined;
  const words = needsInWords(labs.flatMap((lab) => lab.needs));
  const runs = labs.flatMap((lab) => {
    const run = record.get(lab.name);
    return run && run.outcome !== 'not run' ? [{ lab, run }] : [];
  });
  if (!runs.length) return `Lab steps needing ${words}: not yet run end to end (scripts/run-manual-labs.mjs)`;
  const parts = runs.map(({ lab, run }) => {
    const tools = Object.entries(run.tools).map(([tool, line]) => `${tool} ${versionNumber(line)}`).join(', ');
    const date = formatDate(new Date(`${run.date}T00:00:00Z`));
    const what = run.outcome === 'passed' ? `ran end to end on ${date}` : `last run on ${date} failed at ${run.failedAt ?? 'a step'}`;
    const skipped = run.skipped ? `, ${run.skipped} step${run.skipped === 1 ? '' : 's'} skipped` : '';
    return `${labs.length > 1 ? `${lab.name} ` : ''}${what}${tools ? ` with ${tools}` : ''}${skipped}`;
  });
  const unrun = labs.filter((lab) => !runs.some((entry) => entry.lab === lab)).map((lab) => `${lab.name} not yet run`);
  return `Lab steps needing ${words}: ${[...parts, ...unrun].join('; ')} (scripts/run-manual-labs.mjs)`;
}

export { stepLabel };

/** Commands that need Docker, a cluster or a cloud, when a line of a sh block starts with them. */
export const MANUAL_COMMAND = /^(docker|kind|kubectl|helm|terraform|tofu|aws|gcloud|az|kfp)\b/;

/** One line per command, continuation lines joined and spaces collapsed, as `normalise` writes a step. */
export const normalise = (text: string) => text.replace(/\\\n\s*/g, ' ').replace(/\s+/g, ' ').trim();

/** The lines of a page's sh blocks that start with one of MANUAL_COMMAND's tools, normalised. */
export function manualCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^[ \t]*```(?:sh|bash|shell)\b[^\n]*\n([\s\S]*?)^[ \t]*```/gm)];
  return blocks.flatMap((block) =>
    block[1]!
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => normalise(line))
      .filter((line) => MANUAL_COMMAND.test(line)),
  );
}

/** The commands that no step of these labs runs (a step may run more, e.g. a whole loop). */
export function uncoveredCommands(commands: string[], labs: ManualLab[]): string[] {
  const runs = labs.flatMap((lab) => [...lab.setup, ...lab.steps, ...lab.cleanup]).flatMap((step) => (step.run ? [normalise(step.run)] : []));
  return commands.filter((command) => !runs.some((run) => run.includes(command)));
}
