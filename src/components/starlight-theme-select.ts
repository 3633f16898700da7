/** <starlight-theme-select>: Starlight's theme picker, with a theme that lasts for the visit when storage throws. */
type Theme = 'auto' | 'dark' | 'light';

const storageKey = 'starlight-theme';
/** The visit's choice, used when storage is blocked. */
let visitTheme: Theme | null = null;

const parseTheme = (theme: unknown): Theme => (theme === 'auto' || theme === 'dark' || theme === 'light' ? theme : 'auto');

function loadTheme(): Theme {
  try {
    return parseTheme(localStorage.getItem(storageKey));
  } catch {
    return visitTheme ?? 'auto';
  }
}

function storeTheme(theme: Theme): void {
  visitTheme = theme;
  try {
    localStorage.setItem(storageKey, theme === 'light' || theme === 'dark' ? theme : '');
  } catch {
    // Blocked storage: the choice holds for this visit.
  }
}

const preferredScheme = (): Theme => (matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark');

function onThemeChange(theme: Theme): void {
  StarlightThemeProvider.updatePickers(theme);
  document.documentElement.dataset.theme = theme === 'auto' ? preferredScheme() : theme;
  storeTheme(theme);
}

matchMedia('(prefers-color-scheme: light)').addEventListener('change', () => {
  if (loadTheme() === 'auto') onThemeChange('auto');
});

class StarlightThemeSelect extends HTMLElement {
  constructor() {
    super();
    onThemeChange(loadTheme());
    this.querySelector('select')?.addEventListener('change', (event) => {
      if (event.currentTarget instanceof HTMLSelectElement) onThemeChange(parseTheme(event.currentTarget.value));
    });
  }
}

customElements.define('starlight-theme-select', StarlightThemeSelect);

