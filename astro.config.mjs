// @ts-check
import { resolve } from 'node:path';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { satteri } from '@astrojs/markdown-satteri';
import starlightLinksValidator from 'starlight-links-validator';
import { TEAM_PROGRESS_PATH, buildSidebar } from './src/lib/sidebar.ts';
import { baseLinks } from './src/plugins/base-links.ts';
import { glossaryLinks } from './src/plugins/glossary-links.ts';
import { loadGlossary } from './src/lib/glossary-file.ts';
import { versionTokens } from './src/plugins/version-tokens.ts';
import { loadVersions } from './src/lib/versions-file.ts';
import { settings } from './src/handbook-settings.ts';
import { offlineWorker } from './src/integrations/offline-worker.ts';

// Everything a team changes lives in handbook.config.ts (and BASE_PATH / SITE_URL / HANDBOOK_TITLE).
const base = settings.basePath;
// Validated here, before Astro starts: a bad entry stops the build naming it.
const glossary = loadGlossary();
const versions = loadVersions();
const site = settings.siteUrl;
// A first-time visitor's theme: seeded before Starlight's theme script reads it; readers can switch.
const defaultThemeScript = `try{localStorage.getItem('starlight-theme')===null&&localStorage.setItem('starlight-theme','${settings.defaultTheme}')}catch(e){}`;

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  markdown: {
    // Authors link from the site root: the base path goes in front (src/plugins/base-links.ts); the first
    // mention of each glossary term links to its definition (src/plugins/glossary-links.ts); version tokens
    // (%%node.image%%) become the versions in src/data/versions.yaml (src/plugins/version-tokens.ts).
    processor: satteri({ mdastPlugins: [versionTokens(versions)], hastPlugins: [baseLinks(base), glossaryLinks(glossary, base)] }),
  },
  integrations: [
    starlight({
      title: settings.title,
      description: settings.description,
      logo: settings.logo,
      editLink: settings.editLinkBase ? { baseUrl: settings.editLinkBase } : undefined,
      head: settings.defaultTheme === 'auto' ? [] : [{ tag: 'script', content: defaultThemeScript }],
      sidebar: buildSidebar(resolve('src/content/docs'), { shownTracks: settings.tracks, teamLabel: settings.teamLabel, teamView: settings.teamView }),
      // The layer order is declared in handbook.css, so it comes first; each component's styles sit beside it.
      customCss: [
        './src/styles/handbook.css',
        './src/components/checklist.css',
        './src/components/knowledge-check.css',
        './src/components/learning-path.css',
        './src/components/progress-page.css',
        './src/components/print-view.css',
        './src/components/team-progress.css',
        './src/components/offline.css',
      ],
      components: {
        PageTitle: './src/components/PageTitle.astro',
        // With progress sync on, the footer that carries it; without, no page or file of the build holds it.
        Footer: settings.sync ? './src/components/FooterWithSync.astro' : './src/components/Footer.astro',
        // Starlight's theme scripts throw when the browser blocks storage; these copies do not.
        ThemeProvider: './src/components/ThemeProvider.astro',
        ThemeSelect: './src/components/ThemeSelect.astro',
      },
      routeMiddleware: './src/route-middleware.ts',
      // Glossary anchors are rendered by a component the validator cannot see; tests/build checks them.
      plugins: [starlightLinksValidator({ exclude: [`${base}reference/glossary/#*`] })],
      lastUpdated: false,
      pagination: true,
    }),
    // The team progress page exists only when the team's settings turn it on.
    {
      name: 'handbook-team-view',
      hooks: {
        'astro:config:setup': ({ injectRoute }) => {
          if (settings.teamView) injectRoute({ pattern: TEAM_PROGRESS_PATH, entrypoint: './src/routes/team-progress.astro' });
        },
      },
    },
    // After Starlight: the worker is generated once Pagefind's index is in the build.
    offlineWorker({ base, setting: settings.offline }),
  ],
});
