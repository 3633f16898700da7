#!/usr/bin/env node
// Renders deploy/nginx.conf and deploy/security-headers.inc for a build:
//   node scripts/render-nginx.mjs <dist dir> <base path> <output dir>
// e.g. node scripts/render-nginx.mjs dist /handbook/ build/nginx  (the Dockerfile does this)
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentSecurityPolicy, scriptHashes } from '../src/lib/csp.ts';
import { renderNginxConfig } from '../src/lib/nginx-config.ts';

const [dist, basePath, outDir] = process.argv.slice(2);
if (!dist || !basePath || !outDir) {
  console.error('usage: node scripts/render-nginx.mjs <dist dir> <base path> <output dir>');
  process.exit(2);
}
const htmlFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? htmlFiles(path) : entry.name.endsWith('.html') ? [path] : [];
  });
const pages = htmlFiles(dist);
if (!pages.length) throw new Error(`${dist} holds no HTML: build the site first`);
const hashes = scriptHashes(pages.map((file) => readFileSync(file, 'utf8')));
const settings = { basePath, csp: contentSecurityPolicy(hashes) };
const here = new URL('../deploy/', import.meta.url);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'default.conf'), renderNginxConfig(readFileSync(new URL('nginx.conf', here), 'utf8'), settings));
writeFileSync(join(outDir, 'security-headers.inc'), renderNginxConfig(readFileSync(new URL('security-headers.inc', here), 'utf8'), settings));
console.log(`${outDir}: nginx config for base ${basePath}, ${pages.length} pages, ${hashes.length} inline script hashes`);
