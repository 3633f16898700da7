/** <handbook-checklist>: ticks saved per chapter id + item id; without it the list is plain checkboxes. */
import { catalogChapters, parseCatalog } from '../lib/catalog';
import { doneText } from '../lib/display';
import { countDone, isDone, shortId } from '../lib/progress-record';
import { resetConfirmText } from '../lib/progress-messages';
import { unknownIdsOf } from '../lib/progress-report';
import { progress } from '../scripts/page-store';

class HandbookChecklist extends HTMLElement {
  #unsubscribe?: () => void;

  connectedCallback(): void {
    const chapter = catalogChapters(parseCatalog(this.querySelector('[data-catalog]')?.textContent))[0];
    if (!chapter) return;
    const boxes = new Map([...this.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].map((box) => [box.value, box]));
    const ids = chapter.items.map((item) => item.id);
    const count = this.querySelector<HTMLElement>('[data-count]')!;
    const bar = this.querySelector<HTMLProgressElement>('progress')!;
    const unknown = this.querySelector<HTMLElement>('[data-unknown]')!;
    const reset = this.querySelector<HTMLButtonElement>('[data-reset]')!;

    const render = () => {
      for (const [id, box] of boxes) box.checked = isDone(progress.record, chapter.id, id);
      const done = countDone(progress.record, chapter.id, ids);
      count.textContent = doneText(done, ids.length);
      bar.value = done;
      bar.hidden = false;
      const removed = unknownIdsOf(chapter, progress.record);
      unknown.hidden = !removed.length;
      unknown.textContent = removed.length
        ? `Also kept: ${removed.length} tick${removed.length === 1 ? '' : 's'} of items this version no longer has (${removed.map(shortId).join(', ')}). They count again if the items come back.`
        : '';
      reset.hidden = false;
      reset.disabled = done === 0 && !removed.length;
    };

    this.addEventListener('change', (event) => {
      const box = event.target as HTMLInputElement;
      if (box.type !== 'checkbox' || !boxes.has(box.value)) return;
      progress.update({ type: 'tick', chapter: chapter.id, item: box.value, done: box.checked });
    });
    reset.addEventListener('click', () => {
      if (confirm(resetConfirmText(unknownIdsOf(chapter, progress.record).map(shortId)))) progress.update({ type: 'reset-checklist', chapter: chapter.id });
    });
    this.#unsubscribe = progress.subscribe(render);
    render();
  }

  disconnectedCallback(): void {
    this.#unsubscribe?.();
  }
}

customElements.define('handbook-checklist', HandbookChecklist);
