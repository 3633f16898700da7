// The HTTP application: routing, handlers, probes, metrics and request logs. No listening socket
// and no signal handling here; server.ts does that, so this part can be started by a test as well.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { log } from './log.ts';
import { CONTENT_TYPE, Counter, Gauge, Histogram, Registry } from './metrics.ts';
import { TodoStore, checkNewTodo } from './todos.ts';

/** starting: not listening yet. ready: serving. stopping: SIGTERM received, draining. */
export type Phase = 'starting' | 'ready' | 'stopping';

export interface AppOptions {
  version: string;
  /** When set, POST and DELETE need the header "Authorization: Bearer <token>". */
  apiToken?: string | undefined;
  store?: TodoStore;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Context {
  req: IncomingMessage;
  params: Record<string, string>;
}

type Handler = (ctx: Context) => Reply | Promise<Reply>;

interface Route {
  /** The template, e.g. /todos/:id. It is the `route` label of the metrics: bounded, unlike raw paths. */
  template: string;
  pattern: RegExp;
  paramNames: string[];
  methods: Map<string, Handler>;
}

const BODY_LIMIT_BYTES = 16 * 1024;
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function compileRoute(template: string): Pick<Route, 'pattern' | 'paramNames'> {
  const paramNames: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      paramNames.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), paramNames };
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'send the body as JSON with the header "Content-Type: application/json"');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT_BYTES) throw new HttpError(413, `the request body is larger than ${BODY_LIMIT_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'the request body is empty: send {"title": "..."}');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON');
  }
}

function sameSecret(given: string, expected: string): boolean {
  // Compare digests of equal length in constant time, so response timing does not leak the token.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function createApp(options: AppOptions) {
  const store = options.store ?? new TodoStore();
  let phase: Phase = 'starting';

  const registry = new Registry();
  const requests = registry.register(
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests served, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
    }),
  );
  const duration = registry.register(
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to serve an HTTP request, by method and route template, in seconds.',
      labelNames: ['method', 'route'],
    }),
  );
  registry.register(
    new Gauge({ name: 'todos_count', help: 'To-do items held in this process.', collect: () => store.size }),
  );

  function requireToken(req: IncomingMessage): void {
    if (!options.apiToken) return;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match || !sameSecret(match[1] ?? '', options.apiToken)) {
      throw new HttpError(401, 'this endpoint needs the header "Authorization: Bearer <API_TOKEN>"');
    }
  }

  const routes: Route[] = [];
  function route(method: string, template: string, handler: Handler): void {
    let entry = routes.find((r) => r.template === template);
    if (!entry) {
      entry = { template, ...compileRoute(template), methods: new Map() };
      routes.push(entry);
    }
    entry.methods.set(method, handler);
  }

  // Which build answered, and which instance: in Kubernetes the hostname is the pod's name.
  route('GET', '/', () => ({ status: 200, body: { name: 'todo-api', version: options.version, host: hostname() } }));
  // Liveness: "is this process able to answer at all?" It checks nothing else on purpose.
  route('GET', '/healthz', () => ({ status: 200, body: { status: 'ok' } }));
  // Readiness: "should traffic be sent here right now?" No while starting or draining.
  route('GET', '/readyz', () =>
    phase === 'ready' ? { status: 200, body: { status: 'ready' } } : { status: 503, body: { status: phase } },
  );
  route('GET', '/metrics', () => ({
    status: 200,
    body: registry.render(),
    headers: { 'content-type': CONTENT_TYPE },
  }));
  route('GET', '/todos', () => ({ status: 200, body: store.list() }));
  route('POST', '/todos', async ({ req }) => {
    requireToken(req);
    const check = checkNewTodo(await readJsonBody(req));
    if (!check.ok) return { status: 400, body: { error: check.error } };
    if (store.isFull) return { status: 507, body: { error: `the store is full (${store.capacity} items)` } };
    const todo = store.add(check.title);
    return { status: 201, body: todo, headers: { location: `/todos/${todo.id}` } };
  });
  route('GET', '/todos/:id', ({ params }) => {
    const todo = store.get(params['id'] ?? '');
    return todo ? { status: 200, body: todo } : { status: 404, body: { error: 'no to-do with this id' } };
  });
  route('DELETE', '/todos/:id', ({ req, params }) => {
    requireToken(req);
    return store.delete(params['id'] ?? '')
      ? { status: 204 }
      : { status: 404, body: { error: 'no to-do with this id' } };
  });

  async function dispatch(req: IncomingMessage, method: string, path: string): Promise<{ reply: Reply; route: string }> {
    for (const candidate of routes) {
      const match = candidate.pattern.exec(path);
      if (!match) continue;
      const routeLabel = candidate.template;
      // HEAD is answered like GET; Node leaves the body out of HEAD responses by itself.
      const handler = candidate.methods.get(method) ?? (method === 'HEAD' ? candidate.methods.get('GET') : undefined);
      if (!handler) {
        const allow = [...candidate.methods.keys()].join(', ');
        return { route: routeLabel, reply: { status: 405, body: { error: `use one of: ${allow}` }, headers: { allow } } };
      }
      try {
        const params: Record<string, string> = {};
        candidate.paramNames.forEach((name, index) => {
          try {
            params[name] = decodeURIComponent(match[index + 1] ?? '');
          } catch {
            throw new HttpError(400, `the path segment for "${name}" is not valid URL encoding`);
          }
        });
        return { route: routeLabel, reply: await handler({ req, params }) };
      } catch (error) {
        if (error instanceof HttpError) {
          const headers: Record<string, string> = error.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
          return { route: routeLabel, reply: { status: error.status, body: { error: error.message }, headers } };
        }
        log('error', 'unhandled error', { method, path, error: error instanceof Error ? error.stack : String(error) });
        return { route: routeLabel, reply: { status: 500, body: { error: 'internal server error' } } };
      }
    }
    // One label value for every unknown path: scanners probing random URLs must not create new series.
    return { route: 'unmatched', reply: { status: 404, body: { error: 'not found' } } };
  }

  function send(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
    let payload: string | undefined;
    if (reply.body !== undefined) {
      if (typeof reply.body === 'string') {
        payload = reply.body;
      } else {
        payload = JSON.stringify(reply.body) + '\n';
        headers['content-type'] ??= 'application/json; charset=utf-8';
      }
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const method = KNOWN_METHODS.has(req.method ?? '') ? (req.method as string) : 'OTHER';
    let path = '/';
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      // A request target that is not a valid URL falls through to 404.
    }
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);

    let routeLabel = 'unmatched';
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = String(res.statusCode);
      requests.inc({ method, route: routeLabel, status });
      duration.observe({ method, route: routeLabel }, seconds);
      log('info', 'request', {
        method,
        path,
        route: routeLabel,
        status: res.statusCode,
        durationMs: Math.round(seconds * 1e6) / 1e3,
      });
    });

    const { reply, route: template } = await dispatch(req, method, path);
    routeLabel = template;
    send(res, reply);
  }

  return {
    handle,
    store,
    get phase(): Phase {
      return phase;
    },
    setPhase(next: Phase): void {
      phase = next;
    },
  };
}

export type App = ReturnType<typeof createApp>;
