/** <handbook-progress>: the progress page's counts, export, import, reset and Markdown report. */
import { emptyRecord, mergeRecords, replaceRecord, type ProgressRecord } from '../lib/progress';
import { exportFileName, parseImport, toExportFile } from '../lib/progress-transfer';
import { markdownReport, totals, type CatalogGroup } from '../lib/progress-catalog';
import { doneText } from '../lib/format';
import { PROBLEM_NOTICES, commit, nowIso, onProgressChange, store } from './progress-client';

class HandbookProgress extends HTMLElement {
  private pending: ProgressRecord | null = null;

  connectedCallback(): void {
    const groups: CatalogGroup[] = JSON.parse(this.querySelector('[data-catalog]')!.textContent!);
    const chapters = groups.flatMap((group) => group.chapters);
    const $ = <T extends HTMLElement>(selector: string) => this.querySelector<T>(selector)!;
    const message = $('[data-message]');
    const choice = $('[data-import-choice]');
    const fileInput = $<HTMLInputElement>('[data-import]');

    const say = (text: string, isError = false) => {
      message.textContent = text;
      message.classList.toggle('hb-error', isError);
      message.setAttribute('role', isError ? 'alert' : 'status');
    };

    const render = () => {
      const overall = totals(chapters, store.record);
      $('[data-overall]').textContent = `${doneText(overall.done, overall.total)}: ${overall.percent}% of the handbook’s checklists.`;
      const overallBar = $<HTMLProgressElement>('.hb-overall progress');
      overallBar.value = overall.done;
      overallBar.hidden = false;
      for (const chapter of chapters) {
        const row = this.querySelector(`tr[data-chapter="${CSS.escape(chapter.id)}"]`)!;
        const { done, total } = totals([chapter], store.record);
        row.querySelector('[data-chapter-count]')!.textContent = doneText(done, total);
        row.querySelector('progress')!.value = done;
      }
      const notice = $('[data-notice]');
      notice.hidden = !store.problem;
      notice.textContent = store.problem ? PROBLEM_NOTICES[store.problem] : '';
    };

    $('[data-export]').addEventListener('click', () => {
      const exportedAt = nowIso();
      const file = toExportFile(store.record, location.origin + import.meta.env.BASE_URL, exportedAt);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
      link.download = exportFileName(exportedAt);
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      say(`Exported to ${link.download}.`);
    });

    fileInput.addEventListener('change', async () => {
      const file = fileInput.files?.[0];
      fileInput.value = '';
      if (!file) return;
      const result = parseImport(await file.text());
      if (!result.ok) {
        this.pending = null;
        choice.hidden = true;
        say(`${file.name}: ${result.error}`, true);
        return;
      }
      this.pending = result.record;
      const { ticks, chapters: chapterCount, exportedAt } = result.summary;
      $('[data-import-summary]').textContent =
        `${file.name} holds ${ticks} ticked item${ticks === 1 ? '' : 's'} in ${chapterCount} chapter${chapterCount === 1 ? '' : 's'}` +
        `${exportedAt ? `, exported ${exportedAt.slice(0, 10)}` : ''}. Merge keeps your current ticks and adds the file’s; replace makes your progress exactly the file’s.`;
      choice.hidden = false;
      say('');
      $<HTMLButtonElement>('[data-merge]').focus();
    });

    const finishImport = (how: 'merge' | 'replace') => {
      if (!this.pending) return;
      const now = nowIso();
      commit(how === 'merge' ? mergeRecords(store.record, this.pending, now) : replaceRecord(this.pending, now));
      this.pending = null;
      choice.hidden = true;
      say(how === 'merge' ? 'Imported: the file’s ticks were merged into your progress.' : 'Imported: your progress was replaced by the file’s.');
    };
    $('[data-merge]').addEventListener('click', () => finishImport('merge'));
    $('[data-replace]').addEventListener('click', () => finishImport('replace'));
    $('[data-cancel]').addEventListener('click', () => {
      this.pending = null;
      choice.hidden = true;
      say('Import cancelled: nothing was changed.');
    });

    $('[data-reset-all]').addEventListener('click', () => {
      if (!confirm('Clear every tick in every chapter? Export your progress first if you may want it back.')) return;
      commit({ ...emptyRecord(), updatedAt: nowIso() });
      say('All progress was reset.');
    });

    $('[data-copy]').addEventListener('click', async () => {
      const title = this.dataset.siteTitle ?? document.title;
      const report = markdownReport(groups, store.record, { title, origin: location.origin }, new Date());
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
    onProgressChange(render);
    render();
  }
}

customElements.define('handbook-progress', HandbookProgress);
