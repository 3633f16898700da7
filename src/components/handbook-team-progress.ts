/**
 * <handbook-team-progress>: reads the dropped or chosen export files (never uploading them), and shows
 * the cohort matrix of src/lib/team-view.ts as a sortable table, with CSV download. Everything a file
 * holds is written with textContent: names and ids come from files anyone can write.
 */
import { catalogChapters, parseCatalog, type CatalogGroup } from '../lib/catalog';
import { percent } from '../lib/display';
import { shortId } from '../lib/progress-record';
import { checkImportSize } from '../lib/progress-transfer';
import { USER_NAME, listedNames, readDeviceFolder } from '../lib/sync';
import { cohortMatrix, matrixCsv, readCohort, sortRows, syncedPerson, type Cohort, type CohortFile, type Matrix, type Person, type Refused, type SortKey } from '../lib/team-view';

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};

class HandbookTeamProgress extends HTMLElement {
  #groups: CatalogGroup[] = [];
  #files: CohortFile[] = [];
  /** Files refused for their size, unread. */
  #unreadable: Refused[] = [];
  /** People read from the sync server (leads only), shown with the files' people. */
  #synced: Person[] = [];
  /** Read once when files are added; sorting, scope and the stall limit only redraw from it. */
  #cohort: Cohort = { people: [], foreign: [], refused: [] };
  #sort: { key: SortKey; direction: 'ascending' | 'descending' } = { key: { by: 'name' }, direction: 'ascending' };

  connectedCallback(): void {
    this.#groups = parseCatalog(this.querySelector('[data-catalog]')?.textContent);
    const input = this.querySelector<HTMLInputElement>('[data-files]')!;
    input.addEventListener('change', () => void this.#add([...(input.files ?? [])]));
    const drop = this.querySelector<HTMLElement>('[data-drop]')!;
    drop.addEventListener('dragover', (event) => {
      event.preventDefault();
      drop.classList.add('hb-drop-over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('hb-drop-over'));
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      drop.classList.remove('hb-drop-over');
      void this.#add([...(event.dataTransfer?.files ?? [])]);
    });
    this.querySelector('[data-scope]')!.addEventListener('change', () => this.#render());
    this.querySelector('[data-stall]')!.addEventListener('change', () => this.#render());
    this.querySelector('[data-csv]')!.addEventListener('click', () => this.#downloadCsv());
    if (this.dataset.people) void this.#readServer(this.dataset.people);
  }

  /** Everyone's synced progress: the people's folders, then each one's device files, merged. */
  async #readServer(url: string): Promise<void> {
    const status = this.querySelector<HTMLElement>('[data-server]')!;
    const get = (path: string) => fetch(path, { cache: 'no-store', credentials: 'same-origin' });
    try {
      const listing = await get(url);
      if (!listing.ok) {
        status.textContent =
          listing.status === 403
            ? 'The team’s synced progress is for members of the lead group only. You can still read progress exports here.'
            : listing.status === 401
              ? 'Sign in to read the team’s synced progress.'
              : `The server did not give the team’s synced progress (HTTP ${listing.status}).`;
        return;
      }
      const users = listedNames(await listing.json(), 'directory', USER_NAME);
      const people = await Promise.all(
        users.map(async (user) => {
          const { texts } = await readDeviceFolder(`${url}${user}/`, get);
          return syncedPerson(user, texts);
        }),
      );
      this.#synced = people.filter((person): person is Person => person !== null);
      status.textContent = `${this.#synced.length === 1 ? '1 person' : `${this.#synced.length} people`} synced to the server, in the table below.`;
      this.#readFiles();
    } catch {
      status.textContent = 'The server did not answer, so the team’s synced progress could not be read.';
    }
  }

  /** Reads new files (a file chosen again replaces its earlier copy), then the cohort, and renders. */
  async #add(files: File[]): Promise<void> {
    for (const file of files) {
      this.#files = this.#files.filter((known) => known.fileName !== file.name);
      this.#unreadable = this.#unreadable.filter((known) => known.fileName !== file.name);
      // The size is checked before a file is read: a huge file is refused without reading it.
      const tooLarge = checkImportSize(file.size);
      if (tooLarge) this.#unreadable.push({ fileName: file.name, reason: tooLarge });
      else this.#files.push({ fileName: file.name, text: await file.text() });
    }
    this.#readFiles();
  }

  #readFiles(): void {
    const cohort = readCohort(this.#files, location.origin + import.meta.env.BASE_URL);
    this.#cohort = { ...cohort, people: [...this.#synced, ...cohort.people], refused: [...this.#unreadable, ...cohort.refused] };
    this.#render();
  }

  #matrix(cohort: Cohort): Matrix {
    const scope = this.querySelector<HTMLSelectElement>('[data-scope]')!.value;
    const groups = scope === 'all' ? this.#groups : this.#groups.filter((group) => group.track === scope);
    const stall = Math.max(1, Number(this.querySelector<HTMLInputElement>('[data-stall]')!.value) || 14);
    return cohortMatrix(cohort.people, catalogChapters(groups), new Date(), stall);
  }

  #render(): void {
    const cohort = this.#cohort;
    const matrix = this.#matrix(cohort);
    const status = this.querySelector<HTMLElement>('[data-status]')!;
    const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
    const stalled = matrix.rows.filter((row) => row.stalled).length;
    status.textContent = [
      `${count(matrix.rows.length, 'person', 'people')} in the table`,
      stalled ? `${stalled} stalled` : '',
      cohort.foreign.length ? `${count(cohort.foreign.length, 'file')} from another handbook, shown apart` : '',
      cohort.refused.length ? `${count(cohort.refused.length, 'file')} could not be read` : '',
    ]
      .filter(Boolean)
      .join('; ')
      .concat('.');
    this.querySelector<HTMLElement>('[data-output]')!.replaceChildren(...(matrix.rows.length ? [this.#table(matrix)] : []));
    this.querySelector<HTMLButtonElement>('[data-csv]')!.hidden = !matrix.rows.length;
    this.querySelector<HTMLElement>('[data-other]')!.replaceChildren(...this.#others(cohort));
  }

  #table(matrix: Matrix): HTMLElement {
    const table = el('table', undefined, 'hb-team-table');
    table.append(el('caption', `Ticks done of each chapter's checklist, and knowledge-check questions answered right.`));
    const head = el('tr');
    const sortable = (label: string, key: SortKey) => {
      const th = el('th');
      th.scope = 'col';
      const active = JSON.stringify(key) === JSON.stringify(this.#sort.key);
      if (active) th.setAttribute('aria-sort', this.#sort.direction);
      const button = el('button', label, 'hb-sort');
      button.type = 'button';
      button.addEventListener('click', () => {
        this.#sort = { key, direction: active && this.#sort.direction === 'ascending' ? 'descending' : 'ascending' };
        this.#render();
        this.querySelector<HTMLButtonElement>(`th[aria-sort] button`)?.focus();
      });
      th.append(button);
      return th;
    };
    head.append(sortable('Name', { by: 'name' }), ...matrix.chapters.map((chapter, index) => sortable(chapter.title, { by: 'chapter', index })), sortable('Total', { by: 'progress' }), sortable('Last active', { by: 'last-active' }));
    table.append(el('thead'));
    table.tHead!.append(head);
    const body = el('tbody');
    for (const row of sortRows(matrix.rows, this.#sort.key, this.#sort.direction)) {
      const tr = el('tr');
      const name = el('th');
      name.scope = 'row';
      name.append(el('span', row.person.name), el('span', row.person.fileName === `${row.person.name}.json` ? '' : shortId(row.person.fileName), 'hb-muted hb-team-file'));
      tr.append(name);
      for (const cell of row.cells) {
        const td = el('td');
        td.append(el('span', `${cell.done} of ${cell.total}`));
        if (cell.questions) td.append(el('span', `${cell.correct} of ${cell.questions} right`, 'hb-muted hb-team-quiz'));
        if (cell.total && cell.done === cell.total) td.classList.add('hb-team-done');
        tr.append(td);
      }
      const total = el('td');
      total.append(el('span', `${row.done} of ${row.total} (${percent(row.done, row.total)}%)`));
      if (row.questions) total.append(el('span', `${row.correct} of ${row.questions} right`, 'hb-muted hb-team-quiz'));
      const last = el('td', row.lastActive ? row.lastActive.slice(0, 10) : 'never');
      if (row.stalled) last.append(el('strong', ' stalled', 'hb-team-stalled'));
      tr.append(total, last);
      body.append(tr);
    }
    const foot = el('tr');
    const label = el('th', 'Everyone');
    label.scope = 'row';
    foot.append(label, ...matrix.totals.map((total) => el('td', `${total.finished} of ${matrix.rows.length} finished`)), el('td'), el('td'));
    table.append(body, el('tfoot'));
    table.tFoot!.append(foot);
    // A wide table scrolls sideways inside a region keyboard users can focus.
    const region = el('div', undefined, 'hb-team-scroll');
    region.tabIndex = 0;
    region.setAttribute('role', 'region');
    region.setAttribute('aria-label', 'Team progress table');
    region.append(table);
    return region;
  }

  #others(cohort: Cohort): HTMLElement[] {
    const sections: HTMLElement[] = [];
    if (cohort.foreign.length) {
      const section = el('section');
      section.append(el('h2', 'From another handbook'), el('p', 'These files were exported from another site or base path, so their chapters may not be this handbook’s. They are not in the table.'));
      const list = el('ul');
      for (const person of cohort.foreign) list.append(el('li', `${person.name} (${shortId(person.fileName)}): exported from ${person.site ?? 'a handbook that does not say which'}`));
      section.append(list);
      sections.push(section);
    }
    if (cohort.refused.length) {
      const section = el('section');
      section.append(el('h2', 'Files that could not be read'));
      const list = el('ul');
      for (const file of cohort.refused) list.append(el('li', `${shortId(file.fileName)}: ${file.reason.replace(/ Nothing was changed\.$/, '')}`));
      section.append(list);
      sections.push(section);
    }
    return sections;
  }

  #downloadCsv(): void {
    const link = el('a');
    const matrix = this.#matrix(this.#cohort);
    // The rows in the order the table shows them.
    const sorted = { ...matrix, rows: sortRows(matrix.rows, this.#sort.key, this.#sort.direction) };
    link.href = URL.createObjectURL(new Blob([matrixCsv(sorted)], { type: 'text/csv' }));
    link.download = `team-progress-${new Date().toISOString().slice(0, 10)}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }
}

customElements.define('handbook-team-progress', HandbookTeamProgress);
