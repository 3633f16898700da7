// Loads the project's TypeScript modules from a plain Node script: Node strips types but does not
// resolve the extensionless imports the Astro code uses, so esbuild (already a dependency) bundles
// the module first. Used by scripts that run outside Astro (render-nginx.mjs).
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export async function loadTs(entry) {
  const dir = resolve('.cache', 'load-ts');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.mjs`);
  await build({ entryPoints: [resolve(entry)], bundle: true, platform: 'node', format: 'esm', outfile, packages: 'external', logLevel: 'error' });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}
