/**
 * The tool index, generated from the chapters' own "Tools landscape" tables (Tool | What it is for |
 * Pick it when): add a row to a chapter and the index follows, so it cannot go stale.
 */

export interface ToolRow {
  name: string;
  purpose: string;
}

/** Markdown of a table cell to plain text: links to their text, emphasis and code marks dropped. */
export function plainCell(cell: string): string {
  return cell
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\\\|/g, '|')
    .replace(/\s+/g, ' ')
    .trim();
}

const splitRow = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());

/** The rows of the first table under a "## Tools…" heading, or none. */
export function toolsFromChapter(body: string): ToolRow[] {
  const lines = body.split('\n');
  const heading = lines.findIndex((line) => /^##\s+Tools\b/i.test(line));
  if (heading < 0) return [];
  const rows: ToolRow[] = [];
  let inTable = false;
  for (const line of lines.slice(heading + 1)) {
    if (/^##\s/.test(line)) break;
    if (!line.trim().startsWith('|')) {
      if (inTable) break;
      continue;
    }
    inTable = true;
    const cells = splitRow(line);
    if (cells.every((cell) => /^:?-{3,}:?$/.test(cell))) continue;
    rows.push({ name: plainCell(cells[0] ?? ''), purpose: plainCell(cells[1] ?? '') });
  }
  // The first row is the header.
  return rows.slice(1).filter((row) => row.name);
}

export interface IndexedTool extends ToolRow {
  anchor: string;
  chapters: { id: string; title: string }[];
}

export const toolAnchor = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Merges the chapters' rows by tool name; the purpose comes from the first chapter in learning order. */
export function buildToolIndex(chapters: readonly { id: string; title: string; body: string }[]): IndexedTool[] {
  const tools = new Map<string, IndexedTool>();
  for (const chapter of chapters) {
    for (const row of toolsFromChapter(chapter.body)) {
      const key = toolAnchor(row.name);
      const tool = tools.get(key) ?? { ...row, anchor: key, chapters: [] };
      if (!tool.chapters.some((entry) => entry.id === chapter.id)) tool.chapters.push({ id: chapter.id, title: chapter.title });
      tools.set(key, tool);
    }
  }
  return [...tools.values()].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
}
