// Progress sync's weight on a page, as pages ship it (minified by esbuild, gzip level 9). On: the
// footer's <handbook-progress-sync> on every page, plus on pages with progress the client it loads,
// without the progress store and record rules those pages already have. Off: the files of a build
// without sync that mention it, which must be none.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

async function gzipOf(entry, external) {
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', write: false, target: 'es2022', external });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

export async function syncWeight(root, distWithoutSync) {
  const shell = await gzipOf(join(root, 'src/components/handbook-progress-sync.ts'), ['./progress-sync-client']);
  const client = await gzipOf(join(root, 'src/components/progress-sync-client.ts'), ['*page-store', '*progress-record']);
  const mentions = readdirSync(distWithoutSync, { recursive: true })
    .map(String)
    .filter((file) => /\.(html|js)$/.test(file) && readFileSync(join(distWithoutSync, file), 'utf8').includes('handbook-progress-sync'));
  return { shell, progressPage: shell + client, offMentions: mentions.length };
}
