/**
 * <handbook-progress-page>: the progress page's counts, the link that moves progress to another device,
 * export, import (from a file, a link or a pasted task list), reset and Markdown report.
 */
import { catalogChapters, parseCatalog } from '../lib/catalog';
import { doneText } from '../lib/display';
import { parseTaskList } from '../lib/onboarding-issue';
import { answerCount, isDone, shortId, tickCount, type ProgressRecord } from '../lib/progress-record';
import { pasteSummaryText } from '../lib/onboarding-messages';
import { exportDoneText, importDoneText, importSummaryText } from '../lib/progress-messages';
import { markdownReport, totals, unknownTicks } from '../lib/progress-report';
import { QR_MAX_LINK_LENGTH, decodeProgressFragment, encodeProgressFragment, isProgressFragment } from '../lib/progress-link';
import { checkImportSize, exportFileName, exportText, parseImport, sameSite, toExportFile, type ImportResult } from '../lib/progress-transfer';
import { progress } from '../scripts/page-store';

/** An import read and shown, waiting for the reader to merge, replace or cancel. */
type Pending = { record: ProgressRecord; source: 'file' | 'link' | 'task list' };

class HandbookProgressPage extends HTMLElement {
  #pending: Pending | null = null;
  #unsubscribe?: () => void;
  #stopLinks?: () => void;

  connectedCallback(): void {
    const groups = parseCatalog(this.querySelector('[data-catalog]')?.textContent);
    const chapters = catalogChapters(groups);
    const $ = <T extends HTMLElement>(selector: string) => this.querySelector<T>(selector)!;
    const message = $('[data-message]');
    const choice = $('[data-import-choice]');
    const fileInput = $<HTMLInputElement>('[data-import]');
    const thisSite = location.origin + import.meta.env.BASE_URL;

    const say = (text: string, isError = false) => {
      message.textContent = text;
      message.classList.toggle('hb-error', isError);
      message.setAttribute('role', isError ? 'alert' : 'status');
    };

    const render = () => {
      const overall = totals(chapters, progress.record);
      $('[data-overall]').textContent =
        `${doneText(overall.done, overall.total)}: ${overall.percent}% of the handbook’s checklists.` +
        (overall.questions ? ` ${overall.correct} of ${overall.questions} knowledge-check questions answered correctly.` : '');
      const overallBar = $<HTMLProgressElement>('.hb-overall progress');
      overallBar.value = overall.done;
      overallBar.hidden = false;
      for (const chapter of chapters) {
        const row = this.querySelector(`tr[data-chapter="${CSS.escape(chapter.id)}"]`)!;
        const counts = totals([chapter], progress.record);
        if (chapter.items.length) row.querySelector('[data-chapter-count]')!.textContent = doneText(counts.done, counts.total);
        if (chapter.questions.length) row.querySelector('[data-chapter-quiz]')!.textContent = `${counts.correct} of ${counts.questions} right`;
        const bar = row.querySelector('progress');
        if (bar) bar.value = counts.done;
      }
      const unknown = unknownTicks(groups, progress.record);
      $('[data-unknown]').hidden = !unknown.length;
      $('[data-unknown-list]').replaceChildren(
        ...unknown.map((entry) => {
          const item = document.createElement('li');
          const count = `${entry.ids.length} tick${entry.ids.length === 1 ? '' : 's'}`;
          item.textContent = `${entry.title ?? `${shortId(entry.chapter)} (a page this version does not have)`}: ${count} for items this version no longer has: ${entry.ids.map(shortId).join(', ')}`;
          return item;
        }),
      );
    };

    $('[data-export]').addEventListener('click', () => {
      const exportedAt = new Date().toISOString();
      const file = toExportFile(progress.record, thisSite, exportedAt, $<HTMLInputElement>('[data-name]').value);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([exportText(file)], { type: 'application/json' }));
      link.download = exportFileName(exportedAt);
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      say(exportDoneText(link.download, tickCount(progress.record), answerCount(progress.record), progress.problem));
    });

    /** Shows what an import holds and lets the reader merge, replace or cancel; nothing changes before. */
    const ask = (pending: Pending, summary: string) => {
      this.#pending = pending;
      $('[data-import-summary]').textContent = summary;
      // A task list only says what is ticked: replacing with it would untick everything else.
      $('[data-replace]').hidden = pending.source === 'task list';
      choice.hidden = false;
      say('');
      $<HTMLButtonElement>('[data-merge]').focus();
    };
    const offer = (source: 'file' | 'link', name: string, result: ImportResult) => {
      if (!result.ok) {
        say(`${name}: ${result.error}`, true);
        return;
      }
      ask({ record: result.record, source }, importSummaryText(name, result.summary, thisSite, sameSite(result.summary.site, thisSite), source));
    };

    // A progress link opened here (or pasted into this tab, which only changes the fragment). The fragment
    // is dropped from the address once read, so a reload or a bookmark does not offer it again.
    const readLink = async () => {
      if (!isProgressFragment(location.hash)) return;
      const result = await decodeProgressFragment(location.hash);
      history.replaceState(history.state, '', location.pathname + location.search);
      this.#pending = null;
      choice.hidden = true;
      offer('link', 'This link', result);
    };
    addEventListener('hashchange', readLink);
    this.#stopLinks = () => removeEventListener('hashchange', readLink);

    const movePanel = $('[data-move-panel]');
    const moveButton = $('[data-move]');
    moveButton.addEventListener('click', async () => {
      const file = toExportFile(progress.record, thisSite, new Date().toISOString());
      const link = `${location.origin}${location.pathname}#${await encodeProgressFragment(file)}`;
      $<HTMLInputElement>('[data-move-link]').value = link;
      const qr = $('[data-move-qr]');
      if (link.length <= QR_MAX_LINK_LENGTH) {
        // The QR encoder is loaded only when a reader asks for a code.
        const { qrCodeSvg } = await import('../lib/qr-code');
        qr.innerHTML = qrCodeSvg(link, `QR code of the link to your progress (${tickCount(progress.record)} ticks)`);
      } else {
        qr.textContent = `Your progress makes a link of ${link.length.toLocaleString('en')} characters, too long for a QR code a camera can read: copy the link, or send it to yourself.`;
      }
      movePanel.hidden = false;
      moveButton.setAttribute('aria-expanded', 'true');
      say(`The link holds ${tickCount(progress.record)} ticks and ${answerCount(progress.record)} answers as they are now; make a new one after further changes.`);
    });
    $('[data-move-copy]').addEventListener('click', async () => {
      const input = $<HTMLInputElement>('[data-move-link]');
      try {
        await navigator.clipboard.writeText(input.value);
        say('Copied the link.');
      } catch {
        input.select();
        say('Your browser did not allow copying: the link is selected, copy it by hand.');
      }
    });

    fileInput.addEventListener('change', async () => {
      const file = fileInput.files?.[0];
      fileInput.value = '';
      if (!file) return;
      this.#pending = null;
      choice.hidden = true;
      // Refuse a huge file before reading a byte of it.
      const tooLarge = checkImportSize(file.size);
      offer('file', shortId(file.name), tooLarge ? { ok: false, error: tooLarge } : parseImport(await file.text()));
    });

    // A pasted task list (an onboarding issue's text): its ticks, offered like a file's.
    const pasted = $<HTMLTextAreaElement>('[data-paste-text]');
    $('[data-paste-read]').addEventListener('click', () => {
      this.#pending = null;
      choice.hidden = true;
      const result = parseTaskList(pasted.value, thisSite, chapters, new Date().toISOString());
      if (!result.ok) {
        say(result.error, true);
        return;
      }
      const newTicks = [...result.record.items].reduce((sum, [chapter, items]) => sum + [...items.keys()].filter((item) => !isDone(progress.record, chapter, item)).length, 0);
      const { site, ticks, chapters: chapterCount } = result.summary;
      const counts = { ticks, newTicks, chapters: chapterCount, unticked: result.unticked, unknownLines: result.unknownLines };
      ask({ record: result.record, source: 'task list' }, pasteSummaryText(counts, site, thisSite, site === null || sameSite(site, thisSite)));
    });

    const finishImport = (how: 'merge' | 'replace') => {
      if (!this.#pending) return;
      progress.update({ type: how, record: this.#pending.record });
      const source = this.#pending.source;
      if (source === 'task list') pasted.value = '';
      this.#pending = null;
      choice.hidden = true;
      say(importDoneText(how, progress.problem, source), progress.problem !== null);
    };
    $('[data-merge]').addEventListener('click', () => finishImport('merge'));
    $('[data-replace]').addEventListener('click', () => finishImport('replace'));
    $('[data-cancel]').addEventListener('click', () => {
      const source = this.#pending?.source;
      this.#pending = null;
      choice.hidden = true;
      say(`${source === 'link' ? 'The link was not used' : 'Import cancelled'}: nothing was changed.`);
    });

    $('[data-reset-all]').addEventListener('click', () => {
      if (!confirm('Clear every tick and every knowledge-check answer in every chapter, including ticks of items this version no longer shows? Export your progress first if you may want it back.')) return;
      progress.update({ type: 'reset-all' });
      say(progress.problem ? `All progress was reset for this visit; it could not be saved.` : 'All progress was reset.');
    });

    $('[data-copy]').addEventListener('click', async () => {
      const title = this.dataset.siteTitle ?? document.title;
      const report = markdownReport(groups, progress.record, { title, origin: location.origin }, new Date());
      const fallback = $('[data-report]');
      try {
        await navigator.clipboard.writeText(report);
        fallback.hidden = true;
        say('Copied the report as Markdown: paste it into an issue or a message.');
      } catch {
        // No clipboard permission (or an insecure origin): show the report to copy by hand.
        fallback.querySelector('textarea')!.value = report;
        fallback.hidden = false;
        fallback.querySelector('textarea')!.select();
        say('Your browser did not allow copying; the report is shown below to copy by hand.');
      }
    });

    $('[data-actions]').hidden = false;
    $('[data-paste]').hidden = false;
    this.#unsubscribe = progress.subscribe(render);
    render();
    void readLink();
  }

  disconnectedCallback(): void {
    this.#unsubscribe?.();
    this.#stopLinks?.();
  }
}

customElements.define('handbook-progress-page', HandbookProgressPage);
