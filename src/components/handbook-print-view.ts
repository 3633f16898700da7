/** <handbook-print-view>: fetches the chosen chapters from this site and lays them out for printing. */
import { ID_REFERENCES, prefixFragment, prefixIdList } from '../lib/print-ids';

interface PrintGroup {
  track: string;
  label: string;
  pages: { title: string; href: string }[];
}

/** Gives every id in `root` the prefix, and every reference to them inside `root` too. */
function prefixIds(root: Element, prefix: string): void {
  const elements = [root, ...root.querySelectorAll('*')];
  const known = new Set(elements.map((element) => element.id).filter(Boolean));
  for (const element of elements) {
    if (element.id) element.id = prefix + element.id;
    for (const name of ID_REFERENCES) {
      const value = element.getAttribute(name);
      if (value) element.setAttribute(name, prefixIdList(value, prefix, known));
    }
    const href = element.getAttribute('href');
    if (href?.startsWith('#')) element.setAttribute('href', prefixFragment(href, prefix, known));
  }
}

class HandbookPrintView extends HTMLElement {
  connectedCallback(): void {
    const groups: PrintGroup[] = JSON.parse(this.querySelector('[data-print-pages]')!.textContent!);
    const form = this.querySelector<HTMLFormElement>('[data-print-form]')!;
    const select = form.querySelector('select')!;
    const status = this.querySelector<HTMLElement>('[data-print-status]')!;
    const output = this.querySelector<HTMLElement>('[data-print-output]')!;
    const printButton = this.querySelector<HTMLButtonElement>('[data-print]')!;

    const assemble = async (include: string) => {
      const chosen = include === 'all' ? groups : groups.filter((group) => group.track === include);
      const pages = chosen.flatMap((group) => group.pages);
      output.replaceChildren();
      printButton.hidden = true;
      status.textContent = `Gathering ${pages.length} pages…`;
      const parser = new DOMParser();
      const articles = await Promise.all(
        pages.map(async (page, index) => {
          const html = await (await fetch(page.href)).text();
          const doc = parser.parseFromString(html, 'text/html');
          const article = document.createElement('article');
          article.className = 'hb-print-chapter';
          const title = document.createElement('h1');
          title.textContent = page.title;
          const parts = [doc.querySelector('.hb-meta'), doc.querySelector('.sl-markdown-content')].filter((node): node is Element => node !== null);
          article.append(title, ...parts.map((node) => document.importNode(node, true)));
          prefixIds(article, `c${index + 1}-`);
          return article;
        }),
      );
      output.append(...articles);
      // The every-page script makes wide tables and code blocks in the new content focusable.
      dispatchEvent(new Event('handbook:content-added'));
      document.title = `${chosen.length === 1 ? chosen[0]!.label : 'The whole handbook'} | ${document.title.split(' | ').pop()}`;
      status.textContent = `${pages.length} page${pages.length === 1 ? '' : 's'} ready, with your ticks. Use “Print or save as PDF”.`;
      printButton.hidden = false;
      this.dataset.ready = include;
    };

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      history.replaceState(null, '', `?include=${encodeURIComponent(select.value)}`);
      void assemble(select.value);
    });
    printButton.addEventListener('click', () => print());
    const include = new URLSearchParams(location.search).get('include');
    if (include && [...select.options].some((option) => option.value === include)) {
      select.value = include;
      void assemble(include);
    }
  }
}

customElements.define('handbook-print-view', HandbookPrintView);
