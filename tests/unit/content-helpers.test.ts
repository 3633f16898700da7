import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listDocSlugs, slugFromPath } from '../../src/lib/content-files';
import { buildSidebar } from '../../src/lib/sidebar';
import { checkLabPath, labLanguage, readLabFile } from '../../src/lib/lab-files';
import { doneText, formatMinutes, pageHref, percent } from '../../src/lib/format';
import { inlineCode } from '../../src/lib/inline-code';
import { withBase } from '../../src/lib/base-path';

function docsTree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'handbook-docs-'));
  for (const file of files) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), '---\ntitle: x\n---\n');
  }
  return dir;
}

describe('slugs from files', () => {
  it('follows Starlight: lower case, no extension, index is its folder', () => {
    expect(slugFromPath('devops/Containers.mdx')).toBe('devops/containers');
    expect(slugFromPath('index.mdx')).toBe('');
    expect(slugFromPath('reference/index.md')).toBe('reference');
  });

  it('lists pages and skips files Starlight skips', () => {
    const dir = docsTree(['index.mdx', 'devops/containers.mdx', 'devops/_draft.mdx', 'devops/notes.txt', '_partials/x.mdx']);
    expect([...listDocSlugs(dir)].sort()).toEqual(['', 'devops/containers']);
  });
});

describe('sidebar', () => {
  it('has a group for each track with pages, in track order, and the progress link', () => {
    const dir = docsTree(['mlops/a.mdx', 'devops/b.mdx', 'index.mdx']);
    expect(buildSidebar(dir)).toEqual([
      { label: 'DevOps track', items: [{ autogenerate: { directory: 'devops' } }] },
      { label: 'MLOps track', items: [{ autogenerate: { directory: 'mlops' } }] },
      { label: 'Your progress', link: '/progress/' },
    ]);
  });
});

describe('lab files', () => {
  it('guesses the language from the name', () => {
    expect(labLanguage('labs/service/Dockerfile')).toBe('dockerfile');
    expect(labLanguage('labs/containers/k8s/deployment.yaml')).toBe('yaml');
    expect(labLanguage('labs/iac/main.tf')).toBe('hcl');
    expect(labLanguage('labs/x/unknown.ext')).toBe('txt');
  });

  it('refuses paths outside labs/ and deploy/', () => {
    expect(() => checkLabPath('../secrets.txt')).toThrow(/under labs\/ or deploy\//);
    expect(() => checkLabPath('labs/../package.json')).toThrow(/under labs\//);
    expect(() => checkLabPath('/etc/passwd')).toThrow(/under labs\//);
    expect(() => checkLabPath('src/lib/progress.ts')).toThrow(/under labs\//);
    expect(checkLabPath('labs/./service/Dockerfile')).toBe('labs/service/Dockerfile');
    expect(checkLabPath('deploy/nginx.conf')).toBe('deploy/nginx.conf');
  });

  it('names a missing file', () => {
    expect(() => readLabFile(process.cwd(), 'labs/nope.yaml')).toThrow(/"labs\/nope.yaml" does not exist/);
  });
});

describe('format', () => {
  it('formats times, counts and links', () => {
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(90)).toBe('1 h 30 min');
    expect(formatMinutes(240)).toBe('4 h');
    expect(doneText(3, 8)).toBe('3 of 8 done');
    expect(percent(0, 0)).toBe(0);
    expect(percent(1, 3)).toBe(33);
    expect(pageHref('/', 'devops/containers')).toBe('/devops/containers/');
    expect(pageHref('/handbook', 'progress')).toBe('/handbook/progress/');
  });
});

describe('inline code in checklist text', () => {
  it('splits backtick spans into code segments and leaves a lone backtick as text', () => {
    expect(inlineCode('Run `docker stop todo` and check `$?`.')).toEqual([
      { code: false, text: 'Run ' },
      { code: true, text: 'docker stop todo' },
      { code: false, text: ' and check ' },
      { code: true, text: '$?' },
      { code: false, text: '.' },
    ]);
    expect(inlineCode('a ` b')).toEqual([{ code: false, text: 'a ` b' }]);
  });
});

describe('base path for links', () => {
  it('prefixes root-relative links and leaves everything else alone', () => {
    expect(withBase('/handbook/', '/devops/containers/')).toBe('/handbook/devops/containers/');
    expect(withBase('/handbook', '/devops/containers/#probes')).toBe('/handbook/devops/containers/#probes');
    expect(withBase('/handbook/', '/handbook/progress/')).toBe('/handbook/progress/');
    expect(withBase('/', '/devops/containers/')).toBe('/devops/containers/');
    for (const href of ['#probes', 'https://kubernetes.io/', '//cdn.example.org/x.js', 'mailto:a@b.c', '../x/']) {
      expect(withBase('/handbook/', href)).toBe(href);
    }
  });
});
