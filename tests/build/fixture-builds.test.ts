/**
 * Builds of the project with broken pages: a maintainer's mistake fails the build and names the
 * file and the field, and a dead link fails it under a base path. Each case copies the project
 * into a temporary folder inside .cache/ (so it finds node_modules by walking up, as a symlink would
 * confuse Vite), adds its pages and runs Astro there. The cases run side by side.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve('.');
/** Astro builds side by side on a small machine: give each a few minutes. */
const SLOW = 300_000;
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function projectWith(pages: Record<string, string>): string {
  mkdirSync(join(root, '.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, '.cache', 'fixture-'));
  copies.push(dir);
  for (const entry of ['astro.config.mjs', 'handbook.config.ts', 'package.json', 'tsconfig.json', 'src', 'public', 'labs', 'deploy']) {
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  for (const [path, text] of Object.entries(pages)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const page = (frontmatter: string, body = 'Body.') => `---\n${frontmatter}\n---\n\n${body}\n`;
const docs = (file: string) => `src/content/docs/${file}`;

// Vitest mirrors import.meta.env into process.env (BASE_URL, MODE, NODE_ENV=test...); a child
// Astro must not inherit them, or it builds with the wrong base and mode.
const VITEST_ENV = /^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*|TEST)$/;
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => !VITEST_ENV.test(key)));

function astro(dir: string, command: 'sync' | 'build', env: Record<string, string> = {}): Promise<{ status: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), command], {
      cwd: dir,
      env: { ...cleanEnv(), NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (status) => done({ status, output }));
  });
}

const chapter = (overrides: string, track = 'devops', order = 99) =>
  [`title: Broken chapter`, `track: ${track}`, `order: ${order}`, 'minutes: 60', 'level: beginner', 'reviewed: 2026-11-01', 'checkedAgainst: { Docker Engine: "29.0" }', overrides].join('\n');
const items = (ids: string[]) => `checklist:\n${ids.map((id) => `  - id: ${id}\n    text: Item ${id}`).join('\n')}`;
const six = items(['a', 'b', 'c', 'd', 'e', 'f']);
const question = (id: string, extra = '') =>
  `  - id: ${id}\n    question: What happens when the ${id} case comes up?\n    teaches: "#intro"\n${extra ||
    '    choices:\n      - id: right\n        text: The right thing.\n        correct: true\n        why: Because that is what the chapter teaches.\n      - id: wrong\n        text: The wrong thing.\n        why: Because that is the mistake the chapter warns of.'}`;
const SHOWN = '## Intro\n\nText.\n\n<KnowledgeCheck />\n\n<Checklist />';
const IMPORTS = "import Checklist from '~/components/Checklist.astro';\nimport KnowledgeCheck from '~/components/KnowledgeCheck.astro';\n\n";

describe('bad frontmatter fails the build naming the file and the field', () => {
  it.concurrent('a duplicate checklist id', { timeout: SLOW }, async () => {
    const { status, output } = await astro(projectWith({ [docs('devops/broken.mdx')]: page(chapter(items(['a', 'b', 'c', 'd', 'e', 'b']))) }), 'sync');
    expect(status).not.toBe(0);
    expect(output).toContain('devops/broken');
    expect(output).toMatch(/checklist\.5\.id: duplicate checklist id "b"/);
  });

  // Zod reports every issue of one entry at once (Astro stops at the first bad entry, and checks
  // duplicates only in a list whose items parse): one page, one `astro sync`, four messages.
  it.concurrent('a missing checklist id, an unknown level, a question without a right answer, a choice without its explanation', { timeout: SLOW }, async () => {
    const bad = `knowledgeCheck:\n${question('q-1')}\n${question('q-2')}\n${question('q-3')}\n${question(
      'no-right-answer',
      '    choices:\n      - id: a\n        text: A.\n        why: Because A is wrong here.\n      - id: b\n        text: B.\n        why: Because B is wrong too.',
    )}\n${question('no-why', '    choices:\n      - id: a\n        text: A.\n        correct: true\n        why: Because A is right.\n      - id: b\n        text: B.')}`;
    const checklist = `${items(['a', 'b', 'c', 'd', 'e'])}\n  - text: No id here`;
    const dir = projectWith({ [docs('devops/broken.mdx')]: page(chapter(`${checklist}\n${bad}`).replace('level: beginner', 'level: expert')) });
    const { status, output } = await astro(dir, 'sync');
    expect(status).not.toBe(0);
    expect(output).toContain('src/content/docs/devops/broken.mdx');
    expect(output).toMatch(/checklist\.5\.id: every checklist item needs an id/);
    expect(output).toMatch(/level: Invalid option/);
    expect(output).toMatch(/knowledgeCheck\.3\.choices: mark at least one choice "correct: true"/);
    expect(output).toMatch(/knowledgeCheck\.4\.choices\.1\.why: every choice needs "why"/);
  });

  it.concurrent('site-wide rules: a missing prerequisite, one that comes later, a wrong track, a dead frontmatter link, a check after the checklist, a glossary term naming no chapter', { timeout: SLOW }, async () => {
    const quiz = `knowledgeCheck:\n${['q-1', 'q-2', 'q-3', 'q-4'].map((id) => question(id)).join('\n')}`;
    const dir = projectWith({
      [docs('devops/missing-prerequisite.mdx')]: page(chapter(`prerequisites: [devops/kubernetes-deep-dive]\n${six}`), `${IMPORTS}## Intro\n\n<Checklist />`),
      [docs('devops/too-early.mdx')]: page(chapter(`prerequisites: [devops/ci-cd]\n${six}`, 'devops', 1), `${IMPORTS}## Intro\n\n<Checklist />`),
      [docs('devops/misfiled.mdx')]: page(chapter(six).replace('track: devops', 'track: mlops'), `${IMPORTS}## Intro\n\n<Checklist />`),
      [docs('devops/dead-link.mdx')]: page(chapter(`${six.replace('    text: Item a', '    text: Item a\n    link: "#no-such-section"')}\n${quiz.replace('teaches: "#intro"', 'teaches: "/devops/containers/#nope"')}`), `${IMPORTS}${SHOWN}`),
      [docs('devops/wrong-order.mdx')]: page(chapter(`${six}\n${quiz}`), `${IMPORTS}## Intro\n\n<Checklist />\n\n<KnowledgeCheck />`),
      'src/data/glossary.yaml': `${readFileSync('src/data/glossary.yaml', 'utf8')}\n- term: Zzyzx fixture term\n  definition: A term that names a chapter no page has, to prove the build says so.\n  chapters: [devops/sre]\n`,
    });
    const { status, output } = await astro(dir, 'build');
    expect(status).not.toBe(0);
    expect(output).toMatch(/devops\/missing-prerequisite\.mdx: prerequisites\.0: no page has the slug "devops\/kubernetes-deep-dive"/);
    expect(output).toMatch(/devops\/too-early\.mdx: prerequisites\.0: "devops\/ci-cd" \(order 30\) does not come before this chapter \(order 1\)/);
    expect(output).toMatch(/devops\/misfiled\.mdx: track: it is "mlops" but the page is not under mlops\//);
    expect(output).toMatch(/devops\/dead-link\.mdx: checklist\.0\.link: "#no-such-section": the page "devops\/dead-link" has no heading or anchor/);
    expect(output).toMatch(/devops\/dead-link\.mdx: knowledgeCheck\.0\.teaches: "\/devops\/containers\/#nope"/);
    expect(output).toMatch(/devops\/wrong-order\.mdx: knowledgeCheck: <KnowledgeCheck \/> comes after <Checklist \/>/);
    expect(output).toMatch(/src\/data\/glossary\.yaml: "Zzyzx fixture term": chapters\.0: no page has the slug "devops\/sre"/);
  });
});

// A good chapter's links under a base path are checked on the team's build (tests/team/base-path-links.test.ts).
describe('a dead link under a base path', () => {
  it.concurrent('fails on a Markdown link to a page or anchor that does not exist', { timeout: SLOW }, async () => {
    const dir = projectWith({
      [docs('devops/fixture.mdx')]: page(chapter(six), `${IMPORTS}See [the missing page](/devops/nope/) and [a missing anchor](/devops/containers/#no-such-heading).\n\n<Checklist />`),
    });
    const { status, output } = await astro(dir, 'build', { BASE_PATH: '/handbook/' });
    expect(status).not.toBe(0);
    expect(output).toContain('devops/fixture');
    expect(output).toContain('/handbook/devops/nope/');
    expect(output).toContain('/handbook/devops/containers/#no-such-heading');
  });
});
