/**
 * Shared by the build, lab and browser tests: checks the production build exists, finds Chromium
 * and serves the build with `astro preview` on a free loopback port.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { preview } from 'astro';
import type { TestProject } from 'vitest/node';
import { findChromium } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    chromiumPath: string;
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export default async function setup(project: TestProject) {
  if (!existsSync('dist/index.html')) {
    throw new Error('No production build in dist/: run `npm run build` first (`npm test` does it for you).');
  }
  project.provide('chromiumPath', findChromium());
  const port = await freePort();
  const server = await preview({ root: process.cwd(), logLevel: 'warn', server: { host: '127.0.0.1', port } });
  const base = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');
  project.provide('siteUrl', `http://127.0.0.1:${port}${base.startsWith('/') ? base : `/${base}`}`);
  return () => server.stop();
}
