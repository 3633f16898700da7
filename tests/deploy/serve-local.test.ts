/**
 * The self-hosting chapter's local run (labs/self-hosting/serve-local.sh with nginx-local.conf): the
 * script renders the server config for the team's build, lays it out as the image does and starts
 * Debian's nginx without root. The chapter's curl commands (step 7) then run as written, on the port
 * the test gave the script, and must print exactly what the chapter shows; Ctrl-C stops nginx. The
 * script also refuses a missing build and a work folder that is not its own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandAndOutput, readChapter } from '../support/chapter-file';
import { freePort } from '../support/net';

const SCRIPT = 'labs/self-hosting/serve-local.sh';
const dist = resolve(process.env.HANDBOOK_DIST ?? 'dist-base');
const base = process.env.BASE_PATH ?? '/handbook/';
const work = mkdtempSync(join(tmpdir(), 'handbook-serve-local-'));
// Started as root (CI), nginx's workers run as nobody: they must be able to walk into the temp folder.
chmodSync(work, 0o755);
// The script and the chapter's commands run as a reader's shell would: Node 24 first on the PATH, and
// Debian's /usr/sbin (where nginx lives) as the script expects to find it.
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` };
let nginx: ChildProcess | undefined;
let port = 0;
let log = '';

/** The self-hosting chapter's sh block that starts with `first`, and the output it shows. */
function chapterBlock(first: string): { commands: string; output: string } {
  const found = commandAndOutput(readChapter('src/content/docs/reference/self-hosting.mdx').body, 'sh', first);
  if (!found) throw new Error(`the self-hosting chapter has no sh block starting with ${first}, followed by its output`);
  return { commands: found.code, output: found.output };
}

/** Runs a block of the chapter's commands in bash from the repository root, on the test's port and build. */
function shell(commands: string) {
  const script = commands.replaceAll('localhost:8080', `localhost:${port}`).replaceAll('ls dist/', `ls ${dist}/`);
  const result = spawnSync('bash', ['-o', 'pipefail', '-c', script], { encoding: 'utf8', env, timeout: 30_000 });
  return { status: result.status, stdout: result.stdout.replaceAll('\r', ''), stderr: result.stderr };
}

beforeAll(async () => {
  port = await freePort();
  // Output to a file, as a terminal would take it: nginx opens /dev/stdout for its access log, which
  // fails on the socket Node gives a child for 'pipe'.
  const logFile = join(work, 'serve-local.log');
  const out = openSync(logFile, 'w');
  nginx = spawn('bash', [SCRIPT, dist, base], { env: { ...env, PORT: String(port), WORK_DIR: join(work, 'nginx') }, stdio: ['ignore', out, out] });
  closeSync(out);
  const started = () => (log = readFileSync(logFile, 'utf8')).includes('serving ');
  for (let tries = 0; tries < 100 && !started() && nginx.exitCode === null; tries++) await new Promise((done) => setTimeout(done, 100));
  if (!started()) throw new Error(`serve-local.sh did not start nginx:\n${log}`);
}, 30_000);

afterAll(() => {
  nginx?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('labs/self-hosting/serve-local.sh', () => {
  it('prints what the chapter shows when it starts', () => {
    expect(log).toMatch(new RegExp(`nginx config for base ${base}, \\d+ pages, \\d+ inline script hashes`));
    expect(log).toContain(`serving ${dist} at http://localhost:${port}${base} (Ctrl-C stops nginx)`);
  });

  it('answers the chapter’s curl checks exactly as the chapter shows', () => {
    const { commands, output } = chapterBlock('curl -sI http://localhost:8080/handbook/devops/containers/');
    const result = shell(commands);
    expect(result.stderr).toBe('');
    expect(result.stdout, log).toBe(output);
  });

  it('revalidates a page with its ETag, as the chapter shows', () => {
    const { commands, output } = chapterBlock('etag=$(curl');
    expect(shell(commands).stdout).toBe(output);
  });

  it('stops nginx on Ctrl-C', async () => {
    nginx!.kill('SIGINT');
    const [code, signal] = await once(nginx!, 'exit');
    expect(code === 0 || signal === 'SIGINT', log).toBe(true);
    expect(spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://localhost:${port}/healthz`], { encoding: 'utf8' }).stdout).toBe('000');
  });

  it('refuses a folder with no build, and a work folder that is not an earlier run’s', () => {
    const noBuild = spawnSync('bash', [SCRIPT, join(work, 'nothing'), base], { encoding: 'utf8', env });
    expect(noBuild.status).toBe(1);
    expect(noBuild.stderr).toContain(`no build in ${join(work, 'nothing')}: run the build first`);
    const precious = join(work, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'notes.txt'), 'keep me');
    const refused = spawnSync('bash', [SCRIPT, dist, base], { encoding: 'utf8', env: { ...env, WORK_DIR: precious } });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${precious} exists and is not an earlier run's folder: set WORK_DIR to a new path`);
    expect(existsSync(join(precious, 'notes.txt'))).toBe(true);
  });
});
