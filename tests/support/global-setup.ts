/**
 * Shared by the build and browser tests: checks the production build exists, finds Chromium and
 * serves the build with `astro preview` on a free loopback port, under its base path.
 */
import { existsSync } from 'node:fs';
import { preview } from 'astro';
import type { TestProject } from 'vitest/node';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './chromium';
import { freePort } from './net';
import teamSettings from '../../handbook.config';
import { resolveSettings } from '../../src/lib/settings';
import { normaliseBase } from '../../src/lib/urls';

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    chromiumPath: string;
    browserEndpoint: string;
  }
}


/**
 * The project's env names the build to serve: HANDBOOK_DIST (default "dist") and BASE_PATH (default:
 * what the team settings and the environment give the build, as `npm run build` sees them).
 */
export default async function setup(project: TestProject) {
  const env = project.config.env ?? {};
  const outDir = String(env.HANDBOOK_DIST ?? 'dist');
  const configured = env.BASE_PATH ?? resolveSettings(teamSettings, process.env).basePath;
  const base = normaliseBase(String(configured));
  if (!existsSync(`${outDir}/index.html`)) {
    throw new Error(`No production build in ${outDir}/: run \`npm run build\` first (\`npm test\` builds what the tests need).`);
  }
  const executablePath = findChromium();
  project.provide('chromiumPath', executablePath);
  // One browser for the whole project: test files connect to it instead of starting their own.
  const browser = await chromium.launchServer({ executablePath, args: CHROMIUM_ARGS });
  project.provide('browserEndpoint', browser.wsEndpoint());
  const port = await freePort();
  const server = await preview({ root: process.cwd(), base, outDir, logLevel: 'warn', server: { host: '127.0.0.1', port } });
  project.provide('siteUrl', `http://127.0.0.1:${port}${base}`);
  return async () => {
    await server.stop();
    await browser.close();
  };
}
