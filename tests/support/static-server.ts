/**
 * A static server for a build under its base path that a test can cut off, as a train tunnel would:
 * while `online` is false every connection is dropped without an answer. The offline tests use it,
 * since the shared preview server must stay up for the other tests.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { freePort } from './net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
};

export async function serveBuild(dir: string, base: string) {
  const state = { online: true, requests: 0 };
  const server = createServer((request, response) => {
    if (!state.online) {
      request.socket.destroy();
      return;
    }
    state.requests++;
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(base)) return void response.writeHead(404).end();
    let file = normalize(join(dir, path.slice(base.length)));
    if (!file.startsWith(dir)) return void response.writeHead(404).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    const found = existsSync(file) && statSync(file).isFile();
    response.writeHead(found ? 200 : 404, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(found ? file : join(dir, '404.html')).pipe(response);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: (path = '') => `http://127.0.0.1:${port}${base}${path.replace(/^\//, '')}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
