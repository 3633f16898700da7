/**
 * A chapter's source as the lab tests read it: its frontmatter parsed, its body, and the heading anchors
 * Starlight gives it (github-slugger, as Starlight's Markdown pipeline slugs headings; code blocks skipped).
 * The body's version tokens (%%node.image%%) are replaced from src/data/versions.yaml, as the build does.
 */
import { readFileSync } from 'node:fs';
import GithubSlugger from 'github-slugger';
import { parse } from 'yaml';
import { expandTokens } from '../../src/lib/versions';
import { loadVersions } from '../../src/lib/versions-file';

const versions = loadVersions();

/** The chapter file as the reader sees it: frontmatter as written, the body with its versions filled in. */
export function chapterText(path: string): string {
  const match = /^(---\n[\s\S]*?\n---\n)([\s\S]*)$/.exec(readFileSync(path, 'utf8'));
  if (!match) throw new Error(`${path}: no frontmatter block`);
  return match[1]! + expandTokens(match[2]!, versions, path);
}

export function readChapter(path: string): { frontmatter: any; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(chapterText(path));
  if (!match) throw new Error(`${path}: no frontmatter block`);
  return { frontmatter: parse(match[1]!), body: match[2]! };
}

/** The ids of a page's headings (levels 2 to 4). */
export function headingAnchors(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  return new Set(
    markdown
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .map((line) => /^#{2,4} (.+)$/.exec(line)?.[1])
      .filter((heading): heading is string => Boolean(heading))
      .map((heading) => slugger.slug(heading.replace(/`/g, ''))),
  );
}

/**
 * A chapter's code block in `lang` that starts with `first`, and the ```text block right after it: a
 * command as the reader copies it and the output the chapter says it prints, with the list-item
 * indentation of both removed. Undefined when the chapter has no such pair.
 */
export function commandAndOutput(body: string, lang: string, first: string): { code: string; output: string } | undefined {
  const escaped = first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`( *)\`\`\`${lang}\n *(${escaped}[\\s\\S]*?)\`\`\`\\s*\`\`\`text\n([\\s\\S]*?) *\`\`\``).exec(body);
  if (!match) return undefined;
  const dedent = (block: string) => block.replace(new RegExp(`^${match[1]}`, 'gm'), '');
  return { code: dedent(match[2]!), output: dedent(match[3]!) };
}
