#!/usr/bin/env node
// Runs the lab steps of labs/manual-steps.yaml that need Docker, a cluster or a cloud account, on a
// maintainer's machine, and records the outcome in labs/manual-runs.json (shown on each chapter).
//   node scripts/run-manual-labs.mjs [--lab NAME]... [--list] [--accounts] [--keep]
//        [--manifest FILE] [--record FILE]
// --list prints the plan and runs nothing. Steps needing an account (some cost money) are skipped
// unless --accounts is given. Each lab runs in a fresh copy of the repository; --keep keeps it.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
process.chdir(root); // loadTs and the default paths are relative to the repository
const { loadTs } = await import('./load-ts.mjs');
const lib = await loadTs('src/lib/manual-labs.ts');
const { loadVersions } = await loadTs('src/lib/versions-file.ts');
const { expandTokens } = await loadTs('src/lib/versions.ts');

const { values: options } = parseArgs({
  options: {
    lab: { type: 'string', multiple: true },
    list: { type: 'boolean' },
    accounts: { type: 'boolean' },
    keep: { type: 'boolean' },
    manifest: { type: 'string', default: 'labs/manual-steps.yaml' },
    record: { type: 'string', default: 'labs/manual-runs.json' },
  },
});

const chapters = (dir, prefix = '') =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? chapters(join(dir, entry.name), `${prefix}${entry.name}/`) : /\.mdx?$/.test(entry.name) ? [`${prefix}${entry.name.replace(/\.mdx?$/, '')}`] : [],
  );
let labs;
try {
  labs = lib.parseManifest(readFileSync(options.manifest, 'utf8'), {
    labFolders: readdirSync('labs', { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name),
    chapters: chapters('src/content/docs'),
  });
  // Steps copy the chapters' commands, version tokens included: run what the reader sees.
  const versions = loadVersions();
  labs = lib.expandLabs(labs, (text) => expandTokens(text, versions, options.manifest));
} catch (error) {
  console.error(`${options.manifest}: ${error.message}`);
  process.exit(2);
}
const unknown = (options.lab ?? []).filter((name) => !labs.some((lab) => lab.name === name));
if (unknown.length) {
  console.error(`unknown lab: ${unknown.join(', ')} (the manifest lists ${labs.map((lab) => lab.name).join(', ')})`);
  process.exit(2);
}
const selected = options.lab ? labs.filter((lab) => options.lab.includes(lab.name)) : labs;

// Which tools are here, with their version lines (only the ones the selected labs need).
const quiet = (command, args) => spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
const tools = new Map();
const needed = new Set(selected.flatMap((lab) => [...lab.needs, ...[...lab.setup, ...lab.steps, ...lab.cleanup].flatMap((step) => step.needs ?? [])]));
for (const need of needed) {
  const tool = lib.TOOLS[need];
  if (!tool) continue; // an account
  const [binary] = tool.version ?? tool.check ?? [need];
  if (quiet('bash', ['-c', `command -v "${binary}"`]).status !== 0) continue;
  if (tool.check && quiet(tool.check[0], tool.check.slice(1)).status !== 0) continue;
  const printed = tool.version ? quiet(tool.version[0], tool.version.slice(1)) : undefined;
  tools.set(need, printed ? `${printed.stdout}${printed.stderr}`.trim().split('\n')[0] : 'present');
}
const plans = selected.map((lab) => lib.planLab(lab, new Set(tools.keys()), Boolean(options.accounts)));

if (options.list) {
  console.log(plans.map((plan) => lib.formatPlan(plan)).join('\n\n'));
  process.exit(0);
}

async function runLab(plan) {
  const { lab } = plan;
  // A copy of the repository without what the build and installs add: steps may change any file.
  const work = mkdtempSync(join(tmpdir(), `handbook-manual-${lab.name}-`));
  const skipTop = new Set(['node_modules', 'dist', 'dist-base', '.git', '.cache', '.astro']);
  cpSync(root, work, {
    recursive: true,
    filter: (source) => {
      const path = relative(root, source);
      return !skipTop.has(path.split('/')[0]) && basename(path) !== '.venv';
    },
  });
  // The shell state lives outside the copy, so `git add .` in a step never picks it up.
  const stateDir = mkdtempSync(join(tmpdir(), `handbook-manual-state-`));
  const session = { work, cwd: work, state: join(stateDir, 'env'), groups: [], backgrounds: new Map() };
  writeFileSync(session.state, '');
  const used = Object.fromEntries(lab.needs.filter((need) => tools.has(need)).map((need) => [need, tools.get(need)]));
  let failure;
  let skipped = 0;
  for (const planned of plan.steps.filter((entry) => entry.phase !== 'cleanup')) {
    const label = `${lib.stepLabel(planned)} of ${planned.phase === 'setup' ? lab.setup.length : lab.steps.length}`;
    if (planned.skip) {
      skipped += 1;
      console.log(`-- ${label}: skipped (${planned.skip}): ${planned.step.run}`);
      continue;
    }
    for (const need of planned.step.needs ?? []) if (tools.has(need)) used[need] = tools.get(need);
    console.log(`-- ${label}: ${planned.step.run ?? `stop: ${planned.step.stop}`}`);
    const outcome = await runStep(session, planned.step);
    if (!outcome.ok) {
      failure = { at: lib.stepLabel(planned), command: planned.step.run ?? planned.step.stop, ...outcome };
      break;
    }
  }
  for (const group of session.groups) stopGroup(group);
  const cleanupProblems = [];
  for (const planned of plan.steps.filter((entry) => entry.phase === 'cleanup')) {
    if (planned.skip) continue;
    console.log(`-- cleanup ${planned.number}: ${planned.step.run}`);
    const outcome = await runStep(session, { ...planned.step, cwd: planned.step.cwd ?? '.' });
    if (!outcome.ok) cleanupProblems.push(`cleanup ${planned.number} (${planned.step.run}): ${outcome.reason}`);
  }
  for (const group of session.groups) stopGroup(group);
  rmSync(stateDir, { recursive: true, force: true });
  if (options.keep) console.log(`   kept the copy at ${work}`);
  else rmSync(work, { recursive: true, force: true });
  for (const problem of cleanupProblems) console.log(`   warning: ${problem}`);
  if (failure) {
    console.log(`\n!! ${lab.name}: ${failure.at} failed (${failure.reason})\n   command: ${failure.command}\n   last output:\n${failure.tail.replace(/^/gm, '   | ')}`);
    return { date: today, outcome: 'failed', failedAt: failure.at, detail: `${failure.command}: ${failure.reason}`, ...(skipped ? { skipped } : {}), tools: used };
  }
  console.log(`== ${lab.name}: passed${skipped ? ` (${skipped} steps skipped)` : ''}`);
  return { date: today, outcome: 'passed', ...(skipped ? { skipped } : {}), tools: used };
}

// Each step runs in its own bash, which first restores the previous step's directory and exported
// variables and functions (a venv's `deactivate`), and saves them on exit: a reader's one terminal.
const STATE_SAVE = `trap 'hb_rc=$?; { export -p; declare -f; } > "$HB_STATE.next"; pwd > "$HB_STATE.cwd"; exit $hb_rc' EXIT`;
const script = (command, save) => `set -a\n. "$HB_STATE"\ncd "$HB_CWD" || exit 97\n${save ? STATE_SAVE : ''}\n${command}\n`;

function start(session, step, command, save) {
  const cwd = step.cwd !== undefined ? resolve(session.work, step.cwd) : session.cwd;
  const env = { ...process.env, HANDBOOK: session.work, HB_STATE: session.state, HB_CWD: cwd, GIT_AUTHOR_NAME: 'handbook-lab', GIT_AUTHOR_EMAIL: 'lab@example.invalid', GIT_COMMITTER_NAME: 'handbook-lab', GIT_COMMITTER_EMAIL: 'lab@example.invalid' };
  const child = spawn('bash', ['-c', script(command, save)], { cwd: session.work, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  session.groups.push(child.pid);
  const output = { text: '' };
  const keep = (chunk) => {
    if (!step.background) process.stdout.write(chunk);
    output.text = (output.text + chunk).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('error', (error) => keep(`${error.message}\n`));
  if (step.input !== undefined) child.stdin.end(step.input);
  else if (!step.background) child.stdin.end();
  child.done = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return { child, output };
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const tail = (text) => text.trimEnd().split('\n').slice(-20).join('\n');

function stopGroup(pid) {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function runStep(session, step) {
  if (step.stop !== undefined) {
    const running = session.backgrounds.get(step.stop);
    if (running) stopGroup(running.child.pid);
    await sleep(2000);
    return { ok: true };
  }
  if (step.background) {
    const started = start(session, step, step.run, false);
    session.backgrounds.set(step.run, started);
    if (!step.ready) {
      await sleep(5000);
      return { ok: true };
    }
    const deadline = Date.now() + (step.timeout ?? 300) * 1000;
    let exited = false;
    started.child.done.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      const check = start(session, { cwd: step.cwd }, step.ready, false);
      if ((await check.child.done).code === 0) return { ok: true };
      await sleep(2000);
    }
    return { ok: false, reason: exited ? 'stopped before it was ready' : `not ready after ${step.timeout ?? 300} s (${step.ready})`, tail: tail(started.output.text) };
  }
  const { child, output } = start(session, step, step.run, true);
  if (step.answer) {
    setTimeout(() => session.backgrounds.get(step.answer.to)?.child.stdin.write(`${step.answer.text}\n`), step.answer.after * 1000);
  }
  const limit = (step.watch ?? step.timeout ?? 1200) * 1000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stopGroup(child.pid);
  }, limit);
  const { code } = await child.done;
  clearTimeout(timer);
  await sleep(100); // the last output after exit
  // A step's own `cmd &` children keep running, as in a terminal; its directory and variables carry on.
  if (existsSync(`${session.state}.next`)) {
    const saved = readFileSync(`${session.state}.next`, 'utf8')
      .split('\n')
      .filter((line) => !/^declare -x (PWD|OLDPWD|SHLVL|_|HB_\w+)=/.test(line))
      .join('\n');
    writeFileSync(session.state, saved);
    rmSync(`${session.state}.next`);
  }
  if (existsSync(`${session.state}.cwd`)) session.cwd = readFileSync(`${session.state}.cwd`, 'utf8').trim();
  if (step.watch) return timedOut || code === 0 ? { ok: true } : { ok: false, reason: `exit code ${code}`, tail: tail(output.text) };
  if (timedOut) return { ok: false, reason: `timed out after ${limit / 1000} s`, tail: tail(output.text) };
  const failed = code !== 0;
  if (step.expect === 'failure') return failed ? { ok: true } : { ok: false, reason: 'expected to fail, as the chapter shows, but exited 0', tail: tail(output.text) };
  return failed ? { ok: false, reason: `exit code ${code}`, tail: tail(output.text) } : { ok: true };
}

// Last, so the helpers above are defined before the first lab runs.
const today = new Date().toISOString().slice(0, 10);
const results = new Map();
for (const plan of plans) {
  const { lab } = plan;
  if (plan.notRun) {
    console.log(`\n== ${lab.name}: not run: ${plan.notRun}`);
    results.set(lab.name, { date: today, outcome: 'not run', detail: plan.notRun, tools: {} });
    continue;
  }
  console.log(`\n== ${lab.name} (${lab.chapter})`);
  results.set(lab.name, await runLab(plan));
}

const record = lib.mergeRecord(lib.parseRecord(existsSync(options.record) ? readFileSync(options.record, 'utf8') : undefined), results);
writeFileSync(options.record, lib.recordJson(record));
console.log('\nSummary');
for (const [name, run] of results) console.log(`  ${name.padEnd(24)} ${run.outcome}${run.failedAt ? ` at ${run.failedAt}` : ''}${run.outcome === 'not run' ? `: ${run.detail}` : ''}${run.skipped ? ` (${run.skipped} skipped)` : ''}`);
console.log(`Recorded in ${options.record}`);
process.exit([...results.values()].some((run) => run.outcome === 'failed') ? 1 : 0);
