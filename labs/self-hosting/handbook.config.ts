// The lab's team settings: copy this file over the repository's handbook.config.ts.
// Every field is optional; what you leave out keeps its default (src/lib/settings.ts).
// BASE_PATH, SITE_URL and HANDBOOK_TITLE in the environment win over basePath, siteUrl and title.
import { defineHandbookConfig } from './src/lib/settings';

export default defineHandbookConfig({
  title: 'Acme Engineering Handbook',
  description: 'How Acme engineers learn to build, ship and run services: the upstream handbook plus our own pages.',
  // A path from the repository root that starts with ./ (without it the build cannot resolve the
  // file). It lives in src/content/docs/team/, your folder, which upstream never touches.
  logo: { src: './src/content/docs/team/logo.svg', alt: 'Acme', replacesTitle: false },
  // basePath and siteUrl stay out of this file on purpose: each deployment passes BASE_PATH and
  // SITE_URL to its build (the Dockerfile and the GitHub Pages workflow do), and `npm test` checks
  // the default build at "/".

  // "Edit page" links on every page; leave it out to show none.
  editLinkBase: 'https://git.acme.example/platform/handbook/edit/main/',
  // Acme has no ML work yet: hide the MLOps track (its pages still build, so links keep working).
  tracks: ['devops'],
  defaultTheme: 'auto',
  teamLabel: 'Acme platform team',
});
