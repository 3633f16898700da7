/**
 * A stand-in for oauth2-proxy in nginx auth_request mode (--reverse-proxy --set-xauthrequest): its
 * /oauth2/auth answers 202 with X-Auth-Request-User and X-Auth-Request-Groups for a request whose
 * session cookie it knows, and 401 otherwise, as the real one does. Sessions are set by the test.
 */
import { createServer } from 'node:http';
import { freePort } from './net';

export const SESSION_COOKIE = '_oauth2_proxy';

export interface Identity {
  user: string;
  groups?: string[];
}

export async function startSignInProxy(sessions: Record<string, Identity>) {
  const seen: { path: string; headers: Record<string, string | string[] | undefined> }[] = [];
  const server = createServer((request, response) => {
    seen.push({ path: request.url ?? '', headers: request.headers });
    if (!request.url?.startsWith('/oauth2/auth')) return void response.writeHead(404).end();
    const token = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(request.headers.cookie ?? '')?.[1];
    const identity = token ? sessions[token] : undefined;
    if (!identity) return void response.writeHead(401).end();
    response.writeHead(202, { 'X-Auth-Request-User': identity.user, 'X-Auth-Request-Groups': (identity.groups ?? []).join(',') }).end();
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    address: `http://127.0.0.1:${port}`,
    /** Every request nginx made to it. */
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
