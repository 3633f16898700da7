/**
 * A Sätteri hast plugin: the first mention of each glossary term in a page links to its glossary entry,
 * with the definition in a tooltip (shown on hover and keyboard focus; src/scripts/page-enhancements.ts adds
 * Escape to dismiss). Code, headings, existing links and the glossary page itself are left alone.
 */
import { fileURLToPath } from 'node:url';
import { createMatcher, type GlossaryTerm } from '../lib/glossary';
import { glossaryHref } from '../lib/urls';

interface HastElement {
  type: 'element';
  tagName: string;
  properties?: Record<string, unknown>;
  children?: unknown[];
}
interface Context {
  parent(node: unknown): unknown;
  replaceNode(node: unknown, replacement: unknown[]): void;
}

const SKIP_TAGS = new Set(['a', 'code', 'pre', 'kbd', 'samp', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'script', 'style', 'button', 'label', 'summary', 'figcaption', 'svg']);
/** Pages that get no term links: the glossary itself and the pages that are not reading material. */
const SKIP_PAGES = /src\/content\/docs\/(reference\/glossary|index|progress|print)\.mdx?$/;

const isElement = (node: unknown): node is HastElement => typeof node === 'object' && node !== null && (node as HastElement).type === 'element';

function insideSkipped(node: unknown, ctx: Context): boolean {
  for (let current = ctx.parent(node); current; current = ctx.parent(current)) {
    if (isElement(current)) {
      if (SKIP_TAGS.has(current.tagName)) return true;
      const className = current.properties?.className;
      if (Array.isArray(className) && className.some((name) => String(name).startsWith('expressive-code'))) return true;
    } else if (typeof current === 'object' && current !== null && 'type' in current && String((current as { type: string }).type).startsWith('mdxJsx')) {
      return true;
    }
  }
  return false;
}

function termLink(term: GlossaryTerm, text: string, base: string): HastElement {
  const tipId = `term-tip-${term.anchor}`;
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: ['hb-term'] },
    children: [
      {
        type: 'element',
        tagName: 'a',
        properties: { href: glossaryHref(base, term.anchor), ariaDescribedBy: tipId },
        children: [{ type: 'text', value: text }],
      },
      {
        type: 'element',
        tagName: 'span',
        properties: { role: 'tooltip', id: tipId, className: ['hb-term-tip'], dataPagefindIgnore: '' },
        children: [
          { type: 'element', tagName: 'strong', properties: {}, children: [{ type: 'text', value: term.term }] },
          { type: 'text', value: `: ${term.definition}` },
        ],
      },
    ],
  };
}

export function glossaryLinks(terms: readonly GlossaryTerm[], base: string) {
  const link = createMatcher(terms);
  return ({ fileURL }: { fileURL: URL | undefined }) => {
    if (!fileURL || !terms.length) return null;
    const path = fileURLToPath(fileURL).replaceAll('\\', '/');
    if (!path.includes('/src/content/docs/') || SKIP_PAGES.test(path)) return null;
    const seen = new Set<string>();
    return {
      name: 'handbook-glossary-links',
      text(node: { value: string }, ctx: Context) {
        if (!node.value.trim() || insideSkipped(node, ctx)) return;
        const segments = link(node.value, seen);
        if (segments.length === 1 && !('term' in segments[0]!)) return;
        ctx.replaceNode(
          node,
          segments.map((segment) => ('term' in segment ? termLink(segment.term, segment.text, base) : { type: 'text', value: segment.text })),
        );
      },
    };
  };
}
