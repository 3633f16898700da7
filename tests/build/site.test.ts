/** The production build in dist/: every page, the search index, checklists on every chapter. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { listPageFiles } from '../../src/lib/content-files';

const DOCS = resolve('src/content/docs');
/** Starlight's rule, written out here to check the build against it: a `slug` field wins, else the path. */
const slugOf = (file: string, frontmatter: { slug?: string }) =>
  frontmatter.slug ?? file.slice(DOCS.length + 1).toLowerCase().replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
const pages = listPageFiles(DOCS).map((file) => {
  const frontmatter = parse(readFileSync(file, 'utf8').split(/^---$/m)[1] ?? '') ?? {};
  return { file, slug: slugOf(file, frontmatter), frontmatter };
});
const htmlOf = (slug: string) => readFileSync(join('dist', slug, 'index.html'), 'utf8');

describe('production build', () => {
  it('produces a page for every content file', () => {
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const { slug } of pages) expect(existsSync(join('dist', slug, 'index.html')), `dist/${slug}/index.html`).toBe(true);
    expect(existsSync('dist/404.html')).toBe(true);
  });

  it('builds a Pagefind index holding the searchable pages and not the excluded ones', () => {
    expect(existsSync('dist/pagefind/pagefind.js')).toBe(true);
    const entry = JSON.parse(readFileSync('dist/pagefind/pagefind-entry.json', 'utf8'));
    const indexed = Object.values(entry.languages as Record<string, { page_count: number }>).reduce((sum, language) => sum + language.page_count, 0);
    const searchable = pages.filter(({ frontmatter }) => frontmatter.pagefind !== false);
    expect(indexed).toBe(searchable.length);
    expect(htmlOf('progress')).not.toContain('data-pagefind-body');
    expect(htmlOf('devops/containers')).toContain('data-pagefind-body');
  });

  it('gives every DevOps and MLOps chapter a knowledge check of 4 to 8 questions', () => {
    const chapters = pages.filter(({ frontmatter }) => frontmatter.track === 'devops' || frontmatter.track === 'mlops');
    expect(chapters.length).toBeGreaterThanOrEqual(20);
    const without = chapters.filter(({ frontmatter }) => !(frontmatter.knowledgeCheck?.length >= 4 && frontmatter.knowledgeCheck.length <= 8));
    expect(without.map(({ slug }) => slug)).toEqual([]);
  });

  it('builds no team progress page, and links none, when the settings leave the team view off', () => {
    expect(existsSync('dist/team-progress/index.html')).toBe(false);
    expect(htmlOf('devops/containers')).not.toContain('team-progress/');
  });

  it('ships nothing of progress sync when the settings leave it off', () => {
    const files = readdirSync('dist', { recursive: true }).map(String).filter((file) => /\.(html|js)$/.test(file));
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((file) => /handbook-progress-sync|_sync\/me\//.test(readFileSync(join('dist', file), 'utf8')))).toEqual([]);
  });

  it('renders the knowledge check on every chapter that has one, before its checklist', () => {
    const chapters = pages.filter(({ frontmatter }) => frontmatter.knowledgeCheck?.length);
    expect(chapters.length).toBeGreaterThan(0);
    for (const { slug, frontmatter } of chapters) {
      const html = htmlOf(slug);
      expect(html.indexOf('<handbook-knowledge-check'), slug).toBeGreaterThan(0);
      expect(html.indexOf('<handbook-knowledge-check'), slug).toBeLessThan(html.indexOf('<handbook-checklist'));
      for (const question of frontmatter.knowledgeCheck) expect(html, `${slug}: ${question.id}`).toContain(`data-question="${question.id}"`);
    }
  });

  it('says under the review date of each chapter whose lab has manual steps when they last ran, and nowhere else', () => {
    const manual = new Set(Object.values(parse(readFileSync('labs/manual-steps.yaml', 'utf8')).labs as Record<string, { chapter: string }>).map((lab) => lab.chapter));
    const chapters = pages.filter(({ frontmatter }) => ['devops', 'mlops'].includes(frontmatter.track));
    expect(chapters.filter(({ slug }) => manual.has(slug)).length).toBeGreaterThanOrEqual(15);
    for (const { slug } of chapters) {
      const line = /<p class="hb-meta-manual"[^>]*>([^<]*)<\/p>/.exec(htmlOf(slug))?.[1];
      if (manual.has(slug)) expect(line, slug).toMatch(/^Lab steps needing [^:]+: .+ \(scripts\/run-manual-labs\.mjs\)$/);
      else expect(line, slug).toBeUndefined();
    }
  });

  it('renders the checklist on every chapter, with every item from the frontmatter', () => {
    const chapters = pages.filter(({ frontmatter }) => ['devops', 'mlops'].includes(frontmatter.track));
    expect(chapters.length).toBeGreaterThan(0);
    for (const { slug, frontmatter } of chapters) {
      const html = htmlOf(slug);
      expect(html, slug).toContain(`<handbook-checklist class="hb-checklist hb-panel not-content" data-chapter="${slug}"`);
      for (const item of frontmatter.checklist) expect(html, `${slug}: ${item.id}`).toContain(`value="${item.id}"`);
    }
  });

  it('ships no UI framework runtime to readers', () => {
    const scripts = readdirSync('dist/_astro').filter((name) => name.endsWith('.js'));
    const code = scripts.map((name) => readFileSync(join('dist/_astro', name), 'utf8')).join('\n');
    expect(code).not.toMatch(/react-dom|__vue__|preact|svelte\/internal|solid-js/);
  });
});
