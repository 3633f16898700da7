/**
 * Builds of the project with one extra page: a maintainer's mistake fails the build and names the
 * file and the field; a good chapter's links work under a base path. Each case copies the
 * project into a temporary folder inside .cache/ (so it finds node_modules by walking up, as a
 * symlink would confuse Vite), adds one broken page and runs Astro there.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve('.');
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function projectWith(page: string, frontmatter: string, body = 'Body.'): string {
  mkdirSync(join(root, '.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, '.cache', 'bad-content-'));
  copies.push(dir);
  for (const entry of ['astro.config.mjs', 'handbook.config.ts', 'package.json', 'tsconfig.json', 'src', 'public', 'labs', 'deploy']) {
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  writeFileSync(join(dir, 'src/content/docs', page), `---\n${frontmatter}\n---\n\n${body}\n`);
  return dir;
}

// Vitest mirrors import.meta.env into process.env (BASE_URL, MODE, NODE_ENV=test...); a child
// Astro must not inherit them, or it builds with the wrong base and mode.
const VITEST_ENV = /^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*|TEST)$/;
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => !VITEST_ENV.test(key)));

function astro(dir: string, command: 'sync' | 'build', env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), command], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...cleanEnv(), NO_COLOR: '1', FORCE_COLOR: '0', ...env },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const chapter = (overrides: string) =>
  [
    'title: Broken chapter',
    'track: devops',
    'order: 99',
    'minutes: 60',
    'level: beginner',
    'reviewed: 2026-11-01',
    'checkedAgainst: { Docker Engine: "29.0" }',
    overrides,
  ].join('\n');
const items = (ids: string[]) => `checklist:\n${ids.map((id) => `  - id: ${id}\n    text: Item ${id}`).join('\n')}`;

describe('bad frontmatter fails the build naming the file and the field', () => {
  it('a duplicate checklist id', () => {
    const dir = projectWith('devops/broken.mdx', chapter(items(['a', 'b', 'c', 'd', 'e', 'b'])));
    const { status, output } = astro(dir, 'sync');
    expect(status).not.toBe(0);
    expect(output).toContain('devops/broken');
    expect(output).toMatch(/checklist\.5\.id: duplicate checklist id "b"/);
  });

  it('a missing checklist id and an unknown level', () => {
    const dir = projectWith(
      'devops/broken.mdx',
      chapter(`${items(['a', 'b', 'c', 'd', 'e'])}\n  - text: No id here`).replace('level: beginner', 'level: expert'),
    );
    const { status, output } = astro(dir, 'sync');
    expect(status).not.toBe(0);
    expect(output).toContain('src/content/docs/devops/broken.mdx');
    expect(output).toMatch(/checklist\.5\.id:/);
    expect(output).toMatch(/level: Invalid option/);
  });

  it('a prerequisite that points at no page', () => {
    const dir = projectWith('devops/broken.mdx', chapter(`prerequisites: [devops/kubernetes-deep-dive]\n${items(['a', 'b', 'c', 'd', 'e', 'f'])}`));
    const { status, output } = astro(dir, 'sync');
    expect(status).not.toBe(0);
    expect(output).toMatch(/prerequisites\.0: no page has the slug "devops\/kubernetes-deep-dive"/);
  });

  it('a track that disagrees with the folder the page is in', () => {
    const dir = projectWith('devops/misfiled.mdx', chapter(items(['a', 'b', 'c', 'd', 'e', 'f'])).replace('track: devops', 'track: mlops'));
    const { status, output } = astro(dir, 'build');
    expect(status).not.toBe(0);
    expect(output).toMatch(/devops\/misfiled\.mdx: track is "mlops" but the page is not under mlops\//);
  });
});

describe('a good chapter built under a base path', () => {
  it('links its prerequisites, next chapters and Markdown links under the base path', () => {
    const dir = projectWith(
      'devops/fixture.mdx',
      chapter(`prerequisites: [devops/containers]\nnextChapters: [devops/containers]\n${items(['a', 'b', 'c', 'd', 'e', 'f'])}`),
      'Read [the probes section](/devops/containers/#probes-liveness-readiness-startup) first.',
    );
    const { status, output } = astro(dir, 'build', { BASE_PATH: '/handbook/' });
    expect(status, output).toBe(0);
    const html = readFileSync(join(dir, 'dist/devops/fixture/index.html'), 'utf8');
    const meta = html.slice(html.indexOf('class="hb-meta'), html.indexOf('</div>', html.indexOf('class="hb-meta')));
    expect(meta).toMatch(/Before this:\s*<a href="\/handbook\/devops\/containers\/">Containers and orchestration<\/a>/);
    expect(meta).toMatch(/Next:\s*<a href="\/handbook\/devops\/containers\/">Containers and orchestration<\/a>/);
    expect(html).toContain('<a href="/handbook/devops/containers/#probes-liveness-readiness-startup">the probes section</a>');
    expect(readFileSync(join(dir, 'dist/index.html'), 'utf8')).toContain('href="/handbook/devops/containers/"');
  });

  it('fails on a Markdown link to a page or anchor that does not exist', () => {
    const dir = projectWith(
      'devops/fixture.mdx',
      chapter(items(['a', 'b', 'c', 'd', 'e', 'f'])),
      'See [the missing page](/devops/nope/) and [a missing anchor](/devops/containers/#no-such-heading).',
    );
    const { status, output } = astro(dir, 'build', { BASE_PATH: '/handbook/' });
    expect(status).not.toBe(0);
    expect(output).toContain('devops/fixture');
    expect(output).toContain('/handbook/devops/nope/');
    expect(output).toContain('/handbook/devops/containers/#no-such-heading');
  });
});
