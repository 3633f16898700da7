/**
 * Chapters gathered into one print page would repeat their element ids (every chapter has a
 * "checklist" heading), so in-page links and aria references would all point at the first chapter.
 * Each chapter's ids get a prefix of their own, and every reference inside the chapter follows.
 */

/** Attributes that hold one id or a space-separated list of ids. */
export const ID_REFERENCES = ['for', 'aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-owns', 'aria-details', 'aria-errormessage', 'aria-activedescendant', 'headers', 'list', 'form'] as const;

export const prefixIdList = (value: string, prefix: string, known: ReadonlySet<string>): string =>
  value
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => (known.has(id) ? `${prefix}${id}` : id))
    .join(' ');

/** "#probes" -> "#c2-probes" when the chapter has that id; other links stay as they are. */
export function prefixFragment(href: string, prefix: string, known: ReadonlySet<string>): string {
  if (!href.startsWith('#')) return href;
  const id = decodeURIComponent(href.slice(1));
  return known.has(id) ? `#${encodeURIComponent(prefix + id)}` : href;
}
