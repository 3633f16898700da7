/** Reads the project's glossary file (for the Markdown plugin, which runs before Astro loads content). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseGlossary, type GlossaryTerm } from './glossary';

export const GLOSSARY_FILE = 'src/data/glossary.yaml';

export const loadGlossary = (root = process.cwd()): GlossaryTerm[] => parseGlossary(readFileSync(resolve(root, GLOSSARY_FILE), 'utf8'), GLOSSARY_FILE);
