import { defineCollection } from 'astro:content';
import { file } from 'astro/loaders';
import { z } from 'astro/zod';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { handbookFields } from './lib/chapter-schema';
import { GLOSSARY_FILE } from './lib/glossary-file';
import { glossaryEntrySchema, parseGlossary } from './lib/glossary';

export const collections = {
  docs: defineCollection({
    loader: docsLoader(),
    schema: (context) =>
      docsSchema({ extend: handbookFields() })(context).transform((page) => ({
        ...page,
        // The handbook's `order` is the one source of learning order; the sidebar follows it.
        sidebar: { ...page.sidebar, order: page.sidebar.order ?? page.order },
      })),
  }),
  // The same parser as the Markdown plugin's: duplicates fail here, naming the entries.
  glossary: defineCollection({
    loader: file(GLOSSARY_FILE, { parser: (text) => parseGlossary(text, GLOSSARY_FILE).map((term) => ({ id: term.anchor, ...term })) }),
    // The loader adds the entry id (the anchor); the parser has filled in every anchor.
    schema: glossaryEntrySchema.extend({ id: z.string(), anchor: z.string() }),
  }),
};
