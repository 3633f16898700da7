import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSidebar } from '../../src/lib/sidebar';
import { checkLabPath, labLanguage, readLabFile } from '../../src/lib/lab-files';
import { doneText, formatMinutes, percent } from '../../src/lib/display';

const trees: string[] = [];
afterAll(() => trees.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function docsTree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'handbook-docs-'));
  trees.push(dir);
  for (const file of files) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), '---\ntitle: x\n---\n');
  }
  return dir;
}

describe('sidebar', () => {
  it('has a group for each track with pages, in track order, and the progress link', () => {
    const dir = docsTree(['mlops/a.mdx', 'devops/b.mdx', 'index.mdx']);
    expect(buildSidebar(dir)).toEqual([
      { label: 'DevOps track', items: [{ autogenerate: { directory: 'devops' } }] },
      { label: 'MLOps track', items: [{ autogenerate: { directory: 'mlops' } }] },
      { label: 'Your progress', link: '/progress/' },
    ]);
  });

  it('links the team progress page only when the team view is on', () => {
    const dir = docsTree(['devops/b.mdx']);
    expect(buildSidebar(dir, { teamView: true }).at(-1)).toEqual({ label: 'Team progress', link: '/team-progress/' });
    expect(buildSidebar(dir, { teamView: false }).some((entry) => entry.label === 'Team progress')).toBe(false);
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

describe('display', () => {
  it('formats times and counts', () => {
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(90)).toBe('1 h 30 min');
    expect(formatMinutes(240)).toBe('4 h');
    expect(doneText(3, 8)).toBe('3 of 8 done');
    expect(percent(0, 0)).toBe(0);
    expect(percent(1, 3)).toBe(33);
  });
});
