/**
 * Renders deploy/nginx.conf and deploy/security-headers.inc for one build: the base path the site
 * was built under, the CSP computed from its HTML, and HSTS when the team settings turn it on. The
 * templates keep nginx syntax readable; only these placeholders change.
 */
import type { HandbookSettings } from './settings';
import { normaliseBase } from './urls';

export interface NginxSettings {
  basePath: string;
  csp: string;
  hsts?: HandbookSettings['hsts'];
}

/** The Strict-Transport-Security value, or null when HSTS is off. */
export function hstsHeader(hsts: NginxSettings['hsts']): string | null {
  if (!hsts) return null;
  return [`max-age=${hsts.maxAge}`, hsts.includeSubDomains && 'includeSubDomains', hsts.preload && 'preload'].filter(Boolean).join('; ');
}

export function renderNginxConfig(template: string, { basePath, csp, hsts }: NginxSettings): string {
  const base = normaliseBase(basePath);
  if (/["'\\;$\s{}]/.test(base)) throw new Error(`BASE_PATH "${basePath}" has characters that do not belong in a URL path`);
  // Under a base path, "/" sends visitors to the handbook; at the root there is nothing to redirect.
  const rootRedirect = base === '/' ? '' : `location = / {\n        include /etc/nginx/conf.d/security-headers.inc;\n        return 302 ${base};\n    }`;
  const header = hstsHeader(hsts);
  return template
    .replaceAll('@@BASE_PATH@@', base)
    .replaceAll('@@ROOT_REDIRECT@@', rootRedirect)
    .replaceAll('@@CONTENT_SECURITY_POLICY@@', csp.replaceAll('"', '\\"'))
    .replaceAll('@@HSTS@@', header ? `# HSTS, from the team settings (hsts): browsers use HTTPS only for this host.\nadd_header Strict-Transport-Security "${header}" always;` : '# HSTS is off (the team settings turn it on for sites served only over TLS).');
}
