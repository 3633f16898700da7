/**
 * The Content-Security-Policy the shipped server config sends. Starlight inlines a few scripts
 * (theme, sidebar state) that a strict policy would block, and their contents change with the
 * Starlight version, so their hashes are computed from the built HTML, never written by hand.
 */
import { createHash } from 'node:crypto';

/** Inline scripts a browser executes: no src, and a JavaScript type (JSON data blocks are inert). */
const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const EXECUTABLE_TYPE = /^(|text\/javascript|application\/javascript|module)$/i;

export function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const [, attributes = '', body = ''] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/.test(attributes)) continue;
    const type = attributes.match(/\btype\s*=\s*["']?([^"'\s>]*)/i)?.[1] ?? '';
    if (!EXECUTABLE_TYPE.test(type) || !body) continue;
    scripts.push(body);
  }
  return scripts;
}

export const sha256Source = (script: string): string => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;

/** Every distinct inline-script hash across the given pages, sorted so the output is stable. */
export function scriptHashes(pages: Iterable<string>): string[] {
  const hashes = new Set<string>();
  for (const html of pages) for (const script of inlineScripts(html)) hashes.add(sha256Source(script));
  return [...hashes].sort();
}

export function contentSecurityPolicy(hashes: readonly string[]): string {
  return [
    "default-src 'self'",
    // Pagefind compiles its WebAssembly search index: 'wasm-unsafe-eval', not 'unsafe-eval'.
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
    // Starlight and Expressive Code set style attributes inline.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    // The offline service worker (sw.js) and Pagefind's search worker, from the site itself.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
