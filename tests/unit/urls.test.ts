import { describe, expect, it } from 'vitest';
import { domId, glossaryHref, isSitePath, linkFragment, linkedSlug, normaliseBase, pageHref, slugify, withBase } from '../../src/lib/urls';

describe('the URL module', () => {
  it('normalises any spelling of a base path', () => {
    for (const [input, output] of [['handbook', '/handbook/'], ['/handbook/', '/handbook/'], ['//handbook//', '/handbook/'], ['/', '/'], ['', '/'], ['/a/b', '/a/b/']]) {
      expect(normaliseBase(input!)).toBe(output);
    }
  });

  it('prefixes root-relative links with the base path and leaves everything else alone', () => {
    expect(withBase('/handbook/', '/devops/containers/')).toBe('/handbook/devops/containers/');
    expect(withBase('/handbook', '/devops/containers/#probes')).toBe('/handbook/devops/containers/#probes');
    expect(withBase('/handbook/', '/handbook/progress/')).toBe('/handbook/progress/');
    expect(withBase('/', '/devops/containers/')).toBe('/devops/containers/');
    for (const href of ['#probes', 'https://kubernetes.io/', '//cdn.example.org/x.js', '/\\evil.example', 'mailto:a@b.c', '../x/']) {
      expect(withBase('/handbook/', href)).toBe(href);
    }
  });

  it('never takes "//host" for a site path', () => {
    expect(isSitePath('//evil.example/')).toBe(false);
    expect(isSitePath('/devops/')).toBe(true);
    expect(linkedSlug('//evil.example/x/')).toBeNull();
  });

  it('builds page and glossary addresses under the base path', () => {
    expect(pageHref('/', 'devops/containers')).toBe('/devops/containers/');
    expect(pageHref('/handbook', 'progress')).toBe('/handbook/progress/');
    expect(pageHref('/handbook/', '')).toBe('/handbook/');
    expect(glossaryHref('/handbook/', 'error-budget')).toBe('/handbook/reference/glossary/#error-budget');
  });

  it('reads the slug and fragment of a site link', () => {
    expect(linkedSlug('/devops/ci-cd/#oidc')).toBe('devops/ci-cd');
    expect(linkedSlug('/print/?include=devops')).toBe('print');
    expect(linkedSlug('#x')).toBeNull();
    expect(linkFragment('/devops/ci-cd/#oidc')).toBe('oidc');
    expect(linkFragment('/devops/ci-cd/')).toBeNull();
  });

  it('has one slug rule and one id rule', () => {
    expect(slugify('Error budget (SLO)')).toBe('error-budget-slo');
    expect(slugify('BuildKit and docker buildx')).toBe('buildkit-and-docker-buildx');
    expect(domId('quiz', 'devops/ci-cd', 'oidc')).toBe('quiz--devops--ci-cd--oidc');
  });
});
