// The example team's settings: copy this file over the repository's handbook.config.ts.
import { defineHandbookConfig } from './src/lib/settings';

export default defineHandbookConfig({
  title: 'Acme Engineering Handbook',
  description: 'How Acme engineers learn to build, ship and run services: the upstream handbook plus our own pages.',
  teamLabel: 'Acme platform team',
  defaultTheme: 'dark',
});
