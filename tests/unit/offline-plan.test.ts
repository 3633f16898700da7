import { describe, expect, it } from 'vitest';
import { WHOLE_SITE_LIMIT_BYTES, choosableTrack, pageUrl, parsePlan, planOffline, sizeText, type BuiltFile } from '../../src/lib/offline-plan';

const KB = 1024;
/** A small build: shell files, two chapter tracks, orientation and reference pages, sitemaps, the worker. */
const build: BuiltFile[] = [
  { path: 'index.html', bytes: 30 * KB },
  { path: '404.html', bytes: 16 * KB },
  { path: 'favicon.svg', bytes: 1 * KB },
  { path: '_astro/page.abc123.js', bytes: 20 * KB },
  { path: 'pagefind/pagefind-entry.json', bytes: 1 * KB },
  { path: 'pagefind/fragment/en_1.pf_fragment', bytes: 3 * KB },
  { path: 'start/devops-path/index.html', bytes: 40 * KB },
  { path: 'reference/offline/index.html', bytes: 25 * KB },
  { path: 'devops/containers/index.html', bytes: 400 * KB },
  { path: 'devops/ci-cd/index.html', bytes: 300 * KB },
  { path: 'devops/containers/diagram.svg', bytes: 5 * KB },
  { path: 'mlops/serving/index.html', bytes: 500 * KB },
  { path: 'progress/index.html', bytes: 60 * KB },
  { path: 'sitemap-index.xml', bytes: 1 * KB },
  { path: 'sitemap-0.xml', bytes: 4 * KB },
  { path: 'sw.js', bytes: 26 * KB },
];

describe('what the offline worker keeps', () => {
  it('keeps a small handbook whole, sitemaps and the worker left out', () => {
    const plan = planOffline(build, '/', 'auto');
    expect(plan.mode).toBe('whole');
    expect(plan.precache).toContain('devops/containers/index.html');
    expect(plan.precache).toContain('pagefind/fragment/en_1.pf_fragment');
    expect(plan.precache.filter((path) => /sitemap|sw\.js/.test(path))).toEqual([]);
    expect(plan.totalBytes).toBe(plan.precacheBytes);
    expect(plan.pages).toBe(8);
  });

  it('says what each chapter track holds, under the base path', () => {
    const plan = planOffline(build, '/handbook/', 'auto');
    expect(plan.tracks).toEqual([
      { id: 'devops', label: 'DevOps track', pages: 2, bytes: 700 * KB, urls: ['/handbook/devops/ci-cd/', '/handbook/devops/containers/'] },
      { id: 'mlops', label: 'MLOps track', pages: 1, bytes: 500 * KB, urls: ['/handbook/mlops/serving/'] },
    ]);
  });

  it('keeps only the shell when the team says "choose": search index, orientation, reference, assets', () => {
    const plan = planOffline(build, '/', 'choose');
    expect(plan.mode).toBe('choose');
    expect(plan.precache).not.toContain('devops/containers/index.html');
    expect(plan.precache).not.toContain('mlops/serving/index.html');
    // Search lists every page offline, so its fragments stay in the shell; so do a chapter's images.
    expect(plan.precache).toEqual(expect.arrayContaining(['pagefind/fragment/en_1.pf_fragment', 'reference/offline/index.html', 'start/devops-path/index.html', '_astro/page.abc123.js', 'devops/containers/diagram.svg']));
    expect(plan.precacheBytes + plan.tracks.reduce((sum, track) => sum + track.bytes, 0)).toBe(plan.totalBytes);
  });

  it('does not keep a 1,000-page handbook whole unasked: past the limit the reader chooses', () => {
    const pages = Array.from({ length: 1000 }, (_, n) => ({ path: `${n % 2 ? 'devops' : 'mlops'}/page-${n}/index.html`, bytes: 60 * KB }));
    const big = planOffline([...build, ...pages], '/', 'auto');
    expect(big.totalBytes).toBeGreaterThan(WHOLE_SITE_LIMIT_BYTES);
    expect(big.mode).toBe('choose');
    expect(big.tracks.map((track) => track.pages)).toEqual([502, 501]);
    expect(big.precacheBytes).toBeLessThan(1024 * KB);
  });

  it('maps built files to addresses and tracks', () => {
    expect(pageUrl('/handbook/', 'devops/containers/index.html')).toBe('/handbook/devops/containers/');
    expect(pageUrl('/', 'index.html')).toBe('/');
    expect(choosableTrack('devops/containers/index.html')).toBe('devops');
    expect(choosableTrack('reference/glossary/index.html')).toBeNull();
    expect(choosableTrack('devops/containers/diagram.svg')).toBeNull();
    expect(choosableTrack('team/welcome/index.html')).toBeNull();
  });

  it('reads only a plan the build wrote: anything else is refused', () => {
    const plan = planOffline(build, '/', 'auto');
    expect(parsePlan(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
    expect(parsePlan(null)).toBeNull();
    expect(parsePlan({ ...plan, mode: 'all' })).toBeNull();
    expect(parsePlan({ ...plan, tracks: [{ ...plan.tracks[0], urls: ['https://elsewhere.example/'] }] })).toBeNull();
    expect(parsePlan({ ...plan, tracks: [{ ...plan.tracks[0], urls: ['//elsewhere.example/'] }] })).toBeNull();
    expect(parsePlan({ ...plan, totalBytes: 'many' })).toBeNull();
  });

  it('writes sizes as a reader reads them', () => {
    expect(sizeText(16.2 * 1024 * KB)).toBe('16.2 MB');
    expect(sizeText(840 * KB)).toBe('840 KB');
    expect(sizeText(10)).toBe('1 KB');
  });
});
