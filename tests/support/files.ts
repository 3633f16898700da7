/** Every HTML file under a folder (a built site). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const htmlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? htmlFiles(path) : entry.name.endsWith('.html') ? [path] : [];
  });
