import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { trackProblem } from './lib/chapter-schema';

// Rules that need the page's path, which the frontmatter schema cannot see.
export const onRequest = defineRouteMiddleware((context) => {
  const { entry } = context.locals.starlightRoute;
  const problem = trackProblem(entry.id, entry.data.track);
  if (problem) throw new Error(`${entry.filePath}: ${problem}`);
});
