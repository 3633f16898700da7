/**
 * <handbook-learning-path>: the reader's checklist progress next to each page of a learning path, and
 * the path as an onboarding issue (src/lib/onboarding-issue.ts): copied, shown to copy by hand, and
 * linked to the team's tracker when the settings name one.
 */
import { catalogChapters, parseCatalog } from '../lib/catalog';
import { doneText } from '../lib/display';
import { TRACKER_NAMES, issueMarkdown, issueTitle, trackerIssueLink, type PathStep, type TrackerSettings } from '../lib/onboarding-issue';
import { issueReadyText } from '../lib/onboarding-messages';
import { countDone } from '../lib/progress-record';
import { progress } from '../scripts/page-store';

class HandbookLearningPath extends HTMLElement {
  #unsubscribe?: () => void;

  connectedCallback(): void {
    const all = catalogChapters(parseCatalog(this.querySelector('[data-catalog]')?.textContent));
    const chapters = all.filter((chapter) => chapter.items.length);
    const renderIssue = this.#issue(all);
    const render = () => {
      for (const chapter of chapters) {
        const ids = chapter.items.map((item) => item.id);
        const done = countDone(progress.record, chapter.id, ids);
        for (const row of this.querySelectorAll<HTMLElement>(`li[data-chapter="${CSS.escape(chapter.id)}"]`)) {
          row.querySelector('[data-path-count]')!.textContent = doneText(done, ids.length);
          row.classList.toggle('hb-path-done', done === ids.length);
        }
      }
      renderIssue?.();
    };
    this.#unsubscribe = progress.subscribe(render);
    render();
  }

  /** Wires the onboarding issue; returns what re-renders it when progress changes (ticks made in another tab). */
  #issue(chapters: ReturnType<typeof catalogChapters>): (() => void) | null {
    const section = this.querySelector<HTMLElement>('[data-issue]');
    let data: { title: string; steps: PathStep[] };
    try {
      data = JSON.parse(this.querySelector('[data-path]')?.textContent ?? '');
    } catch {
      return null;
    }
    if (!section) return null;
    const $ = <T extends HTMLElement>(selector: string) => section.querySelector<T>(selector);
    const openButton = $<HTMLButtonElement>('[data-issue-open]')!;
    const panel = $('[data-issue-panel]')!;
    const message = $('[data-issue-message]')!;
    const text = $<HTMLTextAreaElement>('[data-issue-text]')!;
    const link = $<HTMLAnchorElement>('[data-issue-link]');
    const { trackerKind, trackerProject } = this.dataset;
    const tracker: TrackerSettings | null = (trackerKind === 'github' || trackerKind === 'gitlab') && trackerProject ? { kind: trackerKind, projectUrl: trackerProject } : null;
    const site = location.origin + import.meta.env.BASE_URL;
    const path = { title: data.title, url: location.origin + location.pathname, steps: data.steps };
    const handbook = { title: this.dataset.siteTitle ?? document.title, site };

    const build = () => {
      const { markdown, counts } = issueMarkdown(path, handbook, chapters, progress.record);
      text.value = markdown;
      let withBody = true;
      if (tracker && link) {
        const issue = trackerIssueLink(tracker, issueTitle(path.title), markdown);
        withBody = issue.withBody;
        link.href = issue.href;
        link.textContent = withBody ? `Open a new ${TRACKER_NAMES[tracker.kind]} issue with this filled in` : `Open ${TRACKER_NAMES[tracker.kind]}’s new-issue form (title only)`;
      }
      return { markdown, counts, withBody };
    };
    const copy = async () => {
      const { markdown, counts, withBody } = build();
      let copied = true;
      try {
        await navigator.clipboard.writeText(markdown);
      } catch {
        // No clipboard permission (or an insecure origin): the text box below is the way to copy.
        copied = false;
        text.focus();
        text.select();
      }
      message.textContent = issueReadyText(counts, copied, tracker ? { name: TRACKER_NAMES[tracker.kind], withBody } : null);
    };
    openButton.addEventListener('click', () => {
      panel.hidden = false;
      openButton.setAttribute('aria-expanded', 'true');
      void copy();
    });
    $('[data-issue-copy]')!.addEventListener('click', () => void copy());
    section.hidden = false;
    return () => {
      if (!panel.hidden) build();
    };
  }

  disconnectedCallback(): void {
    this.#unsubscribe?.();
  }
}

customElements.define('handbook-learning-path', HandbookLearningPath);
