import { resolve } from 'node:path';
import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { handbookFields } from './lib/chapter-schema';
import { listDocSlugs } from './lib/content-files';

// Read once when the config loads: a page added while `astro dev` runs is known after a restart.
const knownSlugs = listDocSlugs(resolve('src/content/docs'));

export const collections = {
  docs: defineCollection({
    loader: docsLoader(),
    schema: (context) =>
      docsSchema({ extend: handbookFields(knownSlugs) })(context).transform((page) => ({
        ...page,
        // The handbook's `order` is the one source of learning order; the sidebar follows it.
        sidebar: { ...page.sidebar, order: page.sidebar.order ?? page.order },
      })),
  }),
};
