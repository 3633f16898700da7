/**
 * <handbook-knowledge-check>: Check gives the verdict and the explanations of the chosen answers in
 * a live region; Try again clears the choice; Show answers puts every explanation under its choice.
 * The last answer of each question (choices and whether it was right) is kept in the progress store.
 */
import { catalogChapters, parseCatalog } from '../lib/catalog';
import { answerOf, countCorrect } from '../lib/progress-record';
import { progress } from '../scripts/page-store';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));

class HandbookKnowledgeCheck extends HTMLElement {
  #unsubscribe?: () => void;

  connectedCallback(): void {
    const chapter = catalogChapters(parseCatalog(this.querySelector('[data-catalog]')?.textContent))[0];
    if (!chapter) return;
    const summary = this.querySelector<HTMLElement>('[data-quiz-summary]')!;
    const forms = [...this.querySelectorAll<HTMLFormElement>('form[data-question]')];
    const renders = forms.map((form) => this.#question(form, chapter.id));
    const render = () => {
      renders.forEach((renderOne) => renderOne());
      const ids = chapter.questions.map((question) => question.id);
      const answered = ids.filter((id) => answerOf(progress.record, chapter.id, id)).length;
      const correct = countCorrect(progress.record, chapter.id, ids);
      summary.textContent = `${ids.length} questions: ${answered} answered, ${correct} right. Your last answer to each is kept with your progress.`;
    };
    this.#unsubscribe = progress.subscribe(render);
    render();
  }

  disconnectedCallback(): void {
    this.#unsubscribe?.();
  }

  /** Wires one question; returns its render from the store. */
  #question(form: HTMLFormElement, chapter: string): () => void {
    const question = form.dataset.question!;
    const inputs = [...form.querySelectorAll<HTMLInputElement>('input')];
    const whys = new Map([...form.querySelectorAll<HTMLElement>('[data-why]')].map((why) => [why.dataset.why!, why]));
    const correct = [...whys].filter(([, why]) => why.dataset.correct === 'true').map(([id]) => id);
    // Check results go to a live region; an answer restored from the store is shown without being announced.
    const verdict = form.querySelector<HTMLElement>('[data-verdict]')!;
    const last = form.querySelector<HTMLElement>('[data-last]')!;
    const retry = form.querySelector<HTMLButtonElement>('[data-retry]')!;
    const disclosure = form.querySelector<HTMLDetailsElement>('[data-answer]')!;
    // With the script, explanations appear next to their choices; the disclosure is for no-script reading.
    for (const [choice, why] of whys) {
      why.hidden = true;
      form.querySelector(`li[data-choice="${CSS.escape(choice)}"]`)!.append(why);
    }
    disclosure.hidden = true;
    form.querySelector<HTMLElement>('[data-actions]')!.hidden = false;
    let shownAnswer = '';

    const chosen = () => inputs.filter((input) => input.checked).map((input) => input.value);
    const showVerdict = (choices: readonly string[], right: boolean, restored: boolean) => {
      const intro = document.createElement('p');
      intro.className = right ? 'hb-verdict-right' : 'hb-verdict-wrong';
      const word = right ? 'Right.' : correct.length > 1 ? 'Not quite: the right answers are all the correct choices and only those.' : 'Not quite.';
      intro.textContent = restored ? `Your last answer: ${word}` : word;
      const explained = choices.map((choice) => {
        const copy = whys.get(choice)!.cloneNode(true) as HTMLElement;
        copy.hidden = false;
        copy.removeAttribute('data-why');
        return copy;
      });
      (restored ? last : verdict).replaceChildren(intro, ...explained);
      (restored ? verdict : last).replaceChildren();
      retry.hidden = false;
    };
    const clear = () => {
      verdict.replaceChildren();
      last.replaceChildren();
      for (const why of whys.values()) why.hidden = true;
      for (const input of inputs) input.closest('li')!.classList.remove('hb-choice-right');
      retry.hidden = true;
    };

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const choices = chosen();
      if (!choices.length) {
        last.replaceChildren();
        verdict.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'Choose an answer first, then press Check.' }));
        return;
      }
      const right = sameSet(choices, correct);
      shownAnswer = [...choices].sort().join(' ');
      progress.update({ type: 'answer', chapter, question, choices, correct: right });
      showVerdict(choices, right, false);
    });
    retry.addEventListener('click', () => {
      for (const input of inputs) input.checked = false;
      clear();
      shownAnswer = 'retry';
      inputs[0]?.focus();
    });
    form.querySelector('[data-reveal]')!.addEventListener('click', () => {
      for (const [choice, why] of whys) {
        why.hidden = false;
        why.closest('li')!.classList.toggle('hb-choice-right', correct.includes(choice));
      }
      last.replaceChildren();
      verdict.replaceChildren(Object.assign(document.createElement('p'), { textContent: `Answers shown under each choice: ${correct.length === 1 ? 'the right one is' : 'the right ones are'} marked “Right”.` }));
      retry.hidden = false;
    });

    return () => {
      const answer = answerOf(progress.record, chapter, question);
      const key = answer ? answer.choices.join(' ') : '';
      // Show a stored answer (from an earlier visit or another tab) unless the reader is mid-retry.
      if (!answer || key === shownAnswer || shownAnswer === 'retry') return;
      shownAnswer = key;
      for (const input of inputs) input.checked = answer.choices.includes(input.value);
      showVerdict(answer.choices.filter((choice) => whys.has(choice)), answer.correct, true);
    };
  }
}

customElements.define('handbook-knowledge-check', HandbookKnowledgeCheck);
