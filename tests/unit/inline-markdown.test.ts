import { describe, expect, it } from 'vitest';
import { inlineLinks, parseInline, plainInline } from '../../src/lib/inline-markdown';

describe('inline Markdown in frontmatter text', () => {
  it('reads code, bold, emphasis and links, and leaves a lone mark as text', () => {
    expect(parseInline('Run `docker stop todo` and check `$?`.')).toEqual([
      { type: 'text', text: 'Run ' },
      { type: 'code', text: 'docker stop todo' },
      { type: 'text', text: ' and check ' },
      { type: 'code', text: '$?' },
      { type: 'text', text: '.' },
    ]);
    expect(parseInline('a ` b * c')).toEqual([{ type: 'text', text: 'a ` b * c' }]);
    expect(parseInline('**and** *or* [the docs](/devops/ci-cd/#oidc)')).toEqual([
      { type: 'strong', children: [{ type: 'text', text: 'and' }] },
      { type: 'text', text: ' ' },
      { type: 'em', children: [{ type: 'text', text: 'or' }] },
      { type: 'text', text: ' ' },
      { type: 'link', href: '/devops/ci-cd/#oidc', children: [{ type: 'text', text: 'the docs' }] },
    ]);
  });

  it('keeps code literal: no marks inside backticks', () => {
    expect(parseInline('`a *b* [c](d)`')).toEqual([{ type: 'code', text: 'a *b* [c](d)' }]);
  });

  it('gives plain text and the links, for search, labels and link checks', () => {
    expect(plainInline('**BuildKit** and `buildx`, see [docs](https://docs.docker.com/)')).toBe('BuildKit and buildx, see docs');
    expect(inlineLinks('see [a](/x/) and [b](#y), not `[c](/z/)`')).toEqual(['/x/', '#y']);
  });
});
