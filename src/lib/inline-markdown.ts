/**
 * Text in frontmatter (checklist items, knowledge-check questions, tools tables) is one line of
 * Markdown: `code`, **bold**, *emphasis* and [links](/path/). This parses that subset into a small
 * tree for <InlineText>; anything else stays text, and an unmatched mark stays as written.
 */
export type InlineNode =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em'; children: InlineNode[] }
  | { type: 'link'; href: string; children: InlineNode[] };

// Order matters: code first (its content is literal), then links, then bold before emphasis.
const TOKEN = /`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])/g;

export function parseInline(text: string): InlineNode[] {
  const nodes: InlineNode[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index > last) nodes.push({ type: 'text', text: text.slice(last, match.index) });
    const [, code, label, href, strong, em] = match;
    if (code !== undefined) nodes.push({ type: 'code', text: code });
    else if (label !== undefined) nodes.push({ type: 'link', href: href!, children: parseInline(label) });
    else if (strong !== undefined) nodes.push({ type: 'strong', children: parseInline(strong) });
    else nodes.push({ type: 'em', children: parseInline(em!) });
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push({ type: 'text', text: text.slice(last) });
  return nodes;
}

/** The text a reader hears or a search engine indexes: marks dropped, links reduced to their label. */
export function plainInline(text: string): string {
  const flat = (nodes: InlineNode[]): string =>
    nodes.map((node) => ('children' in node ? flat(node.children) : node.text)).join('');
  return flat(parseInline(text));
}

/** Every link target in the text, for the build's link checks. */
export function inlineLinks(text: string): string[] {
  const walk = (nodes: InlineNode[]): string[] =>
    nodes.flatMap((node) => (node.type === 'link' ? [node.href, ...walk(node.children)] : 'children' in node ? walk(node.children) : []));
  return walk(parseInline(text));
}
