/** <handbook-path>: shows the reader's checklist progress next to each page of a learning path. */
import { countDone } from '../lib/progress';
import { doneText } from '../lib/format';
import { onProgressChange, store } from './progress-client';

class HandbookPath extends HTMLElement {
  connectedCallback(): void {
    const rows = [...this.querySelectorAll<HTMLElement>('li[data-chapter]')].filter((row) => row.dataset.items);
    const render = () => {
      for (const row of rows) {
        const items = row.dataset.items!.split(' ');
        const done = countDone(store.record, row.dataset.chapter!, items);
        row.querySelector('[data-path-count]')!.textContent = doneText(done, items.length);
        row.classList.toggle('hb-path-done', done === items.length);
      }
    };
    onProgressChange(render);
    render();
  }
}

customElements.define('handbook-path', HandbookPath);
