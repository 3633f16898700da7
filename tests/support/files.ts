/** Listing files: every HTML file of a built site, every file of a source folder. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Generated or installed, never a lab's or a chapter's own file.
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '__pycache__', '.terraform', '.venv']);

/** Every file under a folder (none if it does not exist), skipping generated and installed folders. */
export const walk = (dir: string): string[] => {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    if (SKIPPED_DIRS.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
};

export const htmlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? htmlFiles(path) : entry.name.endsWith('.html') ? [path] : [];
  });
