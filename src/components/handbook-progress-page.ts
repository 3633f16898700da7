/** <handbook-progress-page>: the progress page's counts, export, import, reset and Markdown report. */
import { catalogChapters, parseCatalog } from '../lib/catalog';
import { doneText } from '../lib/display';
import { answerCount, shortId, tickCount, type ProgressRecord } from '../lib/progress-record';
import { exportDoneText, importDoneText, importSummaryText } from '../lib/progress-messages';
import { markdownReport, totals, unknownTicks } from '../lib/progress-report';
import { checkImportSize, exportFileName, exportText, parseImport, sameSite, toExportFile } from '../lib/progress-transfer';
import { progress } from '../scripts/page-store';

class HandbookProgressPage extends HTMLElement {
  #pending: ProgressRecord | null = null;
  #unsubscribe?: () => void;

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

    fileInput.addEventListener('change', async () => {
      const file = fileInput.files?.[0];
      fileInput.value = '';
      if (!file) return;
      this.#pending = null;
      choice.hidden = true;
      // Refuse a huge file before reading a byte of it.
      const tooLarge = checkImportSize(file.size);
      const result = tooLarge ? { ok: false as const, error: tooLarge } : parseImport(await file.text());
      if (!result.ok) {
        say(`${shortId(file.name)}: ${result.error}`, true);
        return;
      }
      this.#pending = result.record;
      $('[data-import-summary]').textContent = importSummaryText(shortId(file.name), result.summary, thisSite, sameSite(result.summary.site, thisSite));
      choice.hidden = false;
      say('');
      $<HTMLButtonElement>('[data-merge]').focus();
    });

    const finishImport = (how: 'merge' | 'replace') => {
      if (!this.#pending) return;
      progress.update({ type: how, record: this.#pending });
      this.#pending = null;
      choice.hidden = true;
      say(importDoneText(how, progress.problem), progress.problem !== null);
    };
    $('[data-merge]').addEventListener('click', () => finishImport('merge'));
    $('[data-replace]').addEventListener('click', () => finishImport('replace'));
    $('[data-cancel]').addEventListener('click', () => {
      this.#pending = null;
      choice.hidden = true;
      say('Import cancelled: nothing was changed.');
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
    this.#unsubscribe = progress.subscribe(render);
    render();
  }

  disconnectedCallback(): void {
    this.#unsubscribe?.();
  }
}

customElements.define('handbook-progress-page', HandbookProgressPage);
