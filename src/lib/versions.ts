/**
 * The handbook's pinned versions: one YAML file (src/data/versions.yaml) that the labs are tested
 * against (tests/labs/versions.test.ts) and the chapters render from. A chapter writes a token such as
 * `%%node.image%%` and the Markdown plugin (src/plugins/version-tokens.ts) replaces it at build time,
 * so bumping a version in the file changes every chapter that shows it. A malformed entry or an
 * unknown token stops the build naming the entry and field, or the file and token.
 */
import { z } from 'astro/zod';
import { readEntryList } from './entry-list';

export const VERSIONS_FILE = 'src/data/versions.yaml';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REPO = /^[\w.-]+\/[\w.-]+$/;

const entrySchema = z.strictObject({
  /** The token's name: `%%id%%`, `%%id.image%%`... */
  id: z.string().regex(ID, { error: 'an id is kebab-case, e.g. "argo-rollouts"' }),
  /** Display name; also the key a chapter's `checkedAgainst` uses for it. */
  name: z.string().trim().min(1),
  /** Other `checkedAgainst` keys that mean this entry. */
  aliases: z.array(z.string().trim().min(1)).default([]),
  /** The exact version, without a "v": 24.21.0. */
  version: z.string().regex(/^\d+(\.\d+)*$/, { error: 'a version is digits and dots, without "v", e.g. "24.21.0"' }),
  /** Path prefixes where this entry wins over the unscoped one of the same name (a second line of a tool). */
  scope: z.array(z.string().min(1)).optional(),
  image: z
    .strictObject({
      repository: z.string().regex(/^[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9._-]+)*$|^[a-z0-9._-]+$/, { error: 'an image repository looks like "node" or "ghcr.io/owner/name"' }),
      tag: z.string().regex(/^[\w.-]+$/),
      digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, { error: 'a digest is "sha256:" and 64 hex digits' }).optional(),
    })
    .optional(),
  action: z
    .strictObject({
      repository: z.string().regex(REPO, { error: 'an action is "owner/repo"' }),
      sha: z.string().regex(/^[0-9a-f]{40}$/, { error: 'an action is pinned to a full 40-character commit SHA' }),
      /** The release that commit is, e.g. "v7.0.1". */
      release: z.string().min(1),
    })
    .optional(),
  release: z.strictObject({ repository: z.string().regex(REPO, { error: 'a release repository is "owner/repo"' }), tag: z.string().min(1) }).optional(),
  /** PyPI package pinned as `package==version`. */
  pip: z.string().regex(/^[A-Za-z0-9_.-]+$/).optional(),
  /** npm package at this version. */
  npm: z.string().regex(/^(@[\w.-]+\/)?[\w.-]+$/).optional(),
});

export type VersionEntry = z.output<typeof entrySchema>;
export type Form = 'image' | 'action' | 'release' | 'pip' | 'npm';

/** The key each form is looked up by (image repository, action repository, package...). */
export function formKey(entry: VersionEntry, form: Form): string | undefined {
  if (form === 'image' || form === 'action' || form === 'release') return entry[form]?.repository;
  return form === 'pip' ? entry.pip?.toLowerCase() : entry.npm;
}
const FORMS: Form[] = ['image', 'action', 'release', 'pip', 'npm'];

/** Parses and validates the file; throws one error listing every problem, each naming its entry and field. */
export function parseVersions(text: string, file = VERSIONS_FILE): VersionEntry[] {
  const entries: VersionEntry[] = [];
  const problems = readEntryList(text, file, 'the versions file is a YAML list of entries', entrySchema, 'id', (entry, claim, report) => {
    const owner = `"${entry.id}"`;
    claim(`id:${entry.id}`, `the id "${entry.id}"`, entry.id, owner);
    // Two entries for one tool are allowed only when one of them is scoped to some files.
    const scope = entry.scope ? `scope:${entry.id}:` : '';
    for (const name of [entry.name, ...entry.aliases]) claim(`${scope}name:${name}`, `the name "${name}"`, entry.id, owner);
    for (const form of FORMS) {
      const key = formKey(entry, form);
      if (key) claim(`${scope}${form}:${key}`, `the ${form} "${key}"`, entry.id, owner);
    }
    // The version is the truth; a tag or release that does not contain it was forgotten in a bump.
    const tags = { 'image.tag': entry.image?.tag, 'action.release': entry.action?.release, 'release.tag': entry.release?.tag };
    for (const [field, tag] of Object.entries(tags)) {
      if (tag && !tag.includes(entry.version)) report(`${owner}: ${field}: "${tag}" does not contain the version ${entry.version}`);
    }
    entries.push(entry);
  });
  if (problems.length) throw new Error(`${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`);
  return entries;
}

/** Whether `entry` applies to a file (a repository-relative path): scoped entries only under their scope. */
const inScope = (entry: VersionEntry, file: string) => entry.scope?.some((prefix) => file.startsWith(prefix)) ?? false;

/** The entry a file means by a key of a form: the one scoped to the file, else the unscoped one. */
export function lookup(entries: readonly VersionEntry[], form: Form | 'name', key: string, file: string): VersionEntry | undefined {
  const matches = entries.filter((entry) =>
    form === 'name' ? entry.name === key || entry.aliases.includes(key) : formKey(entry, form) === (form === 'pip' ? key.toLowerCase() : key),
  );
  return matches.find((entry) => inScope(entry, file)) ?? matches.find((entry) => !entry.scope);
}

export const majorMinor = (version: string) => version.split('.').slice(0, 2).join('.');

/** Renderings a token can ask for: `%%id%%` is the version, `%%id.form%%` one of these. */
const RENDER: Record<string, (entry: VersionEntry) => string | undefined> = {
  version: (entry) => entry.version,
  minor: (entry) => majorMinor(entry.version),
  major: (entry) => entry.version.split('.')[0],
  image: (entry) => entry.image && `${entry.image.repository}:${entry.image.tag}`,
  'image-digest': (entry) => entry.image?.digest && `${entry.image.repository}:${entry.image.tag}@${entry.image.digest}`,
  tag: (entry) => entry.image?.tag,
  digest: (entry) => entry.image?.digest,
  uses: (entry) => entry.action && `${entry.action.repository}@${entry.action.sha} # ${entry.action.release}`,
  sha: (entry) => entry.action?.sha,
  release: (entry) => entry.release?.tag ?? entry.action?.release,
  pip: (entry) => entry.pip && `${entry.pip}==${entry.version}`,
};
export const TOKEN_FORMS = Object.keys(RENDER);

/** A version token: `%%id%%` or `%%id.form%%`. Anything between `%%` pairs without spaces counts, so typos fail. */
export const TOKEN = /%%([^%\s]+)%%/g;

/** What a token stands for, or an error message saying why it is unknown. */
export function resolveToken(entries: readonly VersionEntry[], token: string): { value: string } | { error: string } {
  const [id, form = 'version', ...rest] = token.split('.');
  const entry = entries.find((candidate) => candidate.id === id);
  if (!entry) return { error: `unknown version token "%%${token}%%": no entry "${id}" in ${VERSIONS_FILE}` };
  const value = rest.length ? undefined : RENDER[form!]?.(entry);
  if (value === undefined) {
    return { error: `unknown version token "%%${token}%%": "${id}" has no "${form}" form (known forms: ${TOKEN_FORMS.filter((name) => RENDER[name]!(entry) !== undefined).join(', ')})` };
  }
  return { value };
}

/** Replaces every token in `text`; throws naming `where` (the file) and the token when one is unknown. */
export function expandTokens(text: string, entries: readonly VersionEntry[], where: string): string {
  if (!text.includes('%%')) return text;
  return text.replace(TOKEN, (_, token: string) => {
    const resolved = resolveToken(entries, token);
    if ('error' in resolved) throw new Error(`${where}: ${resolved.error}`);
    return resolved.value;
  });
}

/** A checkedAgainst value agrees with a version when it is the version or its major.minor. */
export const agrees = (value: string, version: string) => value === version || value === majorMinor(version);

/** Problems of a page's `checkedAgainst`: each key naming an entry must agree with the file. */
export function checkedAgainstProblems(checkedAgainst: Readonly<Record<string, string>> | undefined, file: string, entries: readonly VersionEntry[]): string[] {
  return Object.entries(checkedAgainst ?? {}).flatMap(([key, value]) => {
    const entry = lookup(entries, 'name', key, file);
    if (!entry || agrees(value, entry.version)) return [];
    return [`checkedAgainst.${key}: "${value}", but ${VERSIONS_FILE} says ${entry.version} ("${entry.id}"): write "${entry.version}" or "${majorMinor(entry.version)}", or bump the file`];
  });
}
