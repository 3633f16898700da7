// @ts-check
import { resolve } from 'node:path';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { satteri } from '@astrojs/markdown-satteri';
import starlightLinksValidator from 'starlight-links-validator';
import { buildSidebar } from './src/lib/sidebar.ts';
import { baseLinks } from './src/plugins/base-links.ts';
import { settings } from './src/handbook-settings.ts';

// Everything a team changes lives in handbook.config.ts (and BASE_PATH / SITE_URL / HANDBOOK_TITLE).
const base = settings.basePath;
const site = settings.siteUrl;
// A first-time visitor's theme: seeded before Starlight's theme script reads it; readers can switch.
const defaultThemeScript = `try{localStorage.getItem('starlight-theme')===null&&localStorage.setItem('starlight-theme','${settings.defaultTheme}')}catch(e){}`;

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  markdown: {
    // Authors link from the site root; this puts the base path in front (see src/plugins/base-links.ts).
    processor: satteri({ hastPlugins: [baseLinks(base)] }),
  },
  integrations: [
    starlight({
      title: settings.title,
      description: settings.description,
      logo: settings.logo,
      editLink: settings.editLinkBase ? { baseUrl: settings.editLinkBase } : undefined,
      head: settings.defaultTheme === 'auto' ? [] : [{ tag: 'script', content: defaultThemeScript }],
      sidebar: buildSidebar(resolve('src/content/docs'), { shownTracks: settings.tracks, teamLabel: settings.teamLabel }),
      customCss: ['./src/styles/handbook.css'],
      components: {
        PageTitle: './src/components/PageTitle.astro',
        Footer: './src/components/Footer.astro',
      },
      routeMiddleware: './src/route-middleware.ts',
      plugins: [starlightLinksValidator()],
      lastUpdated: false,
      pagination: true,
    }),
  ],
});
