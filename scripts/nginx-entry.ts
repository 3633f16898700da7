// What scripts/render-nginx.mjs needs from the project, in one module for scripts/load-ts.mjs.
export { settings } from '../src/handbook-settings';
export { contentSecurityPolicy, scriptHashes } from '../src/lib/csp';
export { renderNginxConfig } from '../src/lib/nginx-config';
