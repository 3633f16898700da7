#!/usr/bin/env node
// npm test: every check, arranged for a 2-core machine. The unit and lab tests need no build, and
// `astro check` and the builds use about one core, so they run side by side; the browser tests need
// both builds and all the cores, so they run after. The unit run's output is held back and printed
// whole when it ends, so the two never interleave. Ends with one line for both vitest runs:
// "vitest: N passed, N failed, N skipped".
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const work = mkdtempSync(join(tmpdir(), 'handbook-test-'));
const env = { ...process.env, HANDBOOK_TEST_COUNTS: join(work, 'counts.jsonl') };

/** Runs a command; `held` collects its output to print later instead of streaming it. */
function run(command, args, held) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    child.stdout?.on('data', (chunk) => held.push(chunk));
    child.stderr?.on('data', (chunk) => held.push(chunk));
    child.on('error', (error) => {
      held?.push(Buffer.from(`${command}: ${error.message}\n`));
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function inOrder(steps) {
  for (const [command, args] of steps) {
    const code = await run(command, args);
    if (code !== 0) return code;
  }
  return 0;
}

const started = Date.now();
const unitOutput = [];
const [buildCode, unitCode] = await Promise.all([
  inOrder([
    [npx, ['astro', 'check']],
    [npx, ['astro', 'build']],
    [process.execPath, ['scripts/build-example.mjs']],
  ]),
  // Two workers: the ML labs' file spends most of a minute in Python, and one worker left the second
  // core idle once the builds were done (phase 1: 161 s with one, 115 s with two).
  run(npx, ['vitest', 'run', '--project', 'unit', '--maxWorkers', '2'], unitOutput),
]);
process.stdout.write(`\n---- unit and lab tests (run beside the build) ----\n${Buffer.concat(unitOutput).toString()}\n`);
const browserCode = buildCode === 0 ? await run(npx, ['vitest', 'run', '--project', 'site', '--project', 'a11y', '--project', 'team-site']) : 1;
if (buildCode !== 0) console.error('\nThe type check or a build failed: the browser tests did not run.');

let counts = { passed: 0, failed: 0, skipped: 0 };
try {
  for (const line of readFileSync(env.HANDBOOK_TEST_COUNTS, 'utf8').trim().split('\n').filter(Boolean)) {
    const run = JSON.parse(line);
    counts = { passed: counts.passed + run.passed, failed: counts.failed + run.failed, skipped: counts.skipped + run.skipped };
  }
} catch {
  counts.failed++;
}
rmSync(work, { recursive: true, force: true });
const ok = buildCode === 0 && unitCode === 0 && browserCode === 0 && counts.failed === 0;
console.log(`\nAll checks in ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(`vitest: ${counts.passed} passed, ${counts.failed + (buildCode === 0 ? 0 : 1)} failed, ${counts.skipped} skipped`);
process.exit(ok ? 0 : 1);
