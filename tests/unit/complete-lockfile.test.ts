import { describe, expect, it } from 'vitest';
import { completeLock, resolvePath } from '../../scripts/complete-lockfile.mjs';

const published: Record<string, { version: string; integrity: string; os?: string[]; cpu?: string[] }[]> = {
  '@tool/darwin-arm64': [
    { version: '1.5.0', integrity: 'sha512-old', os: ['darwin'], cpu: ['arm64'] },
    { version: '1.6.0', integrity: 'sha512-new', os: ['darwin'], cpu: ['arm64'] },
    { version: '1.7.0', integrity: 'sha512-latest', os: ['darwin'], cpu: ['arm64'] },
  ],
  '@tool/linux-x64': [{ version: '1.6.0', integrity: 'sha512-linux', os: ['linux'], cpu: ['x64'] }],
  'no-platform': [{ version: '1.0.0', integrity: 'sha512-x' }],
};
/** A fake registry: exact versions and ~ ranges, every match in ascending order. */
const registry = (name: string, spec: string) => {
  const versions = published[name] ?? [];
  const match = spec.startsWith('~') ? versions.filter((entry) => entry.version.startsWith(spec.slice(1).split('.').slice(0, 2).join('.'))) : versions.filter((entry) => entry.version === spec);
  return match;
};

describe('completing the lockfile', () => {
  it('finds a package where npm would: the nearest node_modules up the tree', () => {
    const packages = { '': {}, 'node_modules/a': {}, 'node_modules/b': {}, 'node_modules/b/node_modules/a': {} };
    expect(resolvePath(packages, 'node_modules/b', 'a')).toBe('node_modules/b/node_modules/a');
    expect(resolvePath(packages, 'node_modules/c', 'a')).toBe('node_modules/a');
    expect(resolvePath(packages, '', 'z')).toBeNull();
  });

  it('adds a missing platform package at the version its parent requires, not the latest, with its hash', () => {
    const lock = { packages: { '': {}, 'node_modules/tool': { version: '1.6.0', optionalDependencies: { '@tool/darwin-arm64': '1.6.0', '@tool/linux-x64': '1.6.0' } }, 'node_modules/@tool/linux-x64': { version: '1.6.0', integrity: 'sha512-linux', os: ['linux'], cpu: ['x64'], optional: true } } };
    const { lock: done, changes } = completeLock(lock, registry);
    expect(done.packages['node_modules/@tool/darwin-arm64']).toEqual({ version: '1.6.0', optional: true, integrity: 'sha512-new', os: ['darwin'], cpu: ['arm64'] });
    expect(changes).toHaveLength(1);
    expect(completeLock(done, registry).changes).toEqual([]);
  });

  it('nests a second version beside the parent that needs it, and adds a missing hash to an entry', () => {
    const lock = {
      packages: {
        '': {},
        'node_modules/tool': { version: '1.6.0', optionalDependencies: { '@tool/darwin-arm64': '1.6.0' } },
        'node_modules/@tool/darwin-arm64': { version: '1.6.0', os: ['darwin'], cpu: ['arm64'], optional: true },
        'node_modules/old-tool': { version: '1.5.0', optionalDependencies: { '@tool/darwin-arm64': '~1.5.0' } },
      },
    };
    const { lock: done } = completeLock(lock, registry);
    expect(done.packages['node_modules/@tool/darwin-arm64'].integrity).toBe('sha512-new');
    expect(done.packages['node_modules/old-tool/node_modules/@tool/darwin-arm64']).toMatchObject({ version: '1.5.0', integrity: 'sha512-old' });
  });

  it('keeps a locked version that satisfies the range, even when a newer one exists', () => {
    const lock = { packages: { '': {}, 'node_modules/app': { optionalDependencies: { '@tool/darwin-arm64': '~1.6.0' } }, 'node_modules/@tool/darwin-arm64': { version: '1.6.0', integrity: 'sha512-new', optional: true } } };
    published['@tool/darwin-arm64']!.push({ version: '1.6.1', integrity: 'sha512-patch', os: ['darwin'], cpu: ['arm64'] });
    try {
      expect(completeLock(lock, registry)).toEqual({ lock, changes: [] });
    } finally {
      published['@tool/darwin-arm64']!.pop();
    }
  });

  it('refuses what it cannot lock soundly: a version the registry lacks, a package with no platform', () => {
    expect(() => completeLock({ packages: { '': { optionalDependencies: { '@tool/darwin-arm64': '9.9.9' } } } }, registry)).toThrow(/no such version/);
    expect(() => completeLock({ packages: { '': { optionalDependencies: { 'no-platform': '1.0.0' } } } }, registry)).toThrow(/no os\/cpu/);
  });
});
