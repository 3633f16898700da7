/**
 * Lists the slugs of the pages in a docs folder straight from the file system, before Astro has
 * loaded them, so the schema can check that cross-references point at real pages.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Starlight's docs loader reads these; names starting with "_" are skipped, as it skips them. */
const PAGE_FILE = /^[^_.][^/]*\.(md|mdx|mdoc|markdown)$/;

/** "devops/Containers.mdx" -> "devops/containers"; "index.mdx" -> "" (Starlight's slug rules for plain names). */
export function slugFromPath(relativePath: string): string {
  const segments = relativePath
    .split(/[\\/]/)
    .map((segment) => segment.toLowerCase().replace(/\s+/g, '-'));
  segments[segments.length - 1] = segments[segments.length - 1]!.replace(/\.[^.]+$/, '');
  if (segments[segments.length - 1] === 'index') segments.pop();
  return segments.join('/');
}

export function listPageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('_') ? [] : listPageFiles(path);
    return PAGE_FILE.test(entry.name) ? [path] : [];
  });
}

export function listDocSlugs(dir: string): Set<string> {
  return new Set(listPageFiles(dir).map((file) => slugFromPath(relative(dir, file).split(sep).join('/'))));
}
