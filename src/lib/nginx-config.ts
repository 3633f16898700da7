/**
 * Renders deploy/nginx.conf for one build: the base path the site was built under and the CSP
 * computed from its HTML. The template keeps nginx syntax readable; only these placeholders change.
 */
export interface NginxSettings {
  basePath: string;
  csp: string;
}

export function normaliseBase(basePath: string): string {
  const trimmed = basePath.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

export function renderNginxConfig(template: string, { basePath, csp }: NginxSettings): string {
  const base = normaliseBase(basePath);
  if (/["'\\;$\s{}]/.test(base)) throw new Error(`BASE_PATH "${basePath}" has characters that do not belong in a URL path`);
  // Under a base path, "/" sends visitors to the handbook; at the root there is nothing to redirect.
  const rootRedirect = base === '/' ? '' : `location = / {\n        return 302 ${base};\n    }`;
  return template
    .replaceAll('@@BASE_PATH@@', base)
    .replaceAll('@@ROOT_REDIRECT@@', rootRedirect)
    .replaceAll('@@CONTENT_SECURITY_POLICY@@', csp.replaceAll('"', '\\"'));
}
