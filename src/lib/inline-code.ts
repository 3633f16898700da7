/**
 * Checklist text is plain frontmatter, but commands read better as code: `backticks` mark them,
 * as in Markdown. Splits text into plain and code segments; an unmatched backtick stays text.
 */
export type Segment = { code: boolean; text: string };

export function inlineCode(text: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) segments.push({ code: false, text: text.slice(last, match.index) });
    segments.push({ code: true, text: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ code: false, text: text.slice(last) });
  return segments;
}
