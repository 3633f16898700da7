// The HTTP API, tested through a real socket: createApp() behind node:http on a free port, with no
// process-level setup (server.ts) involved. Every route the labs and probes rely on is covered.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApp, type App } from '../src/app.ts';
import { TodoStore } from '../src/todos.ts';

/** Starts the app on 127.0.0.1 and a port the system picks; returns its base URL. */
async function start(app: App): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => void app.handle(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  app.setPhase('ready');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const json = { 'content-type': 'application/json' };

describe('todo-api over HTTP', () => {
  const app = createApp({ version: 'test', store: new TodoStore(3) });
  let server: Server;
  let base = '';

  before(async () => ({ server, base } = await start(app)));
  after(() => server.close());

  it('GET /healthz answers 200 {"status":"ok"}: the liveness probe looks for exactly this', async () => {
    const response = await fetch(`${base}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  it('GET /readyz follows the phase: 200 when ready, 503 while stopping', async () => {
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    app.setPhase('stopping');
    try {
      const draining = await fetch(`${base}/readyz`);
      assert.equal(draining.status, 503);
      assert.deepEqual(await draining.json(), { status: 'stopping' });
    } finally {
      app.setPhase('ready');
    }
  });

  it('GET / names the build it runs', async () => {
    const body = (await (await fetch(`${base}/`)).json()) as { name: string; version: string };
    assert.equal(body.name, 'todo-api');
    assert.equal(body.version, 'test');
  });

  it('creates, reads, lists and deletes a to-do', async () => {
    const created = await fetch(`${base}/todos`, { method: 'POST', headers: json, body: '{"title":"Ship it"}' });
    assert.equal(created.status, 201);
    const todo = (await created.json()) as { id: string; title: string };
    assert.equal(todo.title, 'Ship it');
    assert.equal(created.headers.get('location'), `/todos/${todo.id}`);

    assert.equal((await fetch(`${base}/todos/${todo.id}`)).status, 200);
    const list = (await (await fetch(`${base}/todos`)).json()) as unknown[];
    assert.equal(list.length, 1);
    assert.equal((await fetch(`${base}/todos/${todo.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await fetch(`${base}/todos/${todo.id}`)).status, 404);
  });

  it('answers bad input with 4xx and a reason, never with a 500', async () => {
    const cases: Array<[RequestInit, number]> = [
      [{ body: '{"title":""}', headers: json }, 400],
      [{ body: 'not json', headers: json }, 400],
      [{ body: '', headers: json }, 400],
      [{ body: '{"title":"x"}', headers: { 'content-type': 'text/plain' } }, 415],
      [{ body: JSON.stringify({ title: 'x'.repeat(20_000) }), headers: json }, 413],
    ];
    for (const [init, status] of cases) {
      const response = await fetch(`${base}/todos`, { method: 'POST', ...init });
      assert.equal(response.status, status, `body ${String(init.body).slice(0, 20)}`);
      assert.equal(typeof ((await response.json()) as { error?: unknown }).error, 'string');
    }
  });

  it('answers 405 with an Allow header for a method a route does not have', async () => {
    const response = await fetch(`${base}/healthz`, { method: 'DELETE' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET');
  });

  it('answers 507 when the store is full', async () => {
    for (let i = 0; i < 3; i += 1) {
      await fetch(`${base}/todos`, { method: 'POST', headers: json, body: `{"title":"item ${i}"}` });
    }
    assert.equal((await fetch(`${base}/todos`, { method: 'POST', headers: json, body: '{"title":"one more"}' })).status, 507);
  });

  it('serves /metrics as Prometheus text, counting by route template, not raw path', async () => {
    await fetch(`${base}/todos/does-not-exist`);
    await fetch(`${base}/no/such/path`);
    const response = await fetch(`${base}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /^# TYPE http_requests_total counter$/m);
    assert.match(text, /^# TYPE http_request_duration_seconds histogram$/m);
    assert.match(text, /^http_requests_total\{method="GET",route="\/todos\/:id",status="404"\} \d+$/m);
    assert.match(text, /^http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
    assert.doesNotMatch(text, /does-not-exist|no\/such\/path/);
  });
});

describe('todo-api with API_TOKEN set', () => {
  const app = createApp({ version: 'test', apiToken: 's3cret' });
  let server: Server;
  let base = '';

  before(async () => ({ server, base } = await start(app)));
  after(() => server.close());

  it('refuses writes without the token, with 401 and WWW-Authenticate', async () => {
    const response = await fetch(`${base}/todos`, { method: 'POST', headers: json, body: '{"title":"x"}' });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Bearer');
  });

  it('refuses a wrong token and accepts the right one', async () => {
    const post = (token: string) =>
      fetch(`${base}/todos`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: '{"title":"x"}' });
    assert.equal((await post('guess')).status, 401);
    assert.equal((await post('s3cret')).status, 201);
  });

  it('still lets anyone read', async () => {
    assert.equal((await fetch(`${base}/todos`)).status, 200);
  });
});
