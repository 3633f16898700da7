import { describe, expect, it } from 'vitest';
import type { CatalogChapter } from '../../src/lib/catalog';
import {
  MAX_PASTE_BYTES,
  MAX_TRACKER_URL_LENGTH,
  issueMarkdown,
  issueTitle,
  newIssueUrl,
  parseTaskList,
  trackerIssueLink,
  type OnboardingPath,
} from '../../src/lib/onboarding-issue';
import { applyChange, doneIds, emptyRecord, isDone, type ProgressRecord } from '../../src/lib/progress-record';
import { ISSUE_TOO_LONG, issueReadyText, pasteSummaryText } from '../../src/lib/onboarding-messages';
import { markdownReport } from '../../src/lib/progress-report';

const SITE = 'https://intranet.acme.example/handbook/';
const NOW = '2026-12-02T10:00:00.000Z';

const chapter = (id: string, title: string, items: [string, string][]): CatalogChapter => ({
  id,
  title,
  href: `/handbook/${id}/`,
  track: id.split('/')[0]!,
  items: items.map(([item, text]) => ({ id: item, text })),
  questions: [],
});
const CHAPTERS: CatalogChapter[] = [
  chapter('team/welcome', 'Welcome to the platform team', [
    ['laptop-ready', 'Your laptop has the *team* toolchain and `kubectl` works'],
    ['met-buddy', 'You met your onboarding buddy'],
    ['read-runbook', 'You read the [on-call runbook](/team/runbook/) and know where it lives'],
  ]),
  chapter('devops/containers', 'Containers and orchestration', [
    ['non-root-image', "Your service's image runs as a non-root user"],
    ['small-image', 'Your image is under 200 MB [and] **pinned** by digest'],
    ['notes', 'You wrote down what surprised you'],
  ]),
  chapter('devops/ci-cd', 'CI/CD', [
    ['notes', 'You wrote down what surprised you'],
    ['pipeline', 'Every pull request runs `npm ci` and the tests'],
  ]),
  chapter('start/backend-vs-devops', 'Backend vs DevOps', []),
];
const PATH: OnboardingPath = {
  title: 'Platform engineer: weeks 1-4',
  url: `${SITE}team/platform-path/`,
  steps: [
    { title: 'Week 1: accounts and people', pages: ['team/welcome', 'start/backend-vs-devops'] },
    { title: 'Weeks 2-3: containers', note: 'Do the lab on your laptop, then on staging.', pages: ['devops/containers', 'devops/ci-cd'] },
    { title: 'Week 4: on-call shadow', pages: ['team/welcome'] },
  ],
};
const HANDBOOK = { title: 'Acme Engineering Handbook', site: SITE };

const ticks = (...pairs: [string, string][]): ProgressRecord =>
  pairs.reduce((record, [chapterId, item]) => applyChange(record, { type: 'tick', chapter: chapterId, item, done: true }, NOW), emptyRecord());
const ticked = (record: ProgressRecord) => CHAPTERS.flatMap((c) => doneIds(record, c.id).map((id) => `${c.id}#${id}`)).sort();
/** Ticks the task whose line contains `words`, as a reader does in the tracker. */
const tickLine = (markdown: string, words: string) => markdown.replace(new RegExp(`^- \\[ \\] (.*${words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'm'), '- [x] $1');
const parse = (text: string, site = SITE) => parseTaskList(text, site, CHAPTERS, NOW);

describe('the onboarding issue’s Markdown', () => {
  const { markdown, counts } = issueMarkdown(PATH, HANDBOOK, CHAPTERS, ticks(['devops/containers', 'small-image']));
  const tasks = markdown.split('\n').filter((line) => /^- \[[ x]\] /.test(line));

  it('has one task per checklist item, each once, linking to the item under the base path', () => {
    expect(tasks).toHaveLength(8);
    expect(counts).toEqual({ items: 8, ticked: 1, chapters: 3 });
    expect(tasks).toContain(`- [ ] [Your service's image runs as a non-root user](${SITE}devops/containers/#check--devops--containers--non-root-image)`);
    const anchors = tasks.map((line) => /\((https:[^)]+)\)$/.exec(line)![1]);
    expect(new Set(anchors).size).toBe(8);
    for (const anchor of anchors) expect(anchor).toMatch(/^https:\/\/intranet\.acme\.example\/handbook\/[a-z-]+\/[a-z-]+\/#check--[a-z-]+--[a-z-]+--[a-z-]+$/);
  });

  it('groups tasks by step and chapter, lists a repeated page’s tasks once, and says where', () => {
    const outline = markdown.split('\n').filter((line) => /^#{2,3} |^Its tasks|^This page has no/.test(line));
    expect(outline).toEqual([
      '## Week 1: accounts and people',
      `### [Welcome to the platform team](${SITE}team/welcome/)`,
      `### [Backend vs DevOps](${SITE}start/backend-vs-devops/)`,
      'This page has no checklist: read it.',
      '## Weeks 2-3: containers',
      `### [Containers and orchestration](${SITE}devops/containers/)`,
      `### [CI/CD](${SITE}devops/ci-cd/)`,
      '## Week 4: on-call shadow',
      `### [Welcome to the platform team](${SITE}team/welcome/)`,
      'Its tasks are listed under “Week 1: accounts and people”.',
    ]);
    expect(markdown).toContain('\n*Do the lab on your laptop, then on staging.*\n');
    expect(markdown.split('\n')[0]).toContain(`[Platform engineer: weeks 1-4](${SITE}team/platform-path/)`);
    expect(markdown.split('\n')[0]).toContain(`[progress page](${SITE}progress/)`);
  });

  it('pre-ticks what the reader has ticked, keeps code and emphasis, and never nests a link', () => {
    expect(tasks).toContain(`- [x] [Your image is under 200 MB \\[and\\] **pinned** by digest](${SITE}devops/containers/#check--devops--containers--small-image)`);
    expect(tasks).toContain(`- [ ] [Your laptop has the *team* toolchain and \`kubectl\` works](${SITE}team/welcome/#check--team--welcome--laptop-ready)`);
    expect(tasks).toContain(`- [ ] [You read the on-call runbook and know where it lives](${SITE}team/welcome/#check--team--welcome--read-runbook)`);
  });

  it('titles the issue after the path, within trackers’ title limits', () => {
    expect(issueTitle(PATH.title)).toBe('Onboarding: Platform engineer: weeks 1-4');
    expect(issueTitle('x'.repeat(400))).toHaveLength(255);
  });
});

describe('pasting a task list back', () => {
  const fresh = issueMarkdown(PATH, HANDBOOK, CHAPTERS, emptyRecord()).markdown;

  it('reads back exactly the ticks made in the text (round trip)', () => {
    const edited = ['non-root-image', 'met-buddy', 'pipeline'].reduce((text, item) => text.replace(new RegExp(`^- \\[ \\] (.*#check--[a-z-]+--${item}\\))$`, 'm'), '- [x] $1'), fresh);
    const result = parse(edited);
    if (!result.ok) throw new Error(result.error);
    expect(ticked(result.record)).toEqual(['devops/ci-cd#pipeline', 'devops/containers#non-root-image', 'team/welcome#met-buddy']);
    expect(result.summary).toMatchObject({ site: SITE, ticks: 3, chapters: 3, answers: 0 });
    expect(result.unticked).toBe(5);
    expect(result.unknownLines).toBe(0);
    // The ticks are changes made now, like a tick on the page.
    expect(result.record.items.get('team/welcome')!.get('met-buddy')).toEqual({ done: true, changedAt: NOW, tickedAt: NOW });
  });

  it('finds tasks by their link even when the wording has changed since', () => {
    const reworded = tickLine(fresh, 'non-root user').replace("Your service's image runs as a non-root user", 'Old wording of the item');
    const result = parse(reworded);
    expect(result.ok && ticked(result.record)).toEqual(['devops/containers#non-root-image']);
  });

  it('matches by chapter heading and text when a tracker dropped the links', () => {
    let text = tickLine(tickLine(fresh, 'non-root user'), 'kubectl');
    // Ticked under CI/CD: the same words as an item of Containers, told apart by the heading.
    text = text.replace(/^- \[ \] (\[You wrote down what surprised you\]\(https:[^)]+ci-cd[^)]+\))$/m, '- [x] $1');
    // What a copy of the rendered issue keeps: no link targets, no brackets, no code marks, plain headings.
    const stripped = text
      .replace(/\]\([^)]*\)/g, '')
      .replace(/\[(?![ x]\])/g, '')
      .replace(/`/g, '')
      .replace(/^#+ /gm, '');
    expect(stripped).not.toContain('#check--');
    expect(stripped).toContain('- [x] Your laptop has the *team* toolchain and kubectl works');
    const result = parse(stripped);
    if (!result.ok) throw new Error(result.error);
    expect(ticked(result.record)).toEqual(['devops/ci-cd#notes', 'devops/containers#non-root-image', 'team/welcome#laptop-ready']);
    expect(result.summary.site).toBeNull();
    expect(result.unknownLines).toBe(0);
  });

  it('reads task lists in any tracker’s spelling, and the progress report’s Markdown', () => {
    const list = ['* [X] You met your onboarding buddy', '1. [x] Your service’s image runs as a non-root user', '  + [~] Your image is under 200 MB [and] pinned by digest'].join('\r\n');
    const result = parse(list);
    expect(result.ok && ticked(result.record)).toEqual(['devops/containers#non-root-image', 'team/welcome#met-buddy']);
    const report = markdownReport([{ track: 'all', label: 'All', chapters: CHAPTERS }], ticks(['devops/ci-cd', 'notes'], ['team/welcome', 'read-runbook']), { title: 'Acme', origin: 'https://intranet.acme.example' }, new Date(NOW));
    const fromReport = parse(report);
    expect(fromReport.ok && ticked(fromReport.record)).toEqual(['devops/ci-cd#notes', 'team/welcome#read-runbook']);
  });

  it('never unticks: unticked tasks leave ticks made elsewhere in place', () => {
    const mine = ticks(['devops/containers', 'non-root-image'], ['devops/containers', 'small-image']);
    const result = parse(tickLine(fresh, 'met your onboarding buddy'));
    if (!result.ok) throw new Error(result.error);
    expect(result.record.items.get('devops/containers')).toBeUndefined();
    const merged = applyChange(mine, { type: 'merge', record: result.record }, NOW);
    expect(isDone(merged, 'devops/containers', 'non-root-image')).toBe(true);
    expect(isDone(merged, 'devops/containers', 'small-image')).toBe(true);
    expect(isDone(merged, 'team/welcome', 'met-buddy')).toBe(true);
  });

  it('counts lines that are not this handbook’s items, and reads the rest', () => {
    const text = `${tickLine(fresh, 'met your onboarding buddy')}\n- [x] Order a laptop\n- [ ] Book the team lunch\n1. [x] Ask for VPN access\n`;
    const result = parse(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.unknownLines).toBe(3);
    expect(ticked(result.record)).toEqual(['team/welcome#met-buddy']);
    const summary = pasteSummaryText({ ticks: 1, newTicks: 1, chapters: 1, unticked: result.unticked, unknownLines: 3 }, result.summary.site, SITE, true);
    expect(summary).toContain('3 lines were not items of this handbook.');
    expect(summary).toContain('Its 7 unticked items change nothing');
    expect(summary).not.toContain('another handbook');
    expect(summary).toMatch(/^The pasted task list ticks 1 item in 1 chapter, not ticked here yet\./);
    const some = { ticks: 3, chapters: 2, unticked: 0, unknownLines: 0 };
    expect(pasteSummaryText({ ...some, newTicks: 1 }, null, SITE, true)).toMatch(/^The pasted task list ticks 3 items in 2 chapters, 2 of them ticked here already\. Merging adds these ticks to your progress and removes none\.$/);
    expect(pasteSummaryText({ ...some, newTicks: 0 }, null, SITE, true)).toContain('all of them ticked here already');
  });

  it('says when the links point to another handbook', () => {
    const theirs = issueMarkdown(PATH, { title: 'Other', site: 'https://other.example/' }, CHAPTERS, ticks(['devops/ci-cd', 'pipeline'])).markdown;
    const result = parse(theirs);
    if (!result.ok) throw new Error(result.error);
    expect(result.summary.site).toBe('https://other.example/');
    expect(pasteSummaryText({ ticks: 1, newTicks: 1, chapters: 1, unticked: 0, unknownLines: 0 }, result.summary.site, SITE, false)).toContain(
      `Its links point to another handbook, https://other.example/, not to this one (${SITE})`,
    );
    // Another base path on the same host is another handbook too.
    const sibling = parse(theirs.replaceAll('https://other.example/', 'https://intranet.acme.example/docs/'));
    expect(sibling.ok && sibling.summary.site).toBe('https://intranet.acme.example/docs/');
    // Links to items this handbook does not have: nothing to read, and the message says whose they are.
    const unknown = parse('- [x] [Something](https://other.example/handbook/ops/pager/#check--ops--pager--rota)');
    expect(unknown).toEqual({ ok: false, error: expect.stringMatching(/ticks none of this handbook’s checklist items \(1 line was not an item of this handbook\)\. Its links point to another handbook, https:\/\/other\.example\/handbook\/\. Nothing was changed\./) });
  });

  it('refuses empty, hostile and huge text with a clear message', () => {
    expect(parse('')).toEqual({ ok: false, error: expect.stringMatching(/^There is nothing to read.*Nothing was changed\.$/) });
    expect(parse('  \n\t\n')).toMatchObject({ ok: false });
    expect(parse('<script>alert(1)</script>\n<img src=x onerror=alert(1)>')).toEqual({ ok: false, error: expect.stringMatching(/^This text has no task list.*Nothing was changed\.$/) });
    const hostile = parse('- [x] <img src=x onerror=alert(1)>\n- [x] [__proto__](https://x.example/a/b/#check--__proto__--constructor)\n- [ ] You met your onboarding buddy');
    expect(hostile).toEqual({ ok: false, error: expect.stringMatching(/ticks none of this handbook’s checklist items \(1 item of this handbook is in it unticked; 2 lines were not items of this handbook\)/) });
    const huge = parse(`${fresh}${'x'.repeat(MAX_PASTE_BYTES)}`);
    expect(huge).toEqual({ ok: false, error: expect.stringMatching(/^This text is 1\.0 MB, far more than an issue’s task list can be \(at most 1 MB\), so it was not read\. Nothing was changed\.$/) });
  });

  it('reads the largest text it accepts quickly, however it is built', () => {
    const room = MAX_PASTE_BYTES - 100;
    for (const filler of ['](http://', '- [x] http://a#check--', '### [a](http://x/', '](', 'http://http://']) {
      const text = `- [x] ${filler.repeat(Math.floor(room / filler.length))}`;
      const started = performance.now();
      const result = parse(text);
      expect(result.ok, filler).toBe(false);
      expect(performance.now() - started, filler).toBeLessThan(2_000);
    }
  });
});

describe('the tracker’s new-issue link', () => {
  const title = issueTitle(PATH.title);
  const body = issueMarkdown(PATH, HANDBOOK, CHAPTERS, emptyRecord()).markdown;

  it('fills in GitHub’s title and body', () => {
    const link = trackerIssueLink({ kind: 'github', projectUrl: 'https://github.com/acme/onboarding' }, title, body);
    expect(link.withBody).toBe(true);
    const url = new URL(link.href);
    expect(`${url.origin}${url.pathname}`).toBe('https://github.com/acme/onboarding/issues/new');
    expect([...url.searchParams.keys()]).toEqual(['title', 'body']);
    expect(url.searchParams.get('title')).toBe(title);
    expect(url.searchParams.get('body')).toBe(body);
  });

  it('fills in GitLab’s issue[title] and issue[description], subgroups included', () => {
    const tracker = { kind: 'gitlab' as const, projectUrl: 'https://gitlab.acme.example/eng/platform/onboarding' };
    expect(newIssueUrl(tracker)).toBe('https://gitlab.acme.example/eng/platform/onboarding/-/issues/new');
    const link = trackerIssueLink(tracker, title, body);
    const url = new URL(link.href);
    expect(link.withBody).toBe(true);
    expect(url.pathname).toBe('/eng/platform/onboarding/-/issues/new');
    expect(url.searchParams.get('issue[title]')).toBe(title);
    expect(url.searchParams.get('issue[description]')).toBe(body);
    expect(link.href.length).toBeLessThanOrEqual(MAX_TRACKER_URL_LENGTH);
  });

  it('carries the title alone when the body would make the link too long', () => {
    const tracker = { kind: 'gitlab' as const, projectUrl: 'https://gitlab.acme.example/platform/onboarding' };
    const full = trackerIssueLink(tracker, title, body);
    // At exactly the full link's length it still fits; one character less and the body stays out.
    expect(trackerIssueLink(tracker, title, body, full.href.length)).toEqual(full);
    const short = trackerIssueLink(tracker, title, body, full.href.length - 1);
    expect(short.withBody).toBe(false);
    const url = new URL(short.href);
    expect(url.searchParams.get('issue[title]')).toBe(title);
    expect(url.searchParams.has('issue[description]')).toBe(false);

    const long = trackerIssueLink({ kind: 'github', projectUrl: 'https://github.com/acme/onboarding' }, title, body.repeat(20));
    expect(long.withBody).toBe(false);
    expect(long.href.length).toBeLessThanOrEqual(MAX_TRACKER_URL_LENGTH);
    expect(new URL(long.href).searchParams.has('body')).toBe(false);
  });

  it('says what the link does, and that a long body has to be pasted', () => {
    const counts = { items: 8, ticked: 2, chapters: 3 };
    expect(issueReadyText(counts, true, { name: 'GitLab', withBody: true })).toBe(
      'Copied the issue’s Markdown: 8 tasks in 3 chapters, 2 ticked as in your progress. The link below opens a new GitLab issue with its title and this text filled in.',
    );
    expect(issueReadyText(counts, true, { name: 'GitHub', withBody: false })).toContain(ISSUE_TOO_LONG);
    expect(ISSUE_TOO_LONG).toBe('The body is too long for a link: copy it and paste it into the form.');
    expect(issueReadyText(counts, false, null)).toMatch(/^Your browser did not allow copying: .* is selected below, copy it by hand\. Paste it into a new issue/);
  });
});
