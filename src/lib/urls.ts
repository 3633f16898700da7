/**
 * The one home of the handbook's URL rules: the base path, links under it, page and glossary
 * addresses, and slugs. Starlight does not rewrite links authors write, so everything that builds
 * an address (Markdown plugin, components, nginx config, tests) goes through here.
 */

/** Any spelling of a base path ("handbook", "/handbook", "/handbook/", "") -> "/handbook/" or "/". */
export function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/** A path written from the site root ("/devops/ci-cd/"): not "//host", "https:", "#anchor" or relative. */
export const isSitePath = (href: string): boolean => href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\');

/**
 * Puts the base path in front of a root-relative link; anything else is returned as it is. A link
 * that already carries the base path is left alone, so the rewrite can run twice safely.
 */
export function withBase(base: string, href: string): string {
  const root = normaliseBase(base);
  if (!isSitePath(href) || root === '/') return href;
  if (href === root.slice(0, -1) || href.startsWith(root)) return href;
  return root + href.slice(1);
}

/** A page's URL under the base path: ("/handbook/", "devops/containers") -> "/handbook/devops/containers/". */
export function pageHref(base: string, slug: string): string {
  const root = normaliseBase(base);
  const clean = slug.replace(/^\/+|\/+$/g, '');
  return clean ? `${root}${clean}/` : root;
}

/** A glossary entry's URL: glossaryHref("/handbook/", "error-budget") -> "/handbook/reference/glossary/#error-budget". */
export const glossaryHref = (base: string, anchor: string): string => `${pageHref(base, 'reference/glossary')}#${anchor}`;

/** "Error budget (SLO)" -> "error-budget-slo": the anchor rule of the glossary, the tool index and print ids. */
export const slugify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The slug in a site link: "/devops/ci-cd/#oidc" -> "devops/ci-cd"; null for anchors and other sites. */
export function linkedSlug(href: string): string | null {
  if (!isSitePath(href)) return null;
  const path = href.split(/[?#]/)[0]!;
  return path.replace(/^\/+|\/+$/g, '');
}

/** The fragment of a link without "#", or null. */
export const linkFragment = (href: string): string | null => {
  const index = href.indexOf('#');
  return index < 0 ? null : decodeURIComponent(href.slice(index + 1)) || null;
};

/** An element id from parts: domId("quiz", "devops/ci-cd", "oidc") -> "quiz--devops--ci-cd--oidc". */
export const domId = (...parts: string[]): string => parts.map((part) => part.replaceAll('/', '--')).join('--');

/**
 * A checklist item's element id, the anchor that links to it: checklistItemId("devops/containers",
 * "non-root-image") -> "check--devops--containers--non-root-image". Onboarding issues link each task here.
 */
export const checklistItemId = (chapter: string, item: string, ...rest: string[]): string => domId('check', chapter, item, ...rest);
