/**
 * A data file that is a YAML list of entries, read the way the glossary and the versions file are: each
 * entry validated by its schema, every problem collected with the entry it is about, and keys that two
 * entries may not share (a term's anchor, a version entry's image...). The callers phrase the error.
 */
import type { z } from 'astro/zod';
import { parse } from 'yaml';

/**
 * Records that the entry `name` uses `key`; a second entry using it is a problem, written
 * `<shown>: <what> is already used by "<first entry's name>"`.
 */
export type Claim = (key: string, what: string, name: string, shown?: string) => void;

/**
 * Parses `text` and validates each entry with `schema`, then hands each valid entry to `visit` in file
 * order, with `claim` and `report` for the checks across entries. `nameField` labels an entry that fails
 * its schema ("entry 3 ("Canary release")"); `listOf` says what the list holds, for a file that is not
 * a list. Returns every problem in file order; the caller phrases the error.
 */
export function readEntryList<S extends z.ZodType>(
  text: string,
  file: string,
  listOf: string,
  schema: S,
  nameField: string,
  visit: (entry: z.infer<S>, claim: Claim, report: (problem: string) => void) => void,
): string[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new Error(`${file}: ${listOf}`);
  const problems: string[] = [];
  const report = (problem: string) => problems.push(problem);
  const claimed = new Map<string, string>();
  const claim: Claim = (key, what, name, shown = name) => {
    const previous = claimed.get(key);
    if (previous) report(`${shown}: ${what} is already used by "${previous}"`);
    else claimed.set(key, name);
  };
  data.forEach((raw, index) => {
    const result = schema.safeParse(raw);
    if (result.success) return visit(result.data, claim, report);
    const name = raw && typeof raw === 'object' && nameField in raw ? ` ("${String((raw as Record<string, unknown>)[nameField])}")` : '';
    for (const issue of result.error.issues) report(`entry ${index + 1}${name}: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
  });
  return problems;
}
