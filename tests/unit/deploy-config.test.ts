import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inlineScripts, scriptHashes, sha256Source } from '../../src/lib/csp';
import { hstsHeader, renderNginxConfig } from '../../src/lib/nginx-config';
import { normaliseBase } from '../../src/lib/urls';

const page = `<html><head>
<script>window.theme = 1;</script>
<script type="module" src="/_astro/page.js"></script>
<script type="application/json" data-catalog>{"a":1}</script>
<script type="module">import "/x.js";</script>
</head><body><script is:inline>var sidebar = 2;</script></body></html>`;

describe('Content-Security-Policy from the build', () => {
  it('finds the inline scripts a browser runs, not external or JSON ones', () => {
    expect(inlineScripts(page)).toEqual(['window.theme = 1;', 'import "/x.js";', 'var sidebar = 2;']);
  });

  it('hashes them as CSP sources, once each, in a stable order', () => {
    const expected = `'sha256-${createHash('sha256').update('window.theme = 1;').digest('base64')}'`;
    expect(sha256Source('window.theme = 1;')).toBe(expected);
    const hashes = scriptHashes([page, page]);
    expect(hashes).toHaveLength(3);
    expect(hashes).toEqual([...hashes].sort());
  });

  it('allows Pagefind’s WebAssembly and nothing from other origins', () => {
    const csp = contentSecurityPolicy(["'sha256-abc'"]);
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/https?:/);
  });
});

describe('nginx config rendering', () => {
  const template = 'error_page 404 @@BASE_PATH@@404.html;\n@@ROOT_REDIRECT@@\nlocation @@BASE_PATH@@ {}\nadd_header CSP "@@CONTENT_SECURITY_POLICY@@";';

  it('normalises base paths', () => {
    expect(normaliseBase('handbook')).toBe('/handbook/');
    expect(normaliseBase('/handbook/')).toBe('/handbook/');
    expect(normaliseBase('/')).toBe('/');
    expect(normaliseBase('')).toBe('/');
  });

  it('fills in the base path, the root redirect and the policy', () => {
    const conf = renderNginxConfig(template, { basePath: '/handbook', csp: "default-src 'self'" });
    expect(conf).toContain('error_page 404 /handbook/404.html;');
    expect(conf).toMatch(/location = \/ \{\n.*security-headers\.inc;\n        return 302 \/handbook\/;\n    \}/);
    expect(conf).toContain(`add_header CSP "default-src 'self'";`);
    expect(conf).not.toContain('@@');
  });

  it('adds HSTS only when the settings turn it on', () => {
    expect(renderNginxConfig('@@HSTS@@', { basePath: '/', csp: '' })).not.toContain('Strict-Transport-Security');
    expect(renderNginxConfig('@@HSTS@@', { basePath: '/', csp: '', hsts: { maxAge: 600, includeSubDomains: true, preload: false } })).toContain('add_header Strict-Transport-Security "max-age=600; includeSubDomains" always;');
    expect(hstsHeader({ maxAge: 31536000, includeSubDomains: true, preload: true })).toBe('max-age=31536000; includeSubDomains; preload');
  });

  it('has no root redirect at the root, which would loop', () => {
    expect(renderNginxConfig(template, { basePath: '/', csp: '' })).not.toContain('return 302');
  });

  it('refuses a base path that would break the config', () => {
    expect(() => renderNginxConfig(template, { basePath: '/a b/', csp: '' })).toThrow(/BASE_PATH/);
    expect(() => renderNginxConfig(template, { basePath: '/x;rm/', csp: '' })).toThrow(/BASE_PATH/);
  });
});
