#!/usr/bin/env node
// Renders deploy/nginx.conf and deploy/security-headers.inc for a build:
//   node scripts/render-nginx.mjs <dist dir> <base path> <output dir>
// e.g. node scripts/render-nginx.mjs dist /handbook/ build/nginx  (the Dockerfile does this)
// HSTS, progress sync and the other server settings come from handbook.config.ts (with its environment overrides).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTs } from './load-ts.mjs';

const [dist, basePath, outDir] = process.argv.slice(2);
if (!dist || !basePath || !outDir) {
  console.error('usage: node scripts/render-nginx.mjs <dist dir> <base path> <output dir>');
  process.exit(2);
}
const { settings, contentSecurityPolicy, scriptHashes, renderNginxConfig } = await loadTs('scripts/nginx-entry.ts');
const htmlFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? htmlFiles(path) : entry.name.endsWith('.html') ? [path] : [];
  });
const pages = htmlFiles(dist);
if (!pages.length) throw new Error(`${dist} holds no HTML: build the site first`);
const hashes = scriptHashes(pages.map((file) => readFileSync(file, 'utf8')));
const options = { basePath, csp: contentSecurityPolicy(hashes), hsts: settings.hsts, sync: settings.sync };
const here = new URL('../deploy/', import.meta.url);
mkdirSync(outDir, { recursive: true });
for (const name of ['nginx.conf', 'security-headers.inc']) {
  writeFileSync(join(outDir, name === 'nginx.conf' ? 'default.conf' : name), renderNginxConfig(readFileSync(new URL(name, here), 'utf8'), options));
}
console.log(`${outDir}: nginx config for base ${basePath}, ${pages.length} pages, ${hashes.length} inline script hashes, HSTS ${settings.hsts ? 'on' : 'off'}, sync ${settings.sync ? 'on' : 'off'}`);
