#!/usr/bin/env node
// Builds the handbook as a team would run it: the example overlay (examples/team-overlay) applied to a
// copy of the project, under BASE_PATH=/handbook/, into dist-base/. The second browser-test run and the
// nginx tests use this build.  Usage: node scripts/build-example.mjs
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve('.');
const site = join(root, '.cache', 'example-site');
rmSync(site, { recursive: true, force: true });
mkdirSync(site, { recursive: true });
// A copy inside the project, so it finds node_modules by walking up.
// scripts/ too, so the server config can be rendered with the team's settings (tests/deploy/nginx.test.ts).
for (const entry of ['astro.config.mjs', 'handbook.config.ts', 'package.json', 'tsconfig.json', 'src', 'public', 'labs', 'deploy', 'scripts']) {
  cpSync(join(root, entry), join(site, entry), { recursive: true });
}
const overlay = join(root, 'examples', 'team-overlay');
cpSync(join(overlay, 'handbook.config.ts'), join(site, 'handbook.config.ts'));
cpSync(join(overlay, 'docs', 'team'), join(site, 'src', 'content', 'docs', 'team'), { recursive: true });

const result = spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', join(root, 'dist-base')], {
  cwd: site,
  stdio: 'inherit',
  env: { ...process.env, BASE_PATH: '/handbook/' },
});
process.exit(result.status ?? 1);
