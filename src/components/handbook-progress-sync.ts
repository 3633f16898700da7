/**
 * <handbook-progress-sync>, in the footer when the team turns sync on: on a page that shows or changes
 * progress it loads and starts the sync client (progress-sync-client.ts). Other pages load nothing
 * more: there is nothing on them to keep in step.
 */
const PROGRESS_ELEMENTS = 'handbook-checklist, handbook-knowledge-check, handbook-learning-path, handbook-progress-page';

class HandbookProgressSync extends HTMLElement {
  connectedCallback(): void {
    if (document.querySelector(PROGRESS_ELEMENTS)) void import('./progress-sync-client').then(({ startSync }) => startSync(this));
  }
}

customElements.define('handbook-progress-sync', HandbookProgressSync);
