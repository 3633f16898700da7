/** The knowledge check in real Chromium: answering, retry, reveal, reload, keyboard, two tabs, export and import, no script. */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, readProgress, tabTo, useBrowser } from '../support/browser';

const CHAPTER = 'devops/containers';
const PAGE = `${CHAPTER}/`;
const browser = useBrowser();

const questions = (page: Page) => page.locator('handbook-knowledge-check form[data-question]');
/** The ids of a question's right and wrong choices, read from its explanations. */
async function choicesOf(question: Locator): Promise<{ right: string[]; wrong: string[] }> {
  const whys = await question.locator('[data-why]').evaluateAll((nodes) => nodes.map((node) => ({ id: (node as HTMLElement).dataset.why!, right: (node as HTMLElement).dataset.correct === 'true' })));
  return { right: whys.filter((why) => why.right).map((why) => why.id), wrong: whys.filter((why) => !why.right).map((why) => why.id) };
}
const pick = (question: Locator, id: string) => question.locator(`input[value="${id}"]`).check();
const verdict = (question: Locator) => question.locator('[data-verdict]');

describe('knowledge check', () => {
  it('checks an answer, explains it in a live region, lets the reader retry, and keeps the last answer', async () => {
    const context = await browser.context();
    const { page, errors } = await openPage(context, PAGE);
    expect(await questions(page).count()).toBeGreaterThanOrEqual(4);
    const first = questions(page).first();
    expect(await verdict(first).getAttribute('role')).toBe('status');
    const { right, wrong } = await choicesOf(first);

    await pick(first, wrong[0]!);
    await first.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => verdict(first).textContent()).toMatch(/^Not quite\..*Wrong:/s);
    expect(await first.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);

    await first.getByRole('button', { name: 'Try again' }).click();
    expect(await first.locator('input:checked').count()).toBe(0);
    expect(await verdict(first).textContent()).toBe('');
    for (const id of right) await pick(first, id);
    await first.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => verdict(first).textContent()).toMatch(/^Right\..*Right:/s);

    const saved = await readProgress(page);
    expect(saved.answers[CHAPTER][(await first.getAttribute('data-question')) ?? '']).toMatchObject({ choices: [...right].sort(), correct: true });
    expect(saved.items[CHAPTER] ?? {}).toEqual({});
    await expect.poll(() => page.locator('[data-quiz-summary]').textContent()).toMatch(/1 answered, 1 right/);

    await page.reload();
    const again = questions(page).first();
    await expect.poll(() => again.locator('[data-last]').textContent()).toMatch(/^Your last answer: Right\./);
    for (const id of right) expect(await again.locator(`input[value="${id}"]`).isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('shows every explanation under its choice with "Show answers", the right ones marked', async () => {
    const { page } = await openPage(await browser.context(), PAGE);
    const question = questions(page).nth(1);
    const { right } = await choicesOf(question);
    await question.getByRole('button', { name: 'Show answers' }).click();
    const shown = await question.locator('li[data-choice] .hb-why').evaluateAll((nodes) => nodes.map((node) => ({ visible: !(node as HTMLElement).hidden, text: node.textContent })));
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(shown.every((why) => why.visible)).toBe(true);
    const marked = await question.locator('li.hb-choice-right').evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.choice));
    expect(marked.sort()).toEqual([...right].sort());
    expect(await question.locator('li.hb-choice-right .hb-why-verdict').first().textContent()).toBe('Right:');
  });

  it('uses checkboxes and says so where several answers are right', async () => {
    const { page } = await openPage(await browser.context(), PAGE);
    const multiple = page.locator('handbook-knowledge-check form[data-multiple]').first();
    expect(await multiple.locator('input[type=checkbox]').count()).toBeGreaterThan(2);
    expect(await multiple.locator('legend').textContent()).toMatch(/Choose every answer that applies\./);
    const { right } = await choicesOf(multiple);
    await pick(multiple, right[0]!);
    await multiple.getByRole('button', { name: 'Check' }).click();
    // One of two right answers is not the answer.
    await expect.poll(() => verdict(multiple).textContent()).toMatch(/^Not quite/);
  });

  it('can be answered with the keyboard alone', async () => {
    const { page } = await openPage(await browser.context(), PAGE);
    const first = questions(page).first();
    const id = await first.getAttribute('data-question');
    const { right } = await choicesOf(first);
    await tabTo(page, `form[data-question="${id}"] input`);
    // Arrow keys move within a radio group, selecting as they go.
    for (let step = 0; step < 6 && !(await first.locator(`input[value="${right[0]}"]`).isChecked()); step++) await page.keyboard.press('ArrowDown');
    expect(await first.locator(`input[value="${right[0]}"]`).isChecked()).toBe(true);
    await tabTo(page, `form[data-question="${id}"] [data-check]`);
    await page.keyboard.press('Enter');
    await expect.poll(() => verdict(first).textContent()).toMatch(/^Right\./);
  });

  it('shows an answer given in one tab in another', async () => {
    const context = await browser.context();
    const tabA = (await openPage(context, PAGE)).page;
    const tabB = (await openPage(context, PAGE)).page;
    const first = questions(tabA).first();
    const { wrong } = await choicesOf(first);
    await pick(first, wrong[0]!);
    await first.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => questions(tabB).first().locator('[data-last]').textContent()).toMatch(/^Your last answer: Not quite/);
  });

  it('carries answers in an export to another browser', async () => {
    const from = await browser.context({ acceptDownloads: true });
    const chapter = (await openPage(from, PAGE)).page;
    const first = questions(chapter).first();
    const { right } = await choicesOf(first);
    for (const id of right) await pick(first, id);
    await first.getByRole('button', { name: 'Check' }).click();
    const progress = (await openPage(from, 'progress/')).page;
    const [download] = await Promise.all([progress.waitForEvent('download'), progress.getByRole('button', { name: 'Export progress (JSON)' }).click()]);
    const saved = await browser.save(download);
    const file = JSON.parse(readFileSync(saved, 'utf8'));
    expect(Object.values(file.answers[CHAPTER])).toEqual([expect.objectContaining({ correct: true })]);

    const to = await browser.context();
    const target = (await openPage(to, 'progress/')).page;
    await target.locator('input[type=file][data-import]').setInputFiles(saved);
    await expect.poll(() => target.locator('[data-import-summary]').textContent()).toMatch(/1 answered question/);
    await target.getByRole('button', { name: 'Merge into my progress' }).click();
    await expect.poll(() => target.locator(`tr[data-chapter="${CHAPTER}"] [data-chapter-quiz]`).textContent()).toMatch(/^1 of \d+ right$/);
    const reopened = (await openPage(to, PAGE)).page;
    await expect.poll(() => questions(reopened).first().locator('[data-last]').textContent()).toMatch(/^Your last answer: Right\./);
  });

  it('without JavaScript, shows the questions and, behind a disclosure, the answers and explanations', async () => {
    const { page } = await openPage(await browser.context({ javaScriptEnabled: false }), PAGE);
    const first = questions(page).first();
    expect(await first.locator('input[type=radio]').count()).toBeGreaterThanOrEqual(2);
    const disclosure = first.locator('details[data-answer]');
    expect(await disclosure.locator('[data-why]').first().isVisible()).toBe(false);
    await disclosure.locator('summary').click();
    expect(await disclosure.locator('[data-why]').first().isVisible()).toBe(true);
    expect(await disclosure.textContent()).toMatch(/Right:.*Read the section that teaches this/s);
    // Playwright's text engine skips <noscript>, so the notice is found by its place.
    const notice = page.locator('handbook-knowledge-check noscript p');
    expect(await notice.textContent()).toMatch(/^Without JavaScript your answers are not checked or kept/);
    expect(await notice.isVisible()).toBe(true);
  });
});
