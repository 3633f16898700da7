/** <handbook-learning-path>: the reader's checklist progress next to each page of a learning path. */
import { catalogChapters, parseCatalog } from '../lib/catalog';
import { doneText } from '../lib/display';
import { countDone } from '../lib/progress-record';
import { progress } from '../scripts/page-store';

class HandbookLearningPath extends HTMLElement {
  #unsubscribe?: () => void;

  connectedCallback(): void {
    const chapters = catalogChapters(parseCatalog(this.querySelector('[data-catalog]')?.textContent)).filter((chapter) => chapter.items.length);
    const render = () => {
      for (const chapter of chapters) {
        const ids = chapter.items.map((item) => item.id);
        const done = countDone(progress.record, chapter.id, ids);
        for (const row of this.querySelectorAll<HTMLElement>(`li[data-chapter="${CSS.escape(chapter.id)}"]`)) {
          row.querySelector('[data-path-count]')!.textContent = doneText(done, ids.length);
          row.classList.toggle('hb-path-done', done === ids.length);
        }
      }
    };
    this.#unsubscribe = progress.subscribe(render);
    render();
  }

  disconnectedCallback(): void {
    this.#unsubscribe?.();
  }
}

customElements.define('handbook-learning-path', HandbookLearningPath);
