/** <handbook-checklist>: ticks saved per chapter id + item id; works without it as plain checkboxes. */
import { countDone, isDone, resetChapter, setDone } from '../lib/progress';
import { doneText } from '../lib/format';
import { PROBLEM_NOTICES, commit, nowIso, onProgressChange, store } from './progress-client';

class HandbookChecklist extends HTMLElement {
  connectedCallback(): void {
    const chapter = this.dataset.chapter!;
    const boxes = [...this.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    const ids = boxes.map((box) => box.value);
    const count = this.querySelector<HTMLElement>('[data-count]')!;
    const bar = this.querySelector<HTMLProgressElement>('progress')!;
    const notice = this.querySelector<HTMLElement>('[data-notice]')!;
    const reset = this.querySelector<HTMLButtonElement>('[data-reset]')!;

    const render = () => {
      for (const box of boxes) box.checked = isDone(store.record, chapter, box.value);
      const done = countDone(store.record, chapter, ids);
      count.textContent = doneText(done, ids.length);
      bar.value = done;
      bar.hidden = false;
      reset.hidden = false;
      reset.disabled = !store.record.items[chapter];
      notice.hidden = !store.problem;
      notice.textContent = store.problem ? PROBLEM_NOTICES[store.problem] : '';
    };

    this.addEventListener('change', (event) => {
      const box = event.target as HTMLInputElement;
      commit(setDone(store.record, chapter, box.value, box.checked, nowIso()));
    });
    reset.addEventListener('click', () => {
      if (confirm('Clear every tick in this chapter’s checklist?')) commit(resetChapter(store.record, chapter, nowIso()));
    });
    onProgressChange(render);
    render();
  }
}

customElements.define('handbook-checklist', HandbookChecklist);
