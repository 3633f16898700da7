/**
 * Onboarding issues in the example overlay's build (tracker: its GitLab project), in real Chromium under
 * /handbook/: a learning path becomes an issue's Markdown and a prefilled GitLab link (or, for a path
 * too long for a link, the title-only form), and the issue's ticks come back through the progress page.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MAX_TRACKER_URL_LENGTH, trackerIssueLink } from '../../src/lib/onboarding-issue';
import { ISSUE_TOO_LONG } from '../../src/lib/onboarding-messages';
import { openPage, readProgress, ticked, url, useBrowser } from '../support/browser';

const browser = useBrowser();
const TRACKER = { kind: 'gitlab' as const, projectUrl: 'https://gitlab.acme.example/platform/onboarding' };

async function withClipboard(): Promise<BrowserContext> {
  const context = await browser.context();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url()).origin });
  return context;
}

/** Opens the path's issue panel and returns its Markdown (also what was copied) and the tracker link. */
async function openIssue(page: Page): Promise<{ markdown: string; link: URL; linkText: string; message: string }> {
  await page.getByRole('button', { name: 'Open as onboarding issue' }).click();
  await expect.poll(() => page.locator('[data-issue-message]').textContent()).toMatch(/^Copied the issue’s Markdown: /);
  const markdown = await page.locator('[data-issue-text]').inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(markdown);
  const anchor = page.locator('a[data-issue-link]');
  const link = new URL((await anchor.getAttribute('href'))!);
  return { markdown, link, linkText: (await anchor.textContent())!.trim(), message: (await page.locator('[data-issue-message]').textContent())! };
}

/** Ticks the task that links to `chapter`'s item `item`, as the reader does in the tracker. */
const tick = (markdown: string, chapter: string, item: string) => {
  const anchor = `#check--${chapter.replace('/', '--')}--${item})`;
  expect(markdown).toContain(anchor);
  return markdown.replace(new RegExp(`^- \\[ \\] (.*${anchor.replace(/[()]/g, '\\$&')})$`, 'm'), '- [x] $1');
};

describe('onboarding issue', () => {
  it('turns the team’s path into a prefilled GitLab issue, and brings its ticks back through the progress page', async () => {
    const context = await withClipboard();
    const path = await openPage(context, 'team/platform-path/');
    const { markdown, link, linkText, message } = await openIssue(path.page);
    expect(markdown).toContain(`### [Welcome to the Acme platform team](${url('team/welcome/')})`);
    expect(markdown).toContain(`(${url('devops/containers/')}#check--devops--containers--non-root-image)`);
    expect(markdown).not.toMatch(/^- \[x\]/m);
    // The team's path is short enough for the whole issue to travel in the link.
    expect(`${link.origin}${link.pathname}`).toBe('https://gitlab.acme.example/platform/onboarding/-/issues/new');
    expect(link.searchParams.get('issue[title]')).toBe('Onboarding: Platform engineer: weeks 1-4');
    expect(link.searchParams.get('issue[description]')).toBe(markdown);
    expect(link.href.length).toBeLessThanOrEqual(MAX_TRACKER_URL_LENGTH);
    expect(linkText).toBe('Open a new GitLab issue with this filled in');
    expect(message).toMatch(/^Copied the issue’s Markdown: 14 tasks in 2 chapters\. The link below opens a new GitLab issue with its title and this text filled in\.$/);

    // Two tasks ticked in the tracker, and one line of the team's own.
    const edited = `${tick(tick(markdown, 'team/welcome', 'shadow-on-call'), 'devops/containers', 'non-root-image')}- [x] Order a standing desk\n`;
    const progress = await openPage(context, 'progress/');
    await progress.page.getByText('Paste a task list').click();
    await progress.page.getByLabel('The task list').fill(edited);
    await progress.page.getByRole('button', { name: 'Read the ticks' }).click();
    const summary = progress.page.locator('[data-import-summary]');
    await expect.poll(() => summary.textContent()).toMatch(
      /^The pasted task list ticks 2 items in 2 chapters, none of them ticked here yet\. Its \d+ unticked items change nothing: .* 1 line was not an item of this handbook\. Merging adds these ticks/,
    );
    expect(await progress.page.getByRole('button', { name: 'Replace my progress' }).isVisible()).toBe(false);
    await progress.page.getByRole('button', { name: 'Merge into my progress' }).click();
    await expect.poll(() => progress.page.locator('[data-message]').textContent()).toBe('Imported: the task list’s progress was merged into yours, and saved in this browser.');
    await expect.poll(() => progress.page.locator('tr[data-chapter="team/welcome"] [data-chapter-count]').textContent()).toBe('1 of 3 done');
    const saved = await readProgress(progress.page);
    expect(ticked(saved, 'team/welcome')).toEqual(['shadow-on-call']);
    expect(ticked(saved, 'devops/containers')).toEqual(['non-root-image']);

    // Back on the path: the counts and a new issue show the same ticks.
    const again = await openPage(context, 'team/platform-path/');
    await expect.poll(() => again.page.locator('li[data-chapter="team/welcome"] [data-path-count]').first().textContent()).toBe('1 of 3 done');
    const reopened = await openIssue(again.page);
    expect(reopened.markdown.match(/^- \[x\] .*$/gm)).toEqual([expect.stringContaining('#check--team--welcome--shadow-on-call)'), expect.stringContaining('#check--devops--containers--non-root-image)')]);
    expect([...path.errors, ...progress.errors, ...again.errors]).toEqual([]);
  });

  it.each([
    ['DevOps', 'start/devops-path/', 'Onboarding: The DevOps path: eight weeks'],
    ['MLOps', 'start/mlops-path/', 'Onboarding: The MLOps path: six to nine months'],
  ])('links the %s path to GitLab’s form with the title alone (its body too long for a link), and its ticks come back', async (_name, pathPage, title) => {
    const context = await withClipboard();
    const { page, errors } = await openPage(context, pathPage);
    const { markdown, link, linkText, message } = await openIssue(page);
    // What the rule says for this body: the full link would be too long.
    expect(trackerIssueLink(TRACKER, title, markdown).withBody).toBe(false);
    expect(`${link.origin}${link.pathname}`).toBe('https://gitlab.acme.example/platform/onboarding/-/issues/new');
    expect(link.searchParams.get('issue[title]')).toBe(title);
    expect(link.searchParams.has('issue[description]')).toBe(false);
    expect(linkText).toBe('Open GitLab’s new-issue form (title only)');
    expect(message).toContain(ISSUE_TOO_LONG);
    const tasks = [...markdown.matchAll(/^- \[ \] .*#check--([a-z0-9-]+?)--([a-z0-9-]+?)--([a-z0-9-]+)\)$/gm)].map((match) => ({ chapter: `${match[1]}/${match[2]}`, item: match[3]! }));
    expect(tasks.length).toBeGreaterThan(80);

    // The first and the last task ticked in the tracker come back through the progress page.
    const [first, last] = [tasks[0]!, tasks.at(-1)!];
    const progress = await openPage(context, 'progress/');
    await progress.page.getByText('Paste a task list').click();
    await progress.page.getByLabel('The task list').fill(tick(tick(markdown, first.chapter, first.item), last.chapter, last.item));
    await progress.page.getByRole('button', { name: 'Read the ticks' }).click();
    await progress.page.getByRole('button', { name: 'Merge into my progress' }).click();
    await expect.poll(() => progress.page.locator('[data-message]').textContent()).toMatch(/^Imported: /);
    const saved = await readProgress(progress.page);
    expect(ticked(saved, first.chapter)).toEqual([first.item]);
    expect(ticked(saved, last.chapter)).toEqual([last.item]);
    expect([...errors, ...progress.errors]).toEqual([]);
  });
});
