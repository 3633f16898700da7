#!/usr/bin/env node
// Adds package-lock.json entries for optional platform packages (darwin, win32, ...) that `npm install`
// left out because the registry it used had no such version. Without them `npm ci` refuses the lock
// ("Missing: … from lock file"). Each entry carries the package's os/cpu/libc, so npm skips it on other
// platforms and fetches it by version on its own. A no-op when the lock is already complete.
// Run after `npm install` changes the lock: node scripts/complete-lockfile.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
const present = new Set(Object.keys(packages).map((path) => path.replace(/^.*node_modules\//, '')));

const view = (name, field) => {
  try {
    const out = execFileSync('npm', ['view', name, field, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (!out) return undefined;
    const value = JSON.parse(out);
    return Array.isArray(value) ? value : [value];
  } catch {
    return undefined;
  }
};

let added = 0;
for (const meta of Object.values(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    if (present.has(name)) continue;
    const entry = { version };
    for (const field of ['cpu', 'os', 'libc']) {
      const value = view(name, field);
      if (value) entry[field] = value;
    }
    if (!entry.cpu && !entry.os) throw new Error(`${name}: no os/cpu known; npm ci would try to install it everywhere`);
    entry.optional = true;
    packages[`node_modules/${name}`] = entry;
    present.add(name);
    added++;
    console.log(`added ${name}@${version} (${[entry.os, entry.cpu, entry.libc].filter(Boolean).join(' ')})`);
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(added ? `${added} entries added` : 'the lock was complete');
