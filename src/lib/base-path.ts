/**
 * Links written from the site root ("/devops/containers/") must carry the base path when the
 * handbook is served under one ("/handbook/devops/containers/"). Starlight does not rewrite
 * Markdown links, so the Markdown pipeline calls this for every link.
 */
export function withBase(base: string, href: string): string {
  const root = `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  // Only root-relative paths: not "//host", "https:", "#anchor", "mailto:" or relative links.
  if (!href.startsWith('/') || href.startsWith('//') || root === '/') return href;
  if (href === root.slice(0, -1) || href.startsWith(root)) return href;
  return root + href.slice(1);
}
