import { defineMiddleware } from 'astro:middleware';
import { fixSearchButtonLabel } from './lib/html-fixes';

// Runs for every page as it is prerendered: small, tested corrections to Starlight's markup.
export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.includes('text/html')) return response;
  return new Response(fixSearchButtonLabel(await response.text()), response);
});
