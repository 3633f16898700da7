/** <handbook-print>: fetches the chosen chapters from this site and lays them out for printing. */
interface PrintGroup {
  track: string;
  label: string;
  pages: { title: string; href: string }[];
}

class HandbookPrint extends HTMLElement {
  connectedCallback(): void {
    const groups: PrintGroup[] = JSON.parse(this.querySelector('[data-print-catalog]')!.textContent!);
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
        pages.map(async (page) => {
          const html = await (await fetch(page.href)).text();
          const doc = parser.parseFromString(html, 'text/html');
          const article = document.createElement('article');
          article.className = 'hb-print-chapter';
          const title = document.createElement('h1');
          title.textContent = page.title;
          article.append(title, ...[doc.querySelector('.hb-meta'), doc.querySelector('.sl-markdown-content')].filter((node): node is Element => node !== null).map((node) => document.importNode(node, true)));
          return article;
        }),
      );
      output.append(...articles);
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

customElements.define('handbook-print', HandbookPrint);
