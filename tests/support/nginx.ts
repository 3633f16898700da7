/**
 * Debian's nginx on loopback, running the shipped deploy/nginx.conf as rendered for a build (with the
 * example team's settings, from the copy `npm run build:example` made), in a temporary folder removed
 * by `stop`. The tests of the server config and of progress sync share it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './net';

const MIME_TYPES = '/etc/nginx/mime.types';
/** Where the shipped config expects the sign-in proxy and the sync store (the settings' defaults). */
const SHIPPED_PROXY = 'http://127.0.0.1:4180';
const SHIPPED_STORE = '/var/lib/handbook-sync';

function findNginx(): string {
  const found = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
  if (found && existsSync(MIME_TYPES)) return found;
  throw new Error('The server-config tests need nginx with its WebDAV and auth_request modules: sudo apt-get install -y nginx (Debian/Ubuntu).');
}

export interface RunningNginx {
  origin: string;
  /** The temporary folder holding the config, logs and the sync store. */
  work: string;
  /** The rendered config folder (default.conf, security-headers.inc). */
  confDir: string;
  /** Where progress sync stores files (the settings' storePath, moved into `work`). */
  store: string;
  /** Stops nginx (the folder stays until `remove`). */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same files. */
  start(): Promise<void>;
  remove(): Promise<void>;
}

export async function startNginx({ dist, base, signInProxy }: { dist: string; base: string; signInProxy?: string }): Promise<RunningNginx> {
  const binary = findNginx();
  const work = mkdtempSync(join(tmpdir(), 'handbook-nginx-'));
  chmodSync(work, 0o755);
  const confDir = join(work, 'conf.d');
  const store = join(work, 'sync-store');
  mkdirSync(store);
  const exampleSite = resolve('.cache/example-site');
  if (!existsSync(join(exampleSite, 'scripts/render-nginx.mjs'))) throw new Error('No example build: run `npm run build:example` first (`npm test` does).');
  const rendered = spawnSync(process.execPath, ['scripts/render-nginx.mjs', dist, base, confDir], { encoding: 'utf8', cwd: exampleSite });
  if (rendered.status !== 0) throw new Error(`render-nginx failed: ${rendered.stderr}`);
  // The site's files at <root><base>, as the Dockerfile lays them out.
  mkdirSync(join(work, 'html', base), { recursive: true });
  rmSync(join(work, 'html', base), { recursive: true });
  symlinkSync(dist, join(work, 'html', base.replace(/\/$/, '')), 'dir');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = readFileSync(join(confDir, 'default.conf'), 'utf8')
    .replace('listen 8080;', `listen 127.0.0.1:${port};`)
    .replace('root /usr/share/nginx/html;', `root ${join(work, 'html')};`)
    .replaceAll(SHIPPED_PROXY, signInProxy ?? SHIPPED_PROXY)
    .replaceAll(SHIPPED_STORE, store)
    .replaceAll('/etc/nginx/conf.d/security-headers.inc', join(confDir, 'security-headers.inc'));
  writeFileSync(join(confDir, 'default.conf'), server);
  const temp = (name: string) => `${name}_temp_path ${join(work, `${name}_temp`)};`;
  writeFileSync(
    join(work, 'nginx.conf'),
    [
      // As root, nginx would switch its workers to "nobody", who may not read the checkout.
      process.getuid?.() === 0 ? 'user root;' : '',
      'worker_processes 1;',
      `error_log ${join(work, 'error.log')} warn;`,
      `pid ${join(work, 'nginx.pid')};`,
      'events { worker_connections 64; }',
      'http {',
      `  include ${MIME_TYPES};`,
      '  default_type application/octet-stream;',
      '  access_log off;',
      `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}`,
      `  include ${join(confDir, 'default.conf')};`,
      '}',
    ].join('\n'),
  );
  const check = spawnSync(binary, ['-t', '-p', work, '-c', join(work, 'nginx.conf')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the rendered config: ${check.stderr}`);
  let nginx: ChildProcess | undefined;
  const up = () => fetch(`${origin}/healthz`).then((r) => r.ok, () => false);
  const running: RunningNginx = {
    origin,
    work,
    confDir,
    store,
    async start() {
      nginx = spawn(binary, ['-p', work, '-c', join(work, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
      for (let attempt = 0; attempt < 100 && !(await up()); attempt++) await new Promise((r) => setTimeout(r, 50));
      if (!(await up())) throw new Error(`nginx did not start: ${readFileSync(join(work, 'error.log'), 'utf8').slice(-2000)}`);
    },
    async stop() {
      const exited = new Promise((done) => (nginx && nginx.exitCode === null ? nginx.once('exit', done) : done(null)));
      nginx?.kill('SIGTERM');
      await exited;
    },
    async remove() {
      await running.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
  await running.start();
  return running;
}
