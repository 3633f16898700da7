/** Loads the project's glossary file, validated against the pages that exist. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { listDocSlugs } from './content-files';
import { parseGlossary, type GlossaryTerm } from './glossary';

export const GLOSSARY_FILE = 'src/data/glossary.yaml';

let cached: GlossaryTerm[] | undefined;

export function loadGlossary(root = process.cwd()): GlossaryTerm[] {
  cached ??= parseGlossary(readFileSync(resolve(root, GLOSSARY_FILE), 'utf8'), listDocSlugs(resolve(root, 'src/content/docs')), GLOSSARY_FILE);
  return cached;
}
