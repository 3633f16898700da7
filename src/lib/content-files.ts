/**
 * Lists the page files of a docs folder straight from the file system: the sidebar is built in the
 * Astro config, before Astro has loaded any content.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Starlight's docs loader reads these; names starting with "_" are skipped, as it skips them. */
const PAGE_FILE = /^[^_.][^/]*\.(md|mdx|mdoc|markdown)$/;

export function listPageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('_') ? [] : listPageFiles(path);
    return PAGE_FILE.test(entry.name) ? [path] : [];
  });
}
