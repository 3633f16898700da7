/** Small behaviours every page gets: accessible glossary tooltips, search label, scrollable tables. */

// Escape hides the glossary tooltip under the pointer or focus until the reader moves on (WCAG 1.4.13).
addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  for (const term of document.querySelectorAll<HTMLElement>('.hb-term:hover, .hb-term:focus-within')) {
    term.classList.add('hb-term-dismissed');
    const reset = () => term.classList.remove('hb-term-dismissed');
    term.addEventListener('mouseleave', reset, { once: true });
    term.addEventListener('focusout', reset, { once: true });
  }
});

// Starlight 0.42 names the search button "Search" while it shows "Search Ctrl K" (or "⌘ K" on Apple
// devices, set by its inline script). WCAG 2.5.3 wants the visible text inside the accessible name, so
// speech-input users can say what they see: name it after what it shows, and put spaces between the
// word and the keys so its visible text reads that way too (the flex layout does not render them).
const searchButton = document.querySelector('site-search button[data-open-modal]');
const keys = [...(searchButton?.querySelectorAll('kbd kbd') ?? [])];
if (searchButton && keys.length) {
  searchButton.querySelector('span')?.after(' ');
  keys.slice(0, -1).forEach((key) => key.after(' '));
  searchButton.setAttribute('aria-label', `Search ${keys.map((key) => key.textContent).join(' ')}`);
}

// A table or code block wider than the page scrolls sideways: make it focusable so keyboard users can
// scroll it too. (Expressive Code does this for most code blocks, but misses a wrapped block whose long
// token still overflows.) A ResizeObserver checks each region when first observed and whenever its box
// changes (a rotated phone, styles arriving late); content added after load (the print view) announces
// itself. All regions are measured before any is changed: a write between two reads makes the browser
// recompute the styles of the whole page for the next read, which took 8 of the print view's 11 s.
const resized = new ResizeObserver((entries) => {
  const regions = entries.map((entry) => entry.target as HTMLElement);
  const scrolls = regions.map((region) => region.scrollWidth > region.clientWidth + 1);
  regions.forEach((region, index) => {
    if (scrolls[index]) region.tabIndex = 0;
    else if (region.tagName === 'TABLE') region.removeAttribute('tabindex');
  });
});
const observeRegions = () => {
  for (const region of document.querySelectorAll<HTMLElement>('.sl-markdown-content table, .expressive-code pre')) resized.observe(region);
};
observeRegions();
addEventListener('handbook:content-added', observeRegions);
