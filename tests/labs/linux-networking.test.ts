/**
 * The Linux and networking lab (labs/linux-networking) run as the chapter runs it: diagnose.sh walks a
 * real sample service and real TLS servers, make-certs.sh builds a chain whose missing intermediate
 * fails verification exactly as the chapter shows, and the systemd unit holds every directive the
 * chapter explains. Everything listens on 127.0.0.1 only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net';

const LAB = 'labs/linux-networking';
const DIAGNOSE = `${LAB}/diagnose.sh`;
const CHAPTER = 'src/content/docs/devops/linux-networking.mdx';
const INSTALL = 'sudo apt-get install -y curl iproute2 openssl libc-bin';

// The lab's tools are test dependencies like shellcheck: missing, the file fails with how to get them.
const missing = ['curl', 'ss', 'openssl', 'getent', 'timeout'].filter(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status !== 0,
);
if (missing.length) throw new Error(`the Linux and networking lab needs ${missing.join(', ')}: ${INSTALL}`);

// A proxy variable in the environment would send curl's requests to 127.0.0.1 through a proxy.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(https?|all|no)_proxy$/i.test(name)),
) as NodeJS.ProcessEnv;

const work = mkdtempSync(join(tmpdir(), 'handbook-linux-networking-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: 'utf8', env, timeout: 30_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}

/** Every line diagnose.sh printed in this file, for the comparison with the chapter at the end. */
const printed: string[] = [];
const diagnose = (...args: string[]) => {
  const result = run('bash', [DIAGNOSE, ...args]);
  printed.push(...result.stdout.split('\n'));
  return result;
};

/** The check lines diagnose.sh prints: status, check name and message. */
function checks(stdout: string) {
  return stdout
    .split('\n')
    .map((line) => /^(OK|FAIL|SKIP) +(\w+) +(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, status, name, message]) => ({ status, name, message }));
}

/** Starts a process and resolves once a line of its output matches `ready`. */
function start(command: string, args: string[], ready: RegExp, extraEnv: NodeJS.ProcessEnv = {}) {
  const child = spawn(command, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise<{ child: ChildProcess; match: RegExpExecArray }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output}`));
    });
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

describe('todo-api.service', () => {
  // There is no systemd to run it under in the test environment (no systemd as PID 1, no
  // systemd-analyze in CI), so the unit is parsed here and checked for what the chapter promises.
  const text = readFileSync(`${LAB}/todo-api.service`, 'utf8');
  const sections = new Map<string, [string, string][]>();
  let current = '';
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) {
      current = section[1]!;
      sections.set(current, []);
      return;
    }
    const pair = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!pair || !current) throw new Error(`todo-api.service line ${index + 1} is neither a section nor Key=value: ${raw}`);
    sections.get(current)!.push([pair[1]!, pair[2]!]);
  });
  const values = (section: string, key: string) => (sections.get(section) ?? []).filter(([k]) => k === key).map(([, v]) => v);
  const value = (section: string, key: string) => values(section, key).at(-1);

  it('has the three sections, in order', () => {
    expect([...sections.keys()]).toEqual(['Unit', 'Service', 'Install']);
  });

  it('runs the sample service as its own user and restarts it after failures', () => {
    expect(value('Unit', 'After')).toBe('network-online.target');
    expect(value('Unit', 'Wants')).toBe('network-online.target');
    expect(value('Service', 'Type')).toBe('exec');
    expect(value('Service', 'User')).toBe('todo-api');
    expect(value('Service', 'ExecStart')).toMatch(/^\/\S+\/node src\/server\.ts$/);
    expect(value('Service', 'Restart')).toBe('on-failure');
    expect(value('Service', 'TimeoutStopSec')).toMatch(/^\d+$/);
    const environment = values('Service', 'Environment');
    expect(environment).toEqual(expect.arrayContaining(['PORT=8080', 'HOST=127.0.0.1']));
    expect(environment.join(' ')).not.toMatch(/TOKEN|SECRET|PASSWORD/i);
    expect(value('Install', 'WantedBy')).toBe('multi-user.target');
  });

  it('carries the hardening directives and leaves out the one that breaks Node.js', () => {
    expect(value('Service', 'NoNewPrivileges')).toBe('yes');
    expect(value('Service', 'ProtectSystem')).toBe('strict');
    expect(value('Service', 'ProtectHome')).toBe('yes');
    expect(value('Service', 'PrivateTmp')).toBe('yes');
    expect(value('Service', 'PrivateDevices')).toBe('yes');
    expect(value('Service', 'CapabilityBoundingSet')).toBe('');
    expect(value('Service', 'RestrictAddressFamilies')).toBe('AF_INET AF_INET6 AF_UNIX');
    expect(values('Service', 'MemoryDenyWriteExecute')).toEqual([]);
    expect(values('Service', 'AmbientCapabilities')).toEqual([]);
  });

  it('is explained directive by directive in the chapter', () => {
    const chapter = readFileSync(CHAPTER, 'utf8');
    const keys = new Set([...sections.values()].flat().map(([key]) => key));
    const unexplained = [...keys].filter((key) => !chapter.includes(`${key}=`));
    expect(unexplained).toEqual([]);
  });
});

describe('diagnose.sh against the sample service', () => {
  let service: ChildProcess;
  let port = 0;

  beforeAll(async () => {
    const started = await start(process.execPath, ['labs/service/src/server.ts'], /"msg":"listening".*"port":(\d+)/, {
      PORT: '0',
      HOST: '127.0.0.1',
    });
    service = started.child;
    port = Number(started.match[1]);
  });
  afterAll(() => stop(service));

  it('passes every check for /healthz and exits 0', () => {
    const { status, stdout, output } = diagnose(`http://127.0.0.1:${port}/healthz`);
    expect(status, output).toBe(0);
    const lines = checks(stdout);
    expect(lines.map((line) => line.name)).toEqual(['dns', 'listen', 'tcp', 'http']);
    expect(lines.every((line) => line.status === 'OK'), stdout).toBe(true);
    expect(lines[1]!.message).toContain(`127.0.0.1 port ${port}`);
    expect(stdout).toMatch(
      /^ {6}timing {2}namelookup [\d.]+ {2}connect [\d.]+ {2}appconnect [\d.]+ {2}starttransfer [\d.]+ {2}total [\d.]+ \(seconds\)$/m,
    );
    expect(stdout).toContain(`PASS  all checks passed for http://127.0.0.1:${port}/healthz`);
  });

  it('resolves localhost through getent, as the service’s clients do', () => {
    const { status, stdout, output } = diagnose(`http://localhost:${port}/readyz`);
    expect(status, output).toBe(0);
    expect(checks(stdout)[0]).toMatchObject({ status: 'OK', name: 'dns' });
    expect(checks(stdout)[0]!.message).toMatch(/^localhost -> .*127\.0\.0\.1.* \(getent ahosts\)$/);
  });

  it('stops at "listen" with its hint when nothing listens on the port', async () => {
    const closed = await freePort();
    const { status, stdout } = diagnose(`http://127.0.0.1:${closed}/healthz`);
    expect(status).toBe(1);
    const lines = checks(stdout);
    expect(lines.at(-1)).toEqual({ status: 'FAIL', name: 'listen', message: `nothing listens on TCP port ${closed} on this machine (ss -ltn)` });
    expect(lines.slice(0, -1).every((line) => line.status === 'OK')).toBe(true);
    expect(stdout).toMatch(/^next: is the service running, and on which port\? .*ss -ltnp$/m);
    expect(stdout).not.toContain('PASS');
  });

  it('stops at "listen" when the service is bound to another address than the one called', () => {
    // 127.0.0.2 is loopback too, so ss can judge it, but the service is bound to 127.0.0.1 only.
    const { status, stdout } = diagnose(`http://127.0.0.2:${port}/healthz`);
    expect(status).toBe(1);
    expect(checks(stdout).at(-1)).toEqual({ status: 'FAIL', name: 'listen', message: `port ${port} listens on 127.0.0.1 only, not on 127.0.0.2` });
    expect(stdout).toMatch(/^next: the service binds another address: HOST=0\.0\.0\.0 listens on every IPv4 address/m);
  });

  it('names a read timeout when the process accepts connections but does not answer', () => {
    // SIGSTOP freezes the process; the kernel still completes TCP handshakes for its listening socket.
    service.kill('SIGSTOP');
    try {
      const { status, stdout } = diagnose('--timeout', '1', `http://127.0.0.1:${port}/healthz`);
      expect(status).toBe(1);
      const lines = checks(stdout);
      expect(lines.map((line) => `${line.status} ${line.name}`)).toEqual(['OK dns', 'OK listen', 'OK tcp', 'FAIL http']);
      expect(lines.at(-1)!.message).toMatch(/^connected, but no complete answer within 1s \(read timeout\)/);
      expect(stdout).toMatch(/^next: TCP works but the program does not answer/m);
    } finally {
      service.kill('SIGCONT');
    }
  });

  it('refuses wrong usage with exit code 2 and the usage line', () => {
    for (const args of [[], ['ftp://127.0.0.1/'], ['--timeout', 'soon', 'http://127.0.0.1/']]) {
      const { status, stderr } = diagnose(...args);
      expect(status).toBe(2);
      expect(stderr).toMatch(/^Usage: diagnose\.sh \[--cacert FILE\]/);
    }
  });
});

describe('make-certs.sh and the missing intermediate', () => {
  const pki = join(work, 'pki');
  const file = (name: string) => join(pki, name);
  const servers: ChildProcess[] = [];
  afterAll(async () => {
    for (const server of servers) await stop(server);
  });

  /** openssl s_server on a free loopback port, serving the leaf alone or with its intermediate. */
  async function tlsServer(chain: boolean) {
    const port = await freePort();
    const args = ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', file('server.crt'), '-key', file('server.key'), '-www'];
    if (chain) args.push('-cert_chain', file('intermediate.crt'));
    const { child } = await start('openssl', args, /^ACCEPT/m);
    servers.push(child);
    return port;
  }

  const sClient = (port: number) =>
    run('sh', ['-c', `openssl s_client -connect 127.0.0.1:${port} -servername localhost -CAfile "$1" -verify_return_error -showcerts </dev/null`, 'sh', file('ca.crt')]);

  beforeAll(() => {
    const { status, output } = run('bash', [`${LAB}/make-certs.sh`, pki]);
    expect(status, output).toBe(0);
    expect(output).toContain('ok: server.crt verifies against ca.crt through intermediate.crt');
  });

  it('writes the certificates, a full chain, and keys only their owner can read', () => {
    for (const name of ['ca.key', 'intermediate.key', 'server.key']) expect(statSync(file(name)).mode & 0o777).toBe(0o600);
    for (const name of ['ca.crt', 'intermediate.crt', 'server.crt', 'fullchain.crt']) expect(statSync(file(name)).mode & 0o777).toBe(0o644);
    const fullchain = readFileSync(file('fullchain.crt'), 'utf8');
    expect(fullchain).toBe(readFileSync(file('server.crt'), 'utf8') + readFileSync(file('intermediate.crt'), 'utf8'));
    const subject = run('openssl', ['x509', '-in', file('server.crt'), '-noout', '-subject', '-issuer', '-ext', 'subjectAltName']);
    expect(subject.stdout).toContain('CN = localhost');
    expect(subject.stdout).toContain('CN = Handbook Test Intermediate CA');
    expect(subject.stdout).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1/);
  });

  it('refuses to overwrite an existing CA', () => {
    const again = run('bash', [`${LAB}/make-certs.sh`, pki]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('ca.crt exists already');
  });

  it('does not verify without the intermediate, and does with it (openssl verify)', () => {
    const alone = run('openssl', ['verify', '-CAfile', file('ca.crt'), file('server.crt')]);
    expect(alone.status).not.toBe(0);
    expect(alone.output).toContain('unable to get local issuer certificate');
    const withIntermediate = run('openssl', ['verify', '-CAfile', file('ca.crt'), '-untrusted', file('intermediate.crt'), file('server.crt')]);
    expect(withIntermediate.status, withIntermediate.output).toBe(0);
    expect(withIntermediate.stdout).toContain('server.crt: OK');
  });

  it('a server that sends only its own certificate fails verification (s_client and diagnose.sh)', async () => {
    const port = await tlsServer(false);
    const client = sClient(port);
    expect(client.status).not.toBe(0);
    expect(client.output).toContain('verify error:num=20:unable to get local issuer certificate');
    expect(client.output.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(1);

    const { status, stdout } = diagnose('--cacert', file('ca.crt'), `https://localhost:${port}/`);
    expect(status).toBe(1);
    const lines = checks(stdout);
    expect(lines.map((line) => `${line.status} ${line.name}`)).toEqual(['OK dns', 'OK listen', 'OK tcp', 'FAIL tls']);
    expect(lines.at(-1)!.message).toContain('unable to get local issuer certificate');
    expect(stdout).toMatch(/^next: see what it sends: openssl s_client -connect localhost:\d+ -servername localhost -showcerts;/m);
  });

  it('the same server sending the full chain verifies, and diagnose.sh reports the certificate', async () => {
    const port = await tlsServer(true);
    const client = sClient(port);
    expect(client.status, client.output).toBe(0);
    expect(client.output).toContain('Verify return code: 0 (ok)');
    expect(client.output).toMatch(/ 0 s:CN = localhost\n +i:O = Handbook Lab, CN = Handbook Test Intermediate CA/);
    expect(client.output).toMatch(/ 1 s:O = Handbook Lab, CN = Handbook Test Intermediate CA\n +i:O = Handbook Lab, CN = Handbook Test Root CA/);

    const { status, stdout, output } = diagnose('--cacert', file('ca.crt'), `https://localhost:${port}/`);
    expect(status, output).toBe(0);
    const lines = checks(stdout);
    expect(lines.map((line) => line.name)).toEqual(['dns', 'listen', 'tcp', 'tls', 'http', 'cert', 'expiry']);
    expect(lines.every((line) => line.status === 'OK'), stdout).toBe(true);
    const byName = new Map(lines.map((line) => [line.name, line.message]));
    expect(byName.get('tls')).toMatch(/^handshake done after [\d.]+s, certificate verified for localhost$/);
    expect(byName.get('cert')).toBe(
      'subject CN = localhost; issuer O = Handbook Lab, CN = Handbook Test Intermediate CA; the server sent 2 certificate(s)',
    );
    expect(byName.get('expiry')).toMatch(/^valid until \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT, (29|30) days left$/);

    // Without the test CA, curl trusts only the system's store, and says so.
    const untrusted = diagnose(`https://localhost:${port}/`);
    expect(untrusted.status).toBe(1);
    expect(checks(untrusted.stdout).at(-1)).toMatchObject({ status: 'FAIL', name: 'tls' });

    // A certificate closer to expiry than --min-days fails the expiry check.
    const soon = diagnose('--cacert', file('ca.crt'), '--min-days', '60', `https://localhost:${port}/`);
    expect(soon.status).toBe(1);
    expect(checks(soon.stdout).at(-1)).toMatchObject({ status: 'FAIL', name: 'expiry' });
    expect(checks(soon.stdout).at(-1)!.message).toMatch(/in (29|30) days: less than --min-days 60$/);
  });
});

describe('the chapter shows what diagnose.sh prints', () => {
  // Ports, addresses, times and dates differ from run to run; everything else must be identical.
  const normalize = (line: string) =>
    line
      .replace(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/g, 'MON')
      .replace(/localhost -> [^(]*\(/, 'localhost -> ADDRESSES (')
      .replace(/\d+(\.\d+)*/g, 'N')
      .replace(/ +/g, ' ')
      .trim();

  it('every diagnose.sh line in the chapter is one the script printed in these tests', () => {
    const body = readFileSync(CHAPTER, 'utf8').split('\n---\n').slice(1).join('\n---\n');
    const shown = body
      .split('\n')
      .map((line) => line.replace(/^ {3,4}/, ''))
      .filter((line) => /^(OK|FAIL|SKIP|PASS) {2}|^ {6}timing {2}|^next: /.test(line));
    expect(shown.length).toBeGreaterThan(20);
    const real = new Set(printed.map(normalize));
    expect(shown.filter((line) => !real.has(normalize(line)))).toEqual([]);
  });
});
