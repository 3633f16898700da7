import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { searchFilters } from './lib/search-filters';
import { settings } from './handbook-settings';
import { siteProblems } from './page-catalog';

export const onRequest = defineRouteMiddleware(async (context) => {
  const route = context.locals.starlightRoute;
  const { entry } = route;
  // The site-wide page rules (src/lib/page-rules.ts), computed once: any problem stops the build,
  // listing every file and field at fault.
  const problems = await siteProblems();
  if (problems.size) {
    const lines = [...problems].flatMap(([file, list]) => list.map((problem) => `  ${file}: ${problem}`));
    throw new Error(`The content breaks ${lines.length} rule${lines.length === 1 ? '' : 's'}:\n${lines.join('\n')}`);
  }
  // Pagefind reads filters from these head tags; the search dialog offers them as checkboxes.
  for (const [name, value] of Object.entries(searchFilters(entry.id, entry.data.track, settings.teamLabel))) {
    route.head.push({ tag: 'meta', attrs: { name: `handbook:${name}`, 'data-pagefind-filter': `${name}[content]`, content: value } });
  }
});
