/** <handbook-progress-notice>: renders the store's problem and its damaged copies, on every page that keeps progress. */
import { PROBLEM_NOTICES, damagedNotice } from '../lib/progress-messages';
import { progress } from '../scripts/page-store';

class HandbookProgressNotice extends HTMLElement {
  #unsubscribe?: () => void;

  connectedCallback(): void {
    const problem = this.querySelector<HTMLElement>('[data-problem]')!;
    const list = this.querySelector<HTMLElement>('[data-damaged]')!;
    const render = () => {
      problem.hidden = !progress.problem;
      problem.textContent = progress.problem ? PROBLEM_NOTICES[progress.problem] : '';
      // Rebuild only when the copies change, so focus is not lost under the reader.
      const ids = progress.damaged.map((copy) => copy.id).join(' ');
      if (list.dataset.ids !== ids) {
        list.dataset.ids = ids;
        list.replaceChildren(
          ...progress.damaged.map((copy) => {
            const item = document.createElement('li');
            item.className = 'hb-notice';
            const text = document.createElement('p');
            text.textContent = damagedNotice(copy.savedAt, copy.reason);
            const download = document.createElement('a');
            download.className = 'hb-button';
            download.href = URL.createObjectURL(new Blob([copy.value], { type: 'text/plain' }));
            download.download = `handbook-progress-damaged-${copy.savedAt.slice(0, 10)}.txt`;
            download.textContent = 'Download it';
            const dismiss = document.createElement('button');
            dismiss.type = 'button';
            dismiss.className = 'hb-button';
            dismiss.textContent = 'Dismiss';
            dismiss.addEventListener('click', () => progress.dismissDamaged(copy.id));
            item.append(text, download, ' ', dismiss);
            return item;
          }),
        );
      }
      list.hidden = !progress.damaged.length;
      this.hidden = problem.hidden && list.hidden;
    };
    this.#unsubscribe = progress.subscribe(render);
    render();
  }

  disconnectedCallback(): void {
    this.#unsubscribe?.();
  }
}

customElements.define('handbook-progress-notice', HandbookProgressNotice);
