import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { trackProblem } from './lib/chapter-schema';
import { searchFilters } from './lib/search-filters';
import { settings } from './handbook-settings';

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  const { entry } = route;
  // A rule that needs the page's path, which the frontmatter schema cannot see.
  const problem = trackProblem(entry.id, entry.data.track);
  if (problem) throw new Error(`${entry.filePath}: ${problem}`);
  // Pagefind reads filters from these head tags; the search dialog offers them as checkboxes.
  for (const [name, value] of Object.entries(searchFilters(entry.id, entry.data.track, settings.teamLabel))) {
    route.head.push({ tag: 'meta', attrs: { name: `handbook:${name}`, 'data-pagefind-filter': `${name}[content]`, content: value } });
  }
});
