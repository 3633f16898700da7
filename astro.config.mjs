// @ts-check
import { resolve } from 'node:path';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { satteri } from '@astrojs/markdown-satteri';
import starlightLinksValidator from 'starlight-links-validator';
import { buildSidebar } from './src/lib/sidebar.ts';
import { baseLinks } from './src/plugins/base-links.ts';

// BASE_PATH and SITE_URL let a team serve the handbook under its own path and host.
const base = process.env.BASE_PATH || '/';
const site = process.env.SITE_URL || 'https://handbook.example.org';

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
      title: 'Backend to DevOps & MLOps Handbook',
      description: 'A practical handbook that takes backend developers into DevOps and MLOps work.',
      sidebar: buildSidebar(resolve('src/content/docs')),
      customCss: ['./src/styles/handbook.css'],
      components: {
        PageTitle: './src/components/PageTitle.astro',
      },
      routeMiddleware: './src/route-middleware.ts',
      plugins: [starlightLinksValidator()],
      lastUpdated: false,
      pagination: true,
    }),
  ],
});
