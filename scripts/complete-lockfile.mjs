#!/usr/bin/env node
// Completes package-lock.json so `npm ci` accepts it on every platform: a registry that lacked some
// platform's optional package (darwin, win32, ...) when `npm install` ran leaves that entry out, or
// writes it without its integrity hash. For every optional dependency of every locked package this
// adds the entry where npm would look for it (nesting-aware) at exactly the version its parent
// requires, with the registry's integrity hash and os/cpu/libc (so npm skips it
// elsewhere). A no-op when the lock is already complete.
//   Run after `npm install` changes the lock: node scripts/complete-lockfile.mjs
// The logic is `completeLock`, tested in tests/unit/complete-lockfile.test.ts with a fake registry.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The lock path npm resolves `name` to from the package at `from` ("" is the root): nearest node_modules up the tree. */
export function resolvePath(packages, from, name) {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return null;
    const index = dir.lastIndexOf('/node_modules/');
    dir = index < 0 ? '' : dir.slice(0, index);
  }
}

/**
 * Returns a completed copy of `lock` and what was done. `registry(name, spec)` answers the published
 * metadata ({ version, integrity, os, cpu, libc, license }) of every version that satisfies `spec`, in
 * ascending order. Throws when a required version cannot be had: a lock that installs something else
 * than its parent asks for is worse than none.
 */
export function completeLock(lock, registry) {
  const packages = { ...lock.packages };
  const changes = [];
  const fill = (path, meta) => {
    const entry = { ...packages[path] };
    // No `resolved`: this lock records no download addresses, so npm fetches from the reader's registry.
    for (const field of ['integrity', 'license', 'cpu', 'os', 'libc']) {
      if (entry[field] === undefined && meta[field] !== undefined) entry[field] = meta[field];
    }
    packages[path] = entry;
  };
  for (const [path, meta] of Object.entries(lock.packages)) {
    for (const [name, spec] of Object.entries(meta.optionalDependencies ?? {})) {
      const found = resolvePath(packages, path, name);
      const matching = registry(name, spec);
      const locked = found && matching.find((published) => published.version === packages[found].version);
      if (locked) {
        if (!packages[found].integrity) {
          fill(found, locked);
          changes.push(`${found}@${locked.version}: integrity added`);
        }
        continue;
      }
      const published = matching.at(-1);
      if (!published) throw new Error(`${name}@${spec} (required by ${path || 'the root'}): the registry has no such version`);
      if (!published.os && !published.cpu) throw new Error(`${name}@${published.version}: no os/cpu in its metadata; npm ci would try to install it everywhere`);
      // Missing, or the copy npm would find is a version the parent does not accept: the parent gets its own.
      const target = found ? `${path ? `${path}/` : ''}node_modules/${name}` : `node_modules/${name}`;
      packages[target] = { version: published.version, optional: true };
      fill(target, published);
      changes.push(`${target}@${published.version} added (${[published.os, published.cpu, published.libc].flat().filter(Boolean).join(' ')})`);
    }
  }
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  return { lock: { ...lock, packages: sorted }, changes };
}

/** The registry's answer through the npm CLI (it uses the project's registry settings). */
function npmRegistry(name, spec) {
  try {
    const out = execFileSync('npm', ['view', `${name}@${spec}`, 'version', 'dist.integrity', 'os', 'cpu', 'libc', 'license', '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (!out) return [];
    const value = JSON.parse(out);
    // One matching version gives an object, several an array in ascending order.
    return (Array.isArray(value) ? value : [value]).map((meta) => ({ version: meta.version, integrity: meta['dist.integrity'], os: meta.os, cpu: meta.cpu, libc: meta.libc, license: meta.license }));
  } catch {
    return [];
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { lock, changes } = completeLock(JSON.parse(readFileSync('package-lock.json', 'utf8')), npmRegistry);
  writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
  for (const change of changes) console.log(change);
  console.log(changes.length ? `${changes.length} entries completed` : 'the lock was complete');
}
