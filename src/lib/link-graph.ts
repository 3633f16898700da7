import { linkedSlug } from './urls';

/**
 * Which pages link to which, from the pages' own Markdown: the "Referenced by" list under each
 * chapter is computed from it at build time, so it can never go stale.
 */

/** Root-relative links to pages ("/devops/ci-cd/", "/devops/ci-cd/#caching") -> page slugs. */
const MARKDOWN_LINK = /\]\(\s*(\/[^)\s#?]*)/g;
const HTML_LINK = /href=["'](\/[^"'#?]*)/g;

export function linkedSlugs(body: string): string[] {
  const slugs = new Set<string>();
  for (const pattern of [MARKDOWN_LINK, HTML_LINK]) {
    for (const [, path = ''] of body.matchAll(pattern)) {
      const slug = linkedSlug(path);
      if (slug) slugs.add(slug);
    }
  }
  return [...slugs];
}

export interface PageLinks {
  id: string;
  body: string;
}

/** slug -> the slugs of the pages that link to it (a page's links to itself are left out), sorted. */
export function backlinks(pages: readonly PageLinks[]): Map<string, string[]> {
  const known = new Set(pages.map((page) => page.id));
  const incoming = new Map<string, Set<string>>();
  for (const page of pages) {
    for (const target of linkedSlugs(page.body)) {
      if (target === page.id || !known.has(target)) continue;
      if (!incoming.has(target)) incoming.set(target, new Set());
      incoming.get(target)!.add(page.id);
    }
  }
  return new Map([...incoming].map(([target, sources]) => [target, [...sources].sort()]));
}
