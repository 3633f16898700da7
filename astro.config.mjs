// @ts-check
import { resolve } from 'node:path';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import starlightLinksValidator from 'starlight-links-validator';
import { buildSidebar } from './src/lib/sidebar.ts';

// BASE_PATH and SITE_URL let a team serve the handbook under its own path and host.
const base = process.env.BASE_PATH || '/';
const site = process.env.SITE_URL || 'https://handbook.example.org';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
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
