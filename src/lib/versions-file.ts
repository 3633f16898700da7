/** Reads the project's versions file (for the Markdown plugin and the page rules, which run outside content loading). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { VERSIONS_FILE, parseVersions, type VersionEntry } from './versions';

export const loadVersions = (root = process.cwd()): VersionEntry[] => parseVersions(readFileSync(resolve(root, VERSIONS_FILE), 'utf8'), VERSIONS_FILE);
