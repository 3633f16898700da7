/**
 * A Sätteri hast plugin that puts the base path in front of root-relative links in Markdown and
 * MDX, so authors write "/devops/ci-cd/" and the link works under any BASE_PATH. It runs before
 * starlight-links-validator, which then checks the links as they will be served.
 */
import { withBase } from '../lib/urls';

export function baseLinks(base: string) {
  return {
    name: 'handbook-base-links',
    element: {
      filter: ['a'],
      visit(node: { properties?: Record<string, unknown> }, ctx: { setProperty(node: unknown, key: string, value: unknown): void }) {
        const href = node.properties?.href;
        if (typeof href !== 'string') return;
        const rewritten = withBase(base, href);
        if (rewritten !== href) ctx.setProperty(node, 'href', rewritten);
      },
    },
  };
}
