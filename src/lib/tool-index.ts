/**
 * The tool index, built from the chapters' `tools` frontmatter (the same data their "Tools
 * landscape" tables render): add a tool to a chapter and the index follows, so it cannot go stale.
 */
import { plainInline } from './inline-markdown';
import { slugify } from './urls';

export interface ToolRow {
  name: string;
  purpose: string;
}

export interface IndexedTool extends ToolRow {
  anchor: string;
  chapters: { id: string; title: string }[];
}

/** Merges the chapters' tools by name (as plain text); the purpose comes from the first chapter in learning order. */
export function buildToolIndex(chapters: readonly { id: string; title: string; tools: readonly ToolRow[] }[]): IndexedTool[] {
  const tools = new Map<string, IndexedTool>();
  for (const chapter of chapters) {
    for (const row of chapter.tools) {
      const name = plainInline(row.name);
      const anchor = slugify(name);
      const tool = tools.get(anchor) ?? { name, purpose: plainInline(row.purpose), anchor, chapters: [] };
      if (!tool.chapters.some((entry) => entry.id === chapter.id)) tool.chapters.push({ id: chapter.id, title: chapter.title });
      tools.set(anchor, tool);
    }
  }
  return [...tools.values()].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
}
