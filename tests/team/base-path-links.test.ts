/**
 * Authors link from the site root ("/devops/containers/"); a team's build under /handbook/ must serve
 * every such link under its base path: Markdown links in a page, links in checklist text, a checklist
 * item's "Read more", the chapter header's prerequisites and next chapters, the home page's track
 * cards. Read from the team's build (dist-base, the example overlay under /handbook/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = process.env.HANDBOOK_DIST ?? 'dist-base';
const html = (page: string) => readFileSync(join(dist, page, 'index.html'), 'utf8');

describe('root-relative links in a team’s build under /handbook/', () => {
  it('the chapter header links prerequisites and next chapters under the base path', () => {
    const page = html('devops/ci-cd');
    const start = page.indexOf('class="hb-meta');
    const meta = page.slice(start, page.indexOf('</div>', start));
    expect(meta).toMatch(/Before this:\s*<a href="\/handbook\/devops\/containers\/">Containers and orchestration<\/a>/);
    expect(meta).toMatch(/Next:\s*<a href="\/handbook\/devops\/continuous-delivery\/">/);
  });

  it('a team page’s Markdown links, checklist text links and “Read more” links carry the base path', () => {
    const page = html('team/welcome');
    expect(page).toContain('<a href="/handbook/devops/containers/">the containers chapter</a>');
    expect(page).toContain('<a href="/handbook/devops/ci-cd/#hands-on-lab">CI/CD chapter&#39;s workflow</a>');
    expect(page).toMatch(/<a class="hb-checklist-link" href="\/handbook\/devops\/containers\/">Read more/);
    // No link of the page's content escapes the base path.
    const content = page.slice(page.indexOf('<main'), page.indexOf('</main>'));
    expect(content.match(/href="\/(?!handbook\/)[^"]*"/g) ?? []).toEqual([]);
  });

  it('the home page links the chapters under the base path', () => {
    expect(html('.')).toContain('href="/handbook/devops/containers/"');
  });
});
