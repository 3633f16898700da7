import { describe, expect, it } from 'vitest';
import { fixSearchButtonLabel } from '../../src/lib/html-fixes';

describe('Starlight markup fixes', () => {
  it('names the search button with the text it shows', () => {
    const html = '<button data-open-modal disabled aria-label="Search" aria-keyshortcuts="Control+K" class="x">';
    expect(fixSearchButtonLabel(html)).toBe('<button data-open-modal disabled aria-label="Search Ctrl K" aria-keyshortcuts="Control+K" class="x">');
  });

  it('separates the word and the keys so the visible text reads "Search Ctrl K"', () => {
    const html = '<span class="a" aria-hidden="true">Search</span><kbd class="a" style="display: none;"><kbd class="a">Ctrl</kbd><kbd class="a">K</kbd></kbd>';
    expect(fixSearchButtonLabel(html)).toBe(
      '<span class="a" aria-hidden="true">Search</span> <kbd class="a" style="display: none;"><kbd class="a">Ctrl</kbd> <kbd class="a">K</kbd></kbd>',
    );
  });

  it('leaves other elements named "Search" alone', () => {
    const html = '<dialog aria-label="Search"></dialog>';
    expect(fixSearchButtonLabel(html)).toBe(html);
  });
});
