/** Reads labs/manual-steps.yaml and labs/manual-runs.json for the chapter pages (once per build). */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chapterRunLine, parseManifest, parseRecord, type ManualLab, type RunRecord } from './manual-labs';

export const MANIFEST_FILE = 'labs/manual-steps.yaml';
export const RECORD_FILE = 'labs/manual-runs.json';

const loaded = new Map<string, { labs: ManualLab[]; record: RunRecord }>();

function load(root: string) {
  if (!loaded.has(root)) {
    const record = resolve(root, RECORD_FILE);
    loaded.set(root, {
      labs: parseManifest(readFileSync(resolve(root, MANIFEST_FILE), 'utf8')),
      record: parseRecord(existsSync(record) ? readFileSync(record, 'utf8') : undefined),
    });
  }
  return loaded.get(root)!;
}

/** The chapter's "Lab steps needing Docker ...: ..." line, or undefined when no lab of it has manual steps. */
export function manualRunLine(chapterId: string, root = process.cwd()): string | undefined {
  const { labs, record } = load(root);
  return chapterRunLine(labs.filter((lab) => lab.chapter === chapterId), record);
}
