// Entry point: read the configuration from the environment, listen, and shut down cleanly.
//   node src/server.ts      (Node 24 strips the types itself)
//   node dist/server.js     (after `npm run build`, as the container image does)
import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { log } from './log.ts';
import { TodoStore } from './todos.ts';

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    // Fail at startup with a clear message rather than run with a config nobody meant.
    log('error', 'invalid configuration', { variable: name, value: raw, expected: `an integer from ${min} to ${max}` });
    process.exit(1);
  }
  return value;
}

const config = {
  port: intFromEnv('PORT', 8080, 0, 65535),
  host: process.env['HOST'] || '0.0.0.0',
  version: process.env['APP_VERSION'] || 'dev',
  apiToken: process.env['API_TOKEN'] || undefined,
  // The most to-do items this process keeps; beyond it, POST /todos answers 507. A cap keeps a
  // loop of POSTs from growing the process until it hits its memory limit.
  maxTodos: intFromEnv('MAX_TODOS', 10_000, 1, 1_000_000),
  // How long to keep serving after SIGTERM, with /readyz answering 503, so load balancers and
  // Kubernetes Services stop sending new requests before the listener closes.
  shutdownDelayMs: intFromEnv('SHUTDOWN_DELAY_MS', 0, 0, 60_000),
  // After the delay, how long in-flight requests get before the process exits anyway.
  shutdownTimeoutMs: intFromEnv('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 120_000),
};

const app = createApp({ version: config.version, apiToken: config.apiToken, store: new TodoStore(config.maxTodos) });

const server = createServer((req, res) => {
  app.handle(req, res).catch((error: unknown) => {
    log('error', 'failed to send a response', { error: error instanceof Error ? error.stack : String(error) });
    res.destroy();
  });
});

server.on('error', (error) => {
  log('error', 'server error', { error: error.message });
  process.exit(1);
});

server.listen(config.port, config.host, () => {
  app.setPhase('ready');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log('info', 'listening', {
    host: config.host,
    port,
    version: config.version,
    pid: process.pid,
    writesNeedToken: Boolean(config.apiToken),
  });
});

let stopping = false;

function shutdown(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  // 1. Fail readiness: new traffic should go elsewhere. Liveness stays green: we are not broken.
  app.setPhase('stopping');
  log('info', 'shutdown started', { signal, delayMs: config.shutdownDelayMs });

  setTimeout(() => {
    // 2. Stop accepting connections; requests in flight finish, idle keep-alive connections close.
    server.close((error) => {
      if (error) log('error', 'error while closing', { error: error.message });
      // 3. Exit 0: a clean, expected stop, not a crash.
      log('info', 'shutdown complete');
      process.exit(error ? 1 : 0);
    });
    server.closeIdleConnections();
    // A client holding a connection open must not block the shutdown forever.
    setTimeout(() => {
      log('warn', 'shutdown timeout: closing remaining connections', { timeoutMs: config.shutdownTimeoutMs });
      server.closeAllConnections();
    }, config.shutdownTimeoutMs).unref();
  }, config.shutdownDelayMs);
}

// SIGTERM is what `docker stop` and Kubernetes send; SIGINT is Ctrl-C in a terminal.
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
