/**
 * The glossary: one YAML file (src/data/glossary.yaml), read by this one parser for the content
 * collection (the glossary page, each chapter's key terms) and for the Markdown plugin that links
 * first mentions. A malformed entry or a duplicate term, anchor or alias stops the build naming the
 * entry; page-rules.ts checks that the chapters a term names exist.
 */
import { z } from 'astro/zod';
import { readEntryList } from './entry-list';
import { slugify } from './urls';

const ANCHOR = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const glossaryEntrySchema = z.strictObject({
  term: z.string().trim().min(1),
  anchor: z.string().regex(ANCHOR, { error: 'an anchor is kebab-case, e.g. "error-budget"' }).optional(),
  aliases: z.array(z.string().trim().min(2)).default([]),
  definition: z.string().trim().min(20, { error: 'a definition is a sentence or two' }).max(600, { error: 'a definition is one or two sentences (600 characters at most)' }),
  chapters: z.array(z.string()).min(1, { error: 'name the chapter (or chapters) that teach the term' }),
  /** false for words so common in the handbook that linking them in every chapter is noise ("DevOps"). */
  autolink: z.boolean().default(true),
});

export interface GlossaryTerm {
  term: string;
  anchor: string;
  aliases: string[];
  definition: string;
  chapters: string[];
  autolink: boolean;
}


/** Parses and validates the glossary; throws one error listing every problem, each naming its entry. */
export function parseGlossary(text: string, file = 'src/data/glossary.yaml'): GlossaryTerm[] {
  const terms: GlossaryTerm[] = [];
  const problems = readEntryList(text, file, 'the glossary is a YAML list of terms', glossaryEntrySchema, 'term', (entry, claim) => {
    const anchor = entry.anchor ?? slugify(entry.term);
    claim(`anchor:${anchor}`, `the anchor "${anchor}"`, entry.term);
    for (const name of [entry.term, ...entry.aliases]) claim(`name:${name.toLowerCase()}`, `the name "${name}"`, entry.term);
    terms.push({ ...entry, anchor });
  });
  if (problems.length) throw new Error(`${file} has problems:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  return terms.sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));
}

/**
 * The names a term is recognised by in running text: its aliases, and its name without a parenthesised
 * abbreviation ("Service level objective (SLO)"). A parenthesised qualifier ("Deployment (Kubernetes)")
 * marks an everyday word used in a narrow sense, so the bare word is not matched.
 */
export function namesOf(term: GlossaryTerm): string[] {
  const qualifier = term.term.match(/\(([^)]*)\)/)?.[1];
  const bare = term.term.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  const names = qualifier && !/^[A-Z0-9/&-]+s?$/.test(qualifier) ? term.aliases : [bare, ...term.aliases];
  return [...new Set(names.filter((name) => name.length >= 2))];
}

export type Segment = { text: string } | { text: string; term: GlossaryTerm };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Finds terms in running text; longer names win ("error budget" before "error"). */
export function createMatcher(terms: readonly GlossaryTerm[]) {
  const byName = new Map<string, GlossaryTerm>();
  for (const term of terms.filter((entry) => entry.autolink)) for (const name of namesOf(term)) byName.set(name.toLowerCase(), term);
  const names = [...byName.keys()].sort((a, b) => b.length - a.length);
  const pattern = names.length ? new RegExp(`(?<![\\w-])(${names.map(escape).join('|')})(?![\\w-])`, 'gi') : null;

  /** Splits text, linking each term the first time it appears (`seen` carries across a page's text). */
  return function linkFirstMentions(text: string, seen: Set<string>): Segment[] {
    if (!pattern) return [{ text }];
    const segments: Segment[] = [];
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      const term = byName.get(match[0].toLowerCase())!;
      if (seen.has(term.anchor)) continue;
      seen.add(term.anchor);
      if (match.index > last) segments.push({ text: text.slice(last, match.index) });
      segments.push({ text: match[0], term });
      last = match.index + match[0].length;
    }
    if (last < text.length) segments.push({ text: text.slice(last) });
    return segments.length ? segments : [{ text }];
  };
}
