/**
 * Fixes to Starlight's HTML that reach every page, applied once at build (src/middleware.ts).
 * Starlight 0.42's search button is named "Search" while it shows "Search Ctrl K": WCAG 2.5.3 wants
 * the visible text inside the accessible name, so speech-input users can say what they see.
 */
export function fixSearchButtonLabel(html: string): string {
  return (
    html
      .replace(/(<button data-open-modal[^>]*?)aria-label="Search"/, '$1aria-label="Search Ctrl K"')
      // Spaces between the word and the keys make the visible text "Search Ctrl K", as it looks (the
      // flex layout does not render them), instead of "SearchCtrlK".
      .replace(/(<span[^>]*>Search<\/span>)(<kbd)/, '$1 $2')
      .replace(/(<kbd[^>]*>Ctrl<\/kbd>)(<kbd[^>]*>K<\/kbd>)/, '$1 $2')
  );
}
