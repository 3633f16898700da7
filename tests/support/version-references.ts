/**
 * Finds every version a lab file or a chapter names — container images (`image:`, `FROM`, `docker run`,
 * `--image`), GitHub Actions (`uses:`), tools downloaded from GitHub releases, `==` pins in requirements
 * files and quoted pins in code, npm dependencies, `checkedAgainst` — and compares each with
 * src/data/versions.yaml. tests/labs/versions.test.ts runs it on labs/ and the chapters, and on
 * tests/fixtures/broken-labs/version-drift to prove a drifted file is reported with its line.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import { TOKEN, agrees, lookup, majorMinor, resolveToken, type Form, type VersionEntry } from '../../src/lib/versions';
import { MOVING_TAGS } from './moving-tags';

export { walk } from './files';

// Images the labs build themselves: their tags name builds (dev, scan, 0.1.0), not upstream versions.
const BUILT_HERE = new Set(['todo-api', 'todo-completion', 'todo-completion-api', 'handbook']);
// [registry/]name[/name...]:tag[@sha256:…], where the registry may carry a port.
const IMAGE = /^((?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9._-]+(?:\/[a-z0-9._-]+)*):([A-Za-z0-9._-]+)(?:@(sha256:[0-9a-f]{64}))?$/;
const USES = /uses:\s*["']?([A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+)@([A-Za-z0-9._-]+)/g;
const SHA = /^[0-9a-f]{40}$/;
// Releases downloaded by URL: github.com/OWNER/REPO/releases/download/TAG/… and raw files at a tag.
const RELEASE = /github\.com\/([\w.-]+\/[\w.-]+)\/releases\/download\/(v?\d[\w.-]*)\/|raw\.githubusercontent\.com\/([\w.-]+\/[\w.-]+)\/(v\d[\w.-]*)\//g;
// `pkg==1.2.3` as a line of a requirements file, or quoted in code ("numpy==2.5.3").
const REQUIREMENT = /^\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)/;
const QUOTED_PIN = /["']([A-Za-z0-9_.-]+)==([0-9][^"'\s]*)["']/g;

export interface Reference {
  form: Form | 'name';
  /** What is named: the image repository, action, package... */
  key: string;
  /** The version as written (a tag, a SHA, a pin). */
  value: string;
  digest?: string;
  file: string;
  line: number;
}

/** Image references of one line (with its continuation lines for `docker run`). */
function imageCandidates(lines: string[], index: number): string[] {
  const line = lines[index]!;
  const candidates: string[] = [];
  const image = /(?:^|\s)image:\s*["']?([^"'\s#]+)/.exec(line);
  if (image) candidates.push(image[1]!);
  const from = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(line);
  if (from) candidates.push(from[1]!);
  for (const flag of line.matchAll(/--image[= ](\S+)|node_image:\s*(\S+)|base_image="([^"]+)"|_IMAGE = "([^"]+)"/g)) candidates.push((flag[1] ?? flag[2] ?? flag[3] ?? flag[4])!);
  const run = line.indexOf('docker run');
  if (run >= 0) {
    // The command with its continuation lines; options such as -p 8080:8080 or -v a:/b do not match.
    let command = line.slice(run);
    for (let next = index; /\\\s*$/.test(lines[next]!) && next + 1 < lines.length; next++) command += ` ${lines[next + 1]}`;
    candidates.push(...command.split(/\s+/));
  }
  const inspect = /imagetools inspect (\S+)/.exec(line);
  if (inspect) candidates.push(inspect[1]!);
  return candidates;
}

/** Every version reference in one file's text. */
export function references(file: string, text: string): Reference[] {
  const lines = text.split('\n');
  const found: Reference[] = [];
  const add = (reference: Omit<Reference, 'file'>) => found.push({ ...reference, file });
  const imagesToo = /\.(ya?ml|mdx?|sh|py)$|(^|\/)Dockerfile[^/]*$/.test(file);
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (imagesToo) {
      const seen = new Set<string>();
      for (let candidate of imageCandidates(lines, index)) {
        const fallback = /^\$\{[A-Z_]+:-(.+)\}$/.exec(candidate); // ${LOCALSTACK_IMAGE:-localstack/localstack:4.14.0}
        if (fallback) candidate = fallback[1]!;
        // A placeholder digest (`@sha256:<digest>`) is cut off; a real one is compared.
        candidate = candidate.replace(/^["'`]|["'`,;)]+$/g, '').replace(/@sha256:(?![0-9a-f]{64}$)\S*$/, '');
        const match = IMAGE.exec(candidate);
        if (!match || /^\d+:/.test(candidate) || seen.has(candidate)) continue;
        seen.add(candidate);
        const image = match[1]!.replace(/^docker\.io\//, '').replace(/^library\//, '');
        if (!BUILT_HERE.has(image)) add({ form: 'image', key: image, value: match[2]!, digest: match[3], line: lineNo });
      }
    }
    for (const use of line.matchAll(USES)) add({ form: 'action', key: use[1]!, value: use[2]!, line: lineNo });
    for (const release of line.matchAll(RELEASE)) add({ form: 'release', key: (release[1] ?? release[3])!, value: (release[2] ?? release[4])!, line: lineNo });
    if (/requirements[^/]*\.txt$/.test(file)) {
      const pin = REQUIREMENT.exec(line);
      if (pin) add({ form: 'pip', key: pin[1]!.toLowerCase(), value: pin[2]!, line: lineNo });
    } else if (/\.(py|mdx?)$/.test(file)) {
      for (const pin of line.matchAll(QUOTED_PIN)) add({ form: 'pip', key: pin[1]!.toLowerCase(), value: pin[2]!, line: lineNo });
    }
  });
  if (basename(file) === 'package.json') {
    const manifest = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
    for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
      add({ form: 'npm', key: name, value: range.replace(/^[\^~]/, ''), line: lines.findIndex((line) => line.includes(`"${name}"`)) + 1 });
    }
  }
  return found;
}

/** What the versions file says a reference should be, as written in the reference's form. */
function expected(entry: VersionEntry, form: Form | 'name'): string {
  if (form === 'image') return entry.image!.tag;
  if (form === 'action') return entry.action!.sha;
  if (form === 'release') return entry.release!.tag;
  return entry.version;
}

export interface Check {
  problems: string[];
  /** Ids of the entries something named. */
  used: Set<string>;
}

/**
 * Compares every reference in `files` with the entries. In chapters (`.mdx`) an action not pinned to a
 * SHA is a deliberate example of the mistake and a moving tag is allowed only on such a line; in lab
 * files every action is pinned to a full SHA and no image uses a moving tag.
 */
export function checkFiles(files: readonly string[], entries: readonly VersionEntry[]): Check {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const chapter = file.endsWith('.mdx');
    for (const reference of references(file, text)) {
      const where = `${file}:${reference.line}`;
      const { form, key, value } = reference;
      if (form === 'image' && MOVING_TAGS.has(value)) {
        problems.push(`${where}: image ${key} names the moving tag "${value}": pin a version`);
        continue;
      }
      if (form === 'action' && !SHA.test(value)) {
        if (!chapter && !key.startsWith('./')) problems.push(`${where}: action ${key} names "${value}", not a full commit SHA`);
        continue;
      }
      const entry = lookup(entries, form as Form, key, file);
      if (!entry) {
        // Chapters quote other packages' pins as examples; lab pins and every image, action and release need an entry.
        if (!(chapter && form === 'pip')) problems.push(`${where}: ${form} ${key}@${value} has no entry in versions.yaml`);
        continue;
      }
      used.add(entry.id);
      const want = expected(entry, form);
      if (value !== want) problems.push(`${where}: ${form} ${key} names ${value}, versions.yaml says ${want}`);
      else if (reference.digest && reference.digest !== entry.image?.digest) {
        problems.push(`${where}: image ${key}:${value} names ${reference.digest}, versions.yaml says ${entry.image?.digest ?? 'no digest'}`);
      }
    }
    if (chapter) problems.push(...checkedAgainst(file, text, entries, used));
    if (chapter || file.endsWith('.md')) problems.push(...tokenProblems(file, text, entries, used));
  }
  return { problems, used };
}

/** A chapter's `checkedAgainst` against the file (the build checks the same in page-catalog.ts), with the line of each key. */
export function checkedAgainst(file: string, text: string, entries: readonly VersionEntry[], used: Set<string>): string[] {
  const frontmatter = /^---\n([\s\S]*?)\n---/.exec(text);
  const data = frontmatter ? (parse(frontmatter[1]!) as { checkedAgainst?: Record<string, string> }) : undefined;
  const lines = text.split('\n');
  return Object.entries(data?.checkedAgainst ?? {}).flatMap(([key, value]) => {
    const entry = lookup(entries, 'name', key, file);
    if (!entry) return [];
    used.add(entry.id);
    if (agrees(value, entry.version)) return [];
    const line = lines.findIndex((candidate) => candidate.replace(/["']/g, '').trimStart().startsWith(`${key}:`)) + 1;
    return [`${file}:${line}: checkedAgainst.${key} names ${value}, versions.yaml says ${entry.version} (write it or ${majorMinor(entry.version)})`];
  });
}

/**
 * Tokens: every one must be known; tokens in frontmatter are not replaced (components render those
 * fields), and lab files run as they are, so neither may hold one.
 */
function tokenProblems(file: string, text: string, entries: readonly VersionEntry[], used: Set<string>): string[] {
  const problems: string[] = [];
  const frontmatterEnd = file.endsWith('.mdx') ? text.indexOf('\n---', 4) : -1;
  for (const match of text.matchAll(TOKEN)) {
    const line = text.slice(0, match.index).split('\n').length;
    const resolved = resolveToken(entries, match[1]!);
    if ('error' in resolved) problems.push(`${file}:${line}: ${resolved.error}`);
    else used.add(match[1]!.split('.')[0]!);
    if (!file.endsWith('.mdx')) problems.push(`${file}:${line}: a lab file names the token %%${match[1]}%%; lab files run as they are: write the version`);
    else if (match.index! < frontmatterEnd) problems.push(`${file}:${line}: the token %%${match[1]}%% is in frontmatter, which the build does not expand: write the version`);
  }
  return problems;
}
