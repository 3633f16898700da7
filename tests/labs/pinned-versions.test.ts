/**
 * One version per GitHub Action and per released tool across the handbook. Every `uses:` in a lab's
 * workflow is pinned to a full commit SHA; an action used in several labs or chapters is pinned to the
 * same commit everywhere; and a tool installed from its GitHub releases (Argo CD, Argo Rollouts, kind,
 * Envoy Gateway...) is the same release in every lab and chapter that installs it. Two labs that disagree
 * make a reader run two versions of one tool; this file names the files when they do.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    if (['node_modules', 'dist', '__pycache__', '.terraform'].includes(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });

const labFiles = walk('labs').filter((file) => /\.(ya?ml|md|sh|mdx)$/.test(file));
const chapterFiles = walk('src/content/docs').filter((file) => file.endsWith('.mdx'));
const workflows = labFiles.filter((file) => /\.ya?ml$/.test(file) && /^\s*(jobs|on):/m.test(readFileSync(file, 'utf8')));

interface Use {
  action: string;
  ref: string;
  where: string;
}

const USES = /uses:\s*["']?([A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+)@([A-Za-z0-9._-]+)/g;
function uses(file: string): Use[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => [...line.matchAll(USES)].map((match) => ({ action: match[1]!, ref: match[2]!, where: `${file}:${index + 1}` })));
}

const SHA = /^[0-9a-f]{40}$/;
// Releases downloaded by URL: github.com/OWNER/REPO/releases/download/TAG/… and raw files at a tag.
const RELEASE = /github\.com\/([\w.-]+\/[\w.-]+)\/releases\/download\/(v?\d[\w.-]*)\/|raw\.githubusercontent\.com\/([\w.-]+\/[\w.-]+)\/(v\d[\w.-]*)\//g;

function releases(file: string) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => [...line.matchAll(RELEASE)].map((match) => ({ tool: (match[1] ?? match[3])!, version: (match[2] ?? match[4])!, where: `${file}:${index + 1}` })));
}

/** Groups entries by key and lists the keys that have more than one value, with where each is. */
function conflicts<T>(entries: T[], key: (entry: T) => string, value: (entry: T) => string, where: (entry: T) => string): string[] {
  const byKey = new Map<string, Map<string, string[]>>();
  for (const entry of entries) {
    const values = byKey.get(key(entry)) ?? new Map<string, string[]>();
    values.set(value(entry), [...(values.get(value(entry)) ?? []), where(entry)]);
    byKey.set(key(entry), values);
  }
  return [...byKey]
    .filter(([, values]) => values.size > 1)
    .map(([name, values]) => `${name}: ${[...values].map(([version, places]) => `${version} in ${places.join(', ')}`).join(' / ')}`);
}

describe('pinned actions and tool releases', () => {
  it('finds the labs’ workflows', () => {
    expect(workflows.length).toBeGreaterThanOrEqual(5);
  });

  it('pins every action a lab workflow uses to a full commit SHA', () => {
    const loose = workflows.flatMap(uses).filter((use) => !SHA.test(use.ref) && !use.action.startsWith('./'));
    expect(loose.map((use) => `${use.where}: ${use.action}@${use.ref}`)).toEqual([]);
  });

  it('pins each action to the same commit in every lab and chapter', () => {
    // Chapters also show unpinned actions on purpose, as the mistake to avoid: only SHAs are compared.
    const pinned = [...labFiles, ...chapterFiles].flatMap(uses).filter((use) => SHA.test(use.ref));
    expect(conflicts(pinned, (use) => use.action, (use) => use.ref, (use) => use.where)).toEqual([]);
  });

  it('installs each released tool at one version everywhere', () => {
    const found = [...labFiles, ...chapterFiles].flatMap(releases);
    expect(found.length).toBeGreaterThan(3);
    expect(conflicts(found, (entry) => entry.tool, (entry) => entry.version, (entry) => entry.where)).toEqual([]);
  });

  it('reports a disagreement with both versions and places', () => {
    const sample = [
      { action: 'actions/checkout', ref: 'a'.repeat(40), where: 'x.yml:1' },
      { action: 'actions/checkout', ref: 'b'.repeat(40), where: 'y.yml:9' },
    ];
    expect(conflicts(sample, (use) => use.action, (use) => use.ref, (use) => use.where)).toEqual([`actions/checkout: ${'a'.repeat(40)} in x.yml:1 / ${'b'.repeat(40)} in y.yml:9`]);
  });
});
