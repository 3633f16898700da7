// The team settings of this handbook. Every field is optional: what you leave out keeps its default
// (see src/lib/settings.ts for each field's meaning). Upstream never changes this file, so your
// edits here never conflict when you pull updates. Environment variables win over this file:
// BASE_PATH, SITE_URL and HANDBOOK_TITLE.
import { defineHandbookConfig } from './src/lib/settings';

export default defineHandbookConfig({
  // title: 'Acme Engineering Handbook',
  // logo: { src: './src/content/docs/team/logo.svg', alt: 'Acme', replacesTitle: false },
  // basePath and siteUrl are better passed as BASE_PATH and SITE_URL when you build for your server,
  // so `npm test` keeps exercising a build at "/" as well as the one under /handbook/:
  // basePath: '/handbook/',
  // siteUrl: 'https://intranet.acme.example',
  // editLinkBase: 'https://git.acme.example/platform/handbook/edit/main/',
  // tracks: ['devops', 'mlops'],
  // defaultTheme: 'auto',
  // teamLabel: 'Acme platform team',
  // offline: 'auto',
  // teamView: true,
  // tracker: { kind: 'gitlab', projectUrl: 'https://git.acme.example/platform/onboarding' },
  // sync: { leadGroup: 'handbook-leads' },
});
