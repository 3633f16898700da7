/**
 * A Sätteri mdast plugin: replaces version tokens (`%%node.image%%`) with their value from
 * src/data/versions.yaml in prose, inline code, code fences and link targets. It runs on the Markdown
 * tree, before Expressive Code renders code blocks, so the highlighted code, its copy button and the
 * Pagefind index all see the version, never the token. An unknown token fails the build naming the file.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandTokens, type VersionEntry } from '../lib/versions';

interface Context {
  fileURL: URL | undefined;
  setProperty(node: unknown, key: string, value: unknown): void;
}

export function versionTokens(entries: readonly VersionEntry[]) {
  const where = (ctx: Context) => (ctx.fileURL ? relative(process.cwd(), fileURLToPath(ctx.fileURL)).replaceAll('\\', '/') : 'a Markdown file');
  const replace = (key: 'value' | 'url') => (node: { value?: string; url?: string }, ctx: Context) => {
    const text = node[key];
    if (typeof text !== 'string' || !text.includes('%%')) return;
    const expanded = expandTokens(text, entries, where(ctx));
    if (expanded !== text) ctx.setProperty(node, key, expanded);
  };
  return {
    name: 'handbook-version-tokens',
    text: replace('value'),
    inlineCode: replace('value'),
    code: replace('value'),
    link: replace('url'),
  };
}
